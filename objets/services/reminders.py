"""Loan reminders: the day before the start, the day before the due date, and
when overdue. Each is sent once per loan (a timestamp is set atomically)."""

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from objets.models import Loan
from voisinages.notifications import notify

S = Loan.Status


def _claim(loan: Loan, field: str) -> bool:
    """Mark the reminder as sent; False if another run already did."""
    return bool(
        Loan.objects.filter(pk=loan.pk, **{f"{field}__isnull": True}).update(
            **{field: timezone.now()}
        )
    )


def _send(loan: Loan, *, field: str, kind: str, title: str, recipients) -> bool:
    with transaction.atomic():
        if not _claim(loan, field):
            return False
        notify(
            recipients=[r for r in recipients if r is not None],
            kind=kind,
            title=title,
            url=loan.get_absolute_url(),
            target=loan,
        )
    return True


def send_loan_reminders(*, today: date | None = None) -> int:
    """Send the reminders due in the current commune; returns how many loans were reminded."""
    today = today or timezone.localdate()
    tomorrow = today + timedelta(days=1)
    loans = Loan.objects.select_related("item", "borrower", "lender")
    sent = 0
    for loan in loans.filter(
        status=S.ACCEPTED,
        starts_on__gte=today,
        starts_on__lte=tomorrow,
        reminded_start_at__isnull=True,
    ):
        sent += _send(
            loan,
            field="reminded_start_at",
            kind="objets.loan.reminder",
            title=_("Reminder: “%(item)s” changes hands on %(date)s")
            % {"item": loan.item.title, "date": loan.starts_on.strftime("%d/%m/%Y")},
            recipients=[loan.borrower, loan.lender],
        )
    for loan in loans.filter(
        status=S.ONGOING,
        ends_on__gte=today,
        ends_on__lte=tomorrow,
        reminded_due_at__isnull=True,
    ):
        sent += _send(
            loan,
            field="reminded_due_at",
            kind="objets.loan.reminder",
            title=_("Reminder: “%(item)s” is to be returned on %(date)s")
            % {"item": loan.item.title, "date": loan.ends_on.strftime("%d/%m/%Y")},
            recipients=[loan.borrower, loan.lender],
        )
    for loan in loans.filter(status=S.ONGOING, ends_on__lt=today, reminded_overdue_at__isnull=True):
        sent += _send(
            loan,
            field="reminded_overdue_at",
            kind="objets.loan.overdue",
            title=_("“%(item)s” was due back on %(date)s")
            % {"item": loan.item.title, "date": loan.ends_on.strftime("%d/%m/%Y")},
            recipients=[loan.borrower, loan.lender],
        )
    return sent

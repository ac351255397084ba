"""Loan reminders: the day before the start, the day before the due date, and
when overdue. Each is sent once per loan (a timestamp is claimed atomically)."""

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


def _rules(today: date):
    """(loans due a reminder, the timestamp field, kind, title of a loan)."""
    tomorrow = today + timedelta(days=1)
    return [
        (
            Loan.objects.filter(status=S.ACCEPTED, starts_on__gte=today, starts_on__lte=tomorrow),
            "reminded_start_at",
            "objets.loan.reminder",
            lambda loan: (
                _("Reminder: “%(item)s” changes hands on %(date)s")
                % {"item": loan.item.title, "date": loan.starts_on.strftime("%d/%m/%Y")}
            ),
        ),
        (
            Loan.objects.filter(status=S.ONGOING, ends_on__gte=today, ends_on__lte=tomorrow),
            "reminded_due_at",
            "objets.loan.reminder",
            lambda loan: (
                _("Reminder: “%(item)s” is to be returned on %(date)s")
                % {"item": loan.item.title, "date": loan.ends_on.strftime("%d/%m/%Y")}
            ),
        ),
        (
            Loan.objects.filter(status=S.ONGOING, ends_on__lt=today),
            "reminded_overdue_at",
            "objets.loan.overdue",
            lambda loan: (
                _("“%(item)s” was due back on %(date)s")
                % {"item": loan.item.title, "date": loan.ends_on.strftime("%d/%m/%Y")}
            ),
        ),
    ]


def send_loan_reminders(*, today: date | None = None) -> int:
    """Send the reminders due in the current commune; returns how many were sent."""
    today = today or timezone.localdate()
    sent = 0
    for loans, field, kind, title in _rules(today):
        due = loans.filter(**{f"{field}__isnull": True}).select_related(
            "item", "borrower", "lender"
        )
        for loan in due:
            with transaction.atomic():
                if not _claim(loan, field):
                    continue
                notify(
                    recipients=[r for r in (loan.borrower, loan.lender) if r is not None],
                    kind=kind,
                    title=title(loan),
                    url=loan.get_absolute_url(),
                    target=loan,
                )
            sent += 1
    return sent

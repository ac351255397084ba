"""The private loans feed: all-day events, written by socle.ical."""

from django.utils.translation import gettext as _

from socle.ical import CalendarEvent, calendar


def _summary(loan, resident) -> str:
    if loan.lender_id == resident.pk:
        other = loan.borrower.display_name if loan.borrower else _("Former neighbour")
        return _("Lent: %(item)s to %(name)s") % {"item": loan.item.title, "name": other}
    other = loan.lender.display_name if loan.lender else _("Former neighbour")
    return _("Borrowed: %(item)s from %(name)s") % {"item": loan.item.title, "name": other}


def loans_calendar(*, loans, resident, host: str, base_url: str) -> str:
    events = [
        CalendarEvent(
            uid=f"loan-{loan.pk}@{host}",
            summary=_summary(loan, resident),
            starts=loan.starts_on,
            ends=loan.ends_on,
            description=str(loan.get_status_display()),
            url=f"{base_url}{loan.get_absolute_url()}",
        )
        for loan in loans
    ]
    return calendar(prodid="-//Réseau//Prêts//FR", name=_("My loans"), events=events, publish=False)

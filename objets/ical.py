"""A small iCalendar (RFC 5545) writer for the loans feed: all-day events only,
which is all we need, so no extra dependency."""

from datetime import timedelta

from django.utils import timezone
from django.utils.translation import gettext as _


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    out, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > 75:
            out.append(current.decode())
            current = b" "
        current += encoded
    out.append(current.decode())
    return "\r\n".join(out)


def loans_calendar(*, loans, resident, host: str, base_url: str) -> str:
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Réseau//Prêts//FR",
        "CALSCALE:GREGORIAN",
        f"X-WR-CALNAME:{_escape(_('My loans'))}",
    ]
    for loan in loans:
        if loan.lender_id == resident.pk:
            other = loan.borrower.display_name if loan.borrower else _("Former neighbour")
            summary = _("Lent: %(item)s to %(name)s") % {"item": loan.item.title, "name": other}
        else:
            other = loan.lender.display_name if loan.lender else _("Former neighbour")
            summary = _("Borrowed: %(item)s from %(name)s") % {
                "item": loan.item.title,
                "name": other,
            }
        lines += [
            "BEGIN:VEVENT",
            f"UID:loan-{loan.pk}@{host}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{loan.starts_on:%Y%m%d}",
            f"DTEND;VALUE=DATE:{loan.ends_on + timedelta(days=1):%Y%m%d}",
            f"SUMMARY:{_escape(summary)}",
            f"DESCRIPTION:{_escape(loan.get_status_display())}",
            f"URL:{base_url}{loan.get_absolute_url()}",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

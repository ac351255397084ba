"""An iCalendar (RFC 5545) feed of a garden's events, written by hand: a
handful of VEVENTs does not need a dependency."""

from datetime import UTC

from django.utils import timezone

from jardins.models import Garden


def _escape(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets are folded (continuations start with a space)."""
    out, current = [], ""
    for char in line:
        if len((current + char).encode()) > 75:
            out.append(current)
            current = " " + char
        else:
            current += char
    out.append(current)
    return out


def _stamp(value) -> str:
    return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def garden_calendar(*, garden: Garden, host: str, url: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Réseau//Jardins partagés//FR",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(garden.name)}",
    ]
    now = _stamp(timezone.now())
    for event in garden.events.order_by("starts_at"):
        lines += [
            "BEGIN:VEVENT",
            f"UID:jardin-{garden.pk}-evenement-{event.pk}@{host}",
            f"DTSTAMP:{now}",
            f"DTSTART:{_stamp(event.starts_at)}",
            f"DTEND:{_stamp(event.ends_at)}",
            f"SUMMARY:{_escape(event.title)}",
            f"CATEGORIES:{_escape(str(event.get_kind_display()))}",
        ]
        if event.description:
            lines.append(f"DESCRIPTION:{_escape(event.description)}")
        if garden.address:
            lines.append(f"LOCATION:{_escape(garden.address)}")
        if garden.latitude is not None and garden.longitude is not None:
            lines.append(f"GEO:{garden.latitude:.6f};{garden.longitude:.6f}")
        lines += [f"URL:{url}", "END:VEVENT"]
    lines.append("END:VCALENDAR")
    folded = [part for line in lines for part in _fold(line)]
    return "\r\n".join(folded) + "\r\n"

"""The one iCalendar (RFC 5545) writer of Réseau, on the `icalendar` package.

Apps describe their events as `CalendarEvent`s; escaping, folding, line
breaks and dates at the edge of what Python holds are handled here once.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import icalendar
from django.utils import timezone

from socle.dates import SAFE_MAX_DATE, safe_moment

# Control characters other than tab and line feed have no place in a TEXT value.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class CalendarEvent:
    """One VEVENT. `starts`/`ends` are both dates (all-day, `ends` included)
    or both aware datetimes; `ends` may be None."""

    uid: str
    summary: str
    starts: datetime.date | datetime.datetime
    ends: datetime.date | datetime.datetime | None = None
    description: str = ""
    location: str = ""
    url: str = ""
    categories: list[str] = field(default_factory=list)
    geo: tuple[float, float] | None = None


def clean_text(text: str) -> str:
    """Line breaks as `\\n` whatever the platform typed (a bare carriage return
    included), other control characters dropped."""
    return _CONTROLS.sub("", str(text).replace("\r\n", "\n").replace("\r", "\n"))


def _moment(value: datetime.datetime) -> datetime.datetime:
    """In UTC, clamped so that no value read from the database overflows."""
    return safe_moment(value).astimezone(datetime.UTC)


def _day_after(day: datetime.date) -> datetime.date:
    """The exclusive end of an all-day event, even for the last day a date holds."""
    return min(day, SAFE_MAX_DATE) + datetime.timedelta(days=1)


def _vevent(event: CalendarEvent, *, stamp: datetime.datetime) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", event.uid)
    vevent.add("dtstamp", stamp)
    if isinstance(event.starts, datetime.datetime):
        vevent.add("dtstart", _moment(event.starts))
        if event.ends is not None:
            vevent.add("dtend", _moment(event.ends))
    else:
        vevent.add("dtstart", min(event.starts, SAFE_MAX_DATE))
        vevent.add("dtend", _day_after(event.ends or event.starts))
    vevent.add("summary", clean_text(event.summary))
    if event.description:
        vevent.add("description", clean_text(event.description))
    if event.location:
        vevent.add("location", clean_text(event.location))
    if event.categories:
        vevent.add("categories", [clean_text(c) for c in event.categories])
    if event.geo is not None:
        vevent.add("geo", event.geo)
    if event.url:
        vevent.add("url", event.url)
    return vevent


def calendar(
    *, prodid: str, events: Iterable[CalendarEvent], name: str = "", publish: bool = True
) -> str:
    """The whole VCALENDAR as text (CRLF line ends, folded at 75 octets)."""
    cal = icalendar.Calendar()
    cal.add("prodid", prodid)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if publish:
        cal.add("method", "PUBLISH")
    if name:
        # A calendar's name is one line; vText escapes it like every TEXT.
        cal.add("x-wr-calname", icalendar.vText(" ".join(clean_text(name).split("\n"))))
    stamp = timezone.now().astimezone(datetime.UTC).replace(microsecond=0)
    for event in events:
        cal.add_component(_vevent(event, stamp=stamp))
    return cal.to_ical().decode()

"""iCalendar for one event page: one VEVENT, written by socle.ical."""

import datetime

from django.db import connection
from django.utils.html import strip_tags

from socle.ical import CalendarEvent, calendar


def event_to_ical(event, *, url: str) -> str:
    ends_at = event.ends_at or event.starts_at + datetime.timedelta(hours=2)
    location = ", ".join(part for part in (event.place, event.address) if part)
    description = event.summary or strip_tags(event.body)
    entry = CalendarEvent(
        uid=f"event-{event.pk}@{connection.schema_name}.reseau",
        summary=event.title,
        starts=event.starts_at,
        ends=ends_at,
        location=location,
        description=description.strip(),
        url=url,
    )
    return calendar(prodid="-//Reseau//Agenda//FR", events=[entry])

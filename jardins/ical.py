"""An iCalendar feed of a garden's events, written by socle.ical."""

from jardins.models import Garden
from socle.ical import CalendarEvent, calendar


def garden_calendar(*, garden: Garden, host: str, url: str) -> str:
    has_geo = garden.latitude is not None and garden.longitude is not None
    events = [
        CalendarEvent(
            uid=f"jardin-{garden.pk}-evenement-{event.pk}@{host}",
            summary=event.title,
            starts=event.starts_at,
            ends=event.ends_at,
            categories=[str(event.get_kind_display())],
            description=event.description,
            location=garden.address,
            geo=(float(garden.latitude), float(garden.longitude)) if has_geo else None,
            url=url,
        )
        for event in garden.events.order_by("starts_at")
    ]
    return calendar(prodid="-//Réseau//Jardins partagés//FR", name=garden.name, events=events)

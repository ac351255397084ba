"""Reads of the live pages that the commune's pages and blocks list: the
newest articles, the events, the feed's newest posts. They read only
cms/models/content.py, so the site pages (cms/models/site.py) and the blocks
(cms/blocks.py) import them at load time."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from cms.models.content import EventPage, NewsPage
from cms.roles import PRINT_ROLES
from discussions.selectors import newest_listings, upcoming_resident_events
from voisinages.roles import has_role


def latest_news(*, limit: int = 3) -> QuerySet[NewsPage]:
    """The town's and associations' newest live articles."""
    return NewsPage.objects.live().public().order_by("-date", "-first_published_at")[:limit]


def news_under(*, page: Page) -> QuerySet[NewsPage]:
    return NewsPage.objects.live().public().child_of(page).order_by("-date", "-first_published_at")


def upcoming_events(*, limit: int = 3, until=None) -> QuerySet[EventPage]:
    """Live events not over yet (optionally starting before `until`), soonest first."""
    now = timezone.now()
    events = EventPage.objects.live().public().filter(starts_at__gte=now) | (
        EventPage.objects.live().public().filter(ends_at__gte=now)
    )
    if until is not None:
        events = events.filter(starts_at__lt=until)
    return events.order_by("starts_at")[:limit]


def events_under(*, page: Page) -> tuple[list[EventPage], list[EventPage]]:
    """(upcoming soonest first, past most recent first) of an events index."""
    now = timezone.now()
    events = EventPage.objects.live().public().child_of(page)
    upcoming = [e for e in events.order_by("starts_at") if (e.ends_at or e.starts_at) >= now]
    past = [e for e in events.order_by("-starts_at") if (e.ends_at or e.starts_at) < now][:20]
    return upcoming, past


@dataclass(frozen=True)
class AgendaEntry:
    """One line of the agenda: a town's event page or a residents' event post."""

    title: str
    url: str
    starts_at: datetime.datetime
    place: str
    summary: str = ""
    by_residents: bool = False


def agenda_under(*, page: Page, viewer) -> tuple[list[AgendaEntry], list[EventPage]]:
    """(upcoming, past) of the agenda: the town's live event pages under `page`
    and the residents' events the viewer may read, upcoming ones merged by
    date (soonest first); past ones are the town's only."""
    upcoming, past = events_under(page=page)
    entries = [AgendaEntry(e.title, e.url, e.starts_at, e.place, e.summary) for e in upcoming] + [
        AgendaEntry(p.title, p.get_absolute_url(), p.event_starts_at, p.event_place, "", True)
        for p in upcoming_resident_events(viewer=viewer)
    ]
    return sorted(entries, key=lambda entry: entry.starts_at), past


def newest_posts(*, viewer, limit: int = 5, days: int = 30) -> list:
    """The feed's newest visible posts for the home page; visitors who are not
    logged in (or residents of no standing) see only the posts made public."""
    since = timezone.now() - datetime.timedelta(days=days)
    if viewer is not None and viewer.is_authenticated and viewer.is_active:
        return newest_listings(since=since, limit=limit)
    return [p for p in newest_listings(since=since, limit=limit * 5) if p.is_public][:limit]


def can_print(viewer) -> bool:
    """Ambassadors, mediators and editors print the digest and the poster."""
    return any(has_role(viewer, role) for role in PRINT_ROLES)

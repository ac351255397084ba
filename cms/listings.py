"""Reads of the live pages that the commune's pages and blocks list: the
newest articles, the events, the feed's newest posts. They read only
cms/models/content.py, so the site pages (cms/models/site.py) and the blocks
(cms/blocks.py) import them at load time."""

import datetime

from django.db.models import QuerySet
from django.utils import timezone
from wagtail.models import Page

from cms.models.content import EventPage, NewsPage
from cms.roles import PRINT_ROLES
from discussions.selectors import newest_listings
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

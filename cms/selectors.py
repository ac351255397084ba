"""Reads of the commune's pages and confidential requests (the active schema's)."""

import datetime

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from wagtail.models import Page

from cms.models import ConfidentialRequest, EventPage, NewsPage
from socle.params import parse_id

MEDIATOR_PERMISSION = "voisinages.act_as_mediator"


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
    from discussions.selectors import newest_listings

    since = timezone.now() - datetime.timedelta(days=days)
    if viewer is not None and viewer.is_authenticated and viewer.is_active:
        return newest_listings(since=since, limit=limit)
    return [p for p in newest_listings(since=since, limit=limit * 5) if p.is_public][:limit]


def get_event(*, page_id: int) -> EventPage:
    event = EventPage.objects.live().public().filter(pk=page_id).first()
    if event is None:
        raise Http404("No such event.")
    return event


def search_pages(*, query: str):
    """Live public pages matching `query` (accents and plurals ignored: fr_unaccent)."""
    query = query.strip()
    if not query:
        return []
    return Page.objects.live().public().specific().search(query)[:30]


def can_print(viewer) -> bool:
    """Ambassadors, mediators and editors print the digest and the poster."""
    from cms.roles import PRINT_ROLES
    from voisinages.roles import has_role

    return any(has_role(viewer, role) for role in PRINT_ROLES)


def _require_mediator(viewer) -> None:
    if not viewer.is_authenticated or not viewer.is_active:
        raise PermissionDenied
    # Held through a group or directly; a superuser's blanket permissions do not
    # count: confidential requests are for the town's mediators only.
    app_label, codename = MEDIATOR_PERMISSION.split(".")
    wanted = {"content_type__app_label": app_label, "codename": codename}
    if not (
        Permission.objects.filter(group__user=viewer, **wanted).exists()
        or Permission.objects.filter(user=viewer, **wanted).exists()
    ):
        raise PermissionDenied


def confidential_requests_for(
    *, viewer, status: str | None = None
) -> QuerySet[ConfidentialRequest]:
    """The commune's confidential requests, for a mediator only (others: 403)."""
    _require_mediator(viewer)
    requests = ConfidentialRequest.objects.all()
    if status:
        requests = requests.filter(status=status)
    return requests


def get_confidential_request_for(*, viewer, request_id: int) -> ConfidentialRequest:
    _require_mediator(viewer)
    found = ConfidentialRequest.objects.filter(pk=request_id).first()
    if found is None:
        raise Http404("No such request.")
    return found


def editorial_team() -> dict:
    """The town's editors and each association's members (for ambassadors)."""
    from cms.models import AssociationPage
    from cms.roles import EDITOR
    from voisinages.models import Resident

    associations = AssociationPage.objects.order_by("title").select_related("editors")
    return {
        "editors": Resident.objects.filter(groups__name=EDITOR).order_by("first_name"),
        "associations": [
            (
                association,
                Resident.objects.filter(groups=association.editors_id).order_by("first_name")
                if association.editors_id
                else [],
            )
            for association in associations
        ],
    }


def get_team_member(*, resident_id) -> "Resident":  # noqa: F821
    from voisinages.models import Resident

    resident_id = parse_id(resident_id)
    resident = Resident.objects.filter(pk=resident_id).first() if resident_id else None
    if resident is None:
        raise Http404("No such resident.")
    return resident


def get_association(*, association_id):
    from cms.models import AssociationPage

    association_id = parse_id(association_id)
    found = AssociationPage.objects.filter(pk=association_id).first() if association_id else None
    if found is None:
        raise Http404("No such association.")
    return found

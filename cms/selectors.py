"""Reads of the commune's pages and confidential requests (the active schema's)."""

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from wagtail.models import Page

from cms.listings import (  # noqa: F401 (the page reads, for the views and other apps)
    can_print,
    events_under,
    latest_news,
    newest_posts,
    news_under,
    upcoming_events,
)
from cms.models import AssociationPage, ConfidentialRequest, EventPage
from cms.roles import EDITOR
from socle.params import parse_id
from voisinages.models import Resident

MEDIATOR_PERMISSION = "voisinages.act_as_mediator"


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


def get_team_member(*, resident_id) -> Resident:
    resident_id = parse_id(resident_id)
    resident = Resident.objects.filter(pk=resident_id).first() if resident_id else None
    if resident is None:
        raise Http404("No such resident.")
    return resident


def get_association(*, association_id):
    association_id = parse_id(association_id)
    found = AssociationPage.objects.filter(pk=association_id).first() if association_id else None
    if found is None:
        raise Http404("No such association.")
    return found

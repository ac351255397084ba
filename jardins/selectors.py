"""Reads of the gardens app; they raise Http404/PermissionDenied themselves."""

from collections import defaultdict
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jardins.access import is_coordinator, is_member, require_coordinator, require_member
from jardins.models import (
    Application,
    Garden,
    GardenMessage,
    GardenPhoto,
    Harvest,
    Membership,
    Plot,
    PlotRenewal,
    Slot,
    Swap,
    Task,
)
from objets.selectors import items_of_garden
from voisinages.contact import Subject

# The waiting list's order: priority (highest first), then first come, first served.
WAITING_ORDER = ("-priority", "created_at", "pk")


def gardens_overview():
    return Garden.objects.annotate(
        plot_count=Count("plots", distinct=True),
        free_count=Count("plots", filter=Q(plots__status=Plot.Status.FREE), distinct=True),
        waiting_count=Count(
            "applications",
            filter=Q(applications__status=Application.Status.WAITING),
            distinct=True,
        ),
    ).order_by("name")


def map_points(gardens) -> list[dict]:
    """Plain values for the Leaflet map (gardens are public places)."""
    return [
        {
            "id": g.pk,
            "name": g.name,
            "address": g.address,
            "lat": g.latitude,
            "lng": g.longitude,
            "url": g.get_absolute_url(),
        }
        for g in gardens
        if g.latitude is not None and g.longitude is not None
    ]


def get_garden(*, garden_id: int) -> Garden:
    try:
        return Garden.objects.get(pk=garden_id)
    except Garden.DoesNotExist as error:
        raise Http404(_("No such garden.")) from error


def get_garden_to_manage(*, viewer, garden_id: int) -> Garden:
    garden = get_garden(garden_id=garden_id)
    require_coordinator(garden, viewer)
    return garden


def get_garden_for_member(*, viewer, garden_id: int) -> Garden:
    garden = get_garden(garden_id=garden_id)
    require_member(garden, viewer)
    return garden


def _get(model, garden: Garden, pk: int, path: str = "garden"):
    try:
        return model.objects.get(pk=pk, **{path: garden})
    except model.DoesNotExist as error:
        raise Http404 from error


def get_plot(*, garden: Garden, plot_id: int) -> Plot:
    return _get(Plot, garden, plot_id)


def get_application(*, garden: Garden, application_id: int) -> Application:
    return _get(Application, garden, application_id)


def get_slot(*, slot_id: int, garden: Garden | None = None) -> Slot:
    """A slot of the commune (of `garden` when given)."""
    scope = {} if garden is None else {"task__garden": garden}
    try:
        return Slot.objects.select_related("task__garden", "assignee").get(pk=slot_id, **scope)
    except Slot.DoesNotExist as error:
        raise Http404 from error


def get_task(*, garden: Garden, task_id: int) -> Task:
    return _get(Task, garden, task_id)


SWAP_RELATED = (
    "slot__task__garden",
    "slot__assignee",
    "offered_slot__task__garden",
    "offered_slot__assignee",
    "requester",
    "recipient",
)


def get_swap(*, swap_id: int, garden: Garden | None = None) -> Swap:
    """A swap of the commune (of `garden` when given); answering it is for its
    recipient only (answer_swap checks)."""
    scope = {} if garden is None else {"slot__task__garden": garden}
    try:
        return Swap.objects.select_related(*SWAP_RELATED).get(pk=swap_id, **scope)
    except Swap.DoesNotExist as error:
        raise Http404 from error


def pending_swaps_of(*, viewer):
    """Swaps waiting for an answer that the viewer asked for or is asked to
    answer, in every garden, newest first."""
    return (
        Swap.objects.filter(Q(requester=viewer) | Q(recipient=viewer), status=Swap.Status.PENDING)
        .select_related(*SWAP_RELATED)
        .order_by("-created_at", "-pk")
    )


def get_harvest(*, garden: Garden, harvest_id: int) -> Harvest:
    return _get(Harvest, garden, harvest_id)


def get_photo(*, garden: Garden, photo_id: int) -> GardenPhoto:
    return _get(GardenPhoto, garden, photo_id)


def get_membership(*, garden: Garden, membership_id: int) -> Membership:
    return _get(Membership, garden, membership_id)


def swappable_slots(*, garden: Garden, members):
    """Future slots other members hold (what one may ask in exchange)."""
    return (
        Slot.objects.filter(task__garden=garden, assignee__in=members, starts_at__gt=timezone.now())
        .select_related("task", "assignee")
        .order_by("starts_at")
    )


def pending_renewal_for(*, garden: Garden, viewer) -> PlotRenewal | None:
    """The renewal of the viewer's plot waiting for their answer, if a campaign is open."""
    if not getattr(viewer, "is_authenticated", False):
        return None
    return (
        PlotRenewal.objects.filter(
            campaign__garden=garden,
            campaign__closed_at__isnull=True,
            holder=viewer,
            answer=PlotRenewal.Answer.PENDING,
        )
        .select_related("campaign", "plot")
        .first()
    )


@dataclass
class ViewerStatus:
    """Where the viewer stands in one garden."""

    role: str | None = None  # Membership.Role, or None when not a member
    application: Application | None = None  # their latest application
    position: int | None = None  # on the waiting list, while waiting


def viewer_statuses(*, viewer, garden: Garden | None = None) -> dict[int, ViewerStatus]:
    """Per garden id (every garden, or only `garden`): the viewer's membership,
    latest application and position on the waiting list, in the list's order."""
    statuses: dict[int, ViewerStatus] = defaultdict(ViewerStatus)
    if not getattr(viewer, "is_authenticated", False):
        return statuses
    scope = {} if garden is None else {"garden": garden}
    for garden_id, role in Membership.objects.filter(resident=viewer, **scope).values_list(
        "garden_id", "role"
    ):
        statuses[garden_id].role = role
    latest = (
        Application.objects.filter(applicant=viewer, **scope)
        .order_by("garden_id", "-created_at", "-pk")
        .distinct("garden_id")
    )
    waiting_in = []
    for application in latest:
        statuses[application.garden_id].application = application
        if application.status == Application.Status.WAITING:
            waiting_in.append(application.garden_id)
    queue = (
        Application.objects.filter(garden_id__in=waiting_in, status=Application.Status.WAITING)
        .order_by("garden_id", *WAITING_ORDER)
        .values_list("garden_id", "applicant_id")
    )
    seen: dict[int, int] = defaultdict(int)
    for garden_id, applicant_id in queue:
        seen[garden_id] += 1
        if applicant_id == viewer.pk:
            statuses[garden_id].position = seen[garden_id]
    return statuses


def get_renewal(*, garden: Garden, renewal_id: int, viewer) -> PlotRenewal:
    renewal = _get(PlotRenewal, garden, renewal_id, "campaign__garden")
    if renewal.holder_id != viewer.pk:
        raise PermissionDenied(_("This is not your plot."))
    return renewal


@dataclass
class PlanCell:
    plot: Plot
    x: int
    y: int
    width: int
    height: int


PLAN_CELL = 80
PLAN_GAP = 8


def plan(garden: Garden) -> dict:
    """An SVG grid of the plots, `plan_columns` per row, in number order."""
    plots = list(garden.plots.select_related("holder").order_by("number"))
    columns = max(1, garden.plan_columns)
    cells = [
        PlanCell(
            plot=plot,
            x=PLAN_GAP + (i % columns) * (PLAN_CELL + PLAN_GAP),
            y=PLAN_GAP + (i // columns) * (PLAN_CELL + PLAN_GAP),
            width=PLAN_CELL,
            height=PLAN_CELL,
        )
        for i, plot in enumerate(plots)
    ]
    rows = (len(plots) + columns - 1) // columns or 1
    return {
        "cells": cells,
        "width": PLAN_GAP + min(columns, max(1, len(plots))) * (PLAN_CELL + PLAN_GAP),
        "height": PLAN_GAP + rows * (PLAN_CELL + PLAN_GAP),
        "counts": {
            status: sum(1 for p in plots if p.status == status) for status in Plot.Status.values
        },
    }


@dataclass
class WaitingEntry:
    position: int
    application: Application
    is_viewer: bool
    # The reason of a priority (health, disability…): for the coordinators and
    # the applicant only; "" for everyone else. Read this, never the application's.
    priority_reason: str = ""


def waiting_list_for(*, garden: Garden, viewer) -> dict:
    """The waiting list in order. Members, coordinators and the applicants
    themselves see all of it (names, dates, priority levels); the reasons of
    priorities and the notes are for coordinators (and each applicant's own).
    Others see the count only."""
    waiting = list(
        garden.applications.filter(status=Application.Status.WAITING)
        .select_related("applicant", "priority_set_by")
        .order_by(*WAITING_ORDER)
    )
    coordinator = is_coordinator(garden, viewer)
    entries = []
    for i, a in enumerate(waiting):
        is_viewer = getattr(viewer, "pk", None) == a.applicant_id
        entries.append(
            WaitingEntry(
                position=i + 1,
                application=a,
                is_viewer=is_viewer,
                priority_reason=a.priority_reason if coordinator or is_viewer else "",
            )
        )
    mine = next((e for e in entries if e.is_viewer), None)
    can_see = mine is not None or is_member(garden, viewer) or is_coordinator(garden, viewer)
    return {
        "entries": entries if can_see else None,
        "count": len(entries),
        "mine": mine,
        "show_notes": coordinator,
    }


def garden_standing(*, garden: Garden, viewer) -> dict:
    """Who is in a garden, its plots and waiting list, and where the viewer
    stands: what the garden page and the API's garden detail both show."""
    member = is_member(garden, viewer)
    signed_in = getattr(viewer, "is_authenticated", False)
    memberships = list(garden.memberships.select_related("resident").order_by("role", "joined_at"))
    my_plot = None
    if getattr(viewer, "is_authenticated", False):
        my_plot = garden.plots.filter(holder=viewer).first()
    plots = list(garden.plots.select_related("holder").order_by("number"))
    for plot in plots:
        # Who holds a plot is for the garden's members only (the page and the API).
        plot.holder_name = plot.holder.display_name if member and plot.holder_id else None
    members = [m.resident for m in memberships if m.role == Membership.Role.MEMBER]
    return {
        "garden": garden,
        "is_member": member,
        "is_coordinator": is_coordinator(garden, viewer),
        # Names are for the commune's residents: a visitor reads none.
        "coordinators": [
            m.resident for m in memberships if m.role == Membership.Role.COORDINATOR and signed_in
        ],
        "members": members,
        # The members' names: for the garden's members only, else None.
        "member_names_shown": members if member else None,
        "memberships": memberships,
        "plan": plan(garden),
        "plots": plots,
        "waiting": waiting_list_for(garden=garden, viewer=viewer),
        "my_plot": my_plot,
        "my_renewal": pending_renewal_for(garden=garden, viewer=viewer),
    }


def _with_author_names(harvests, *, viewer) -> list:
    """Each harvest with `author_name`: the author's name for a signed-in
    resident of the commune, "" for a visitor."""
    signed_in = getattr(viewer, "is_authenticated", False)
    harvests = list(harvests)
    for harvest in harvests:
        harvest.author_name = harvest.author.display_name if signed_in else ""
    return harvests


def garden_page(*, garden: Garden, viewer) -> dict:
    """Everything public about a garden, plus what the viewer may act on."""
    now = timezone.now()
    standing = garden_standing(garden=garden, viewer=viewer)
    campaign = garden.renewals.filter(closed_at__isnull=True).first()
    return {
        **standing,
        "photos": list(garden.photos.all()),
        "campaign": campaign,
        "campaign_items": list(campaign.items.select_related("plot", "holder"))
        if campaign and standing["is_coordinator"]
        else [],
        "harvests": _with_author_names(
            garden.harvests.filter(
                Q(available_until__isnull=True) | Q(available_until__gte=timezone.localdate())
            ).select_related("author")[:20],
            viewer=viewer,
        ),
        "events": list(garden.events.filter(ends_at__gte=now)[:10]),
        "tasks": list(
            garden.tasks.annotate(
                open_slots=Count(
                    "slots", filter=Q(slots__starts_at__gt=now, slots__assignee__isnull=True)
                )
            )
        ),
        "tools": tools_of(garden),
        "contact": coordinator_to_contact(garden=garden, viewer=viewer),
    }


def coordinator_to_contact(*, garden: Garden, viewer):
    """Whom "Contacter <Prénom>" on a garden's page writes to: its first active
    coordinator, unless that is the viewer (None then, or when it has none)."""
    membership = (
        garden.memberships.filter(role=Membership.Role.COORDINATOR, resident__is_active=True)
        .exclude(resident_id=getattr(viewer, "pk", None))
        .select_related("resident")
        .first()
    )
    return membership.resident if membership else None


def contact_subject(*, viewer, object_id: int) -> Subject:
    """ "Contacter <Prénom>" on a garden: its coordinator, about this garden."""
    garden = get_garden(garden_id=object_id)
    coordinator = coordinator_to_contact(garden=garden, viewer=viewer)
    if coordinator is None:
        raise Http404
    return Subject(
        recipient=coordinator,
        title=garden.name,
        url=garden.get_absolute_url(),
        name=coordinator.first_name,
    )


def tools_of(garden: Garden) -> list:
    """Shared tools: objects owned by the garden (objets app)."""
    return list(items_of_garden(garden))


def rota_for(*, garden: Garden, viewer) -> dict:
    now = timezone.now()
    tasks = list(
        garden.tasks.prefetch_related(
            Prefetch(
                "slots",
                queryset=Slot.objects.filter(starts_at__gt=now)
                .select_related("assignee")
                .order_by("starts_at"),
                to_attr="upcoming",
            )
        )
    )
    incoming = []
    mine = []
    if getattr(viewer, "is_authenticated", False):
        incoming = list(
            Swap.objects.filter(
                slot__task__garden=garden, recipient=viewer, status=Swap.Status.PENDING
            ).select_related("slot__task", "requester", "offered_slot__task")
        )
        mine = list(
            Slot.objects.filter(task__garden=garden, assignee=viewer, starts_at__gt=now)
            .select_related("task")
            .order_by("starts_at")
        )
    pending = {
        s.slot_id: s
        for s in Swap.objects.filter(
            slot__task__garden=garden, status=Swap.Status.PENDING
        ).select_related("recipient")
    }
    return {"tasks": tasks, "incoming": incoming, "mine": mine, "pending": pending}


def thread_for(*, garden: Garden, viewer, limit: int = 200) -> list[GardenMessage]:
    require_member(garden, viewer)
    messages = garden.messages.select_related("author").order_by("-created_at", "-pk")[:limit]
    return list(reversed(messages))

"""Shared gardens: the waiting list, the task rota and its swaps, the yearly
renewal (jardins' services and selectors; what one sees follows the site)."""

from datetime import datetime, timedelta
from typing import Literal

from ninja import Router, Schema
from pydantic import Field

from api.schemas import responses
from jardins import selectors, services
from jardins.access import is_member
from jardins.text import render_markdown
from voisinages.selectors import get_resident_for

router = Router(tags=["gardens"])


class PersonOut(Schema):
    id: int
    name: str

    @staticmethod
    def resolve_name(obj):
        return obj.display_name


class MyApplicationOut(Schema):
    id: int
    status: str = Field(..., description="waiting, assigned or withdrawn.")
    note: str
    applied_at: datetime
    position: int | None = Field(
        None, description="My place on the waiting list (1 = next), while waiting."
    )

    @staticmethod
    def resolve_applied_at(obj):
        return obj.created_at

    @staticmethod
    def resolve_position(obj):
        return getattr(obj, "position", None)


class GardenOut(Schema):
    id: int
    name: str
    address: str
    latitude: float | None
    longitude: float | None
    plot_count: int
    free_count: int = Field(..., description="Free plots.")
    waiting_count: int = Field(..., description="People on the waiting list.")
    my_role: str | None = Field(None, description="member or coordinator; null if not a member.")
    my_application: MyApplicationOut | None = Field(
        None, description="My latest application to this garden, if any."
    )
    url: str

    @staticmethod
    def resolve_my_role(obj):
        return obj.me.role

    @staticmethod
    def resolve_my_application(obj):
        return _application(obj.me)

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class PlotCountsOut(Schema):
    total: int
    free: int
    assigned: int
    reserved: int


class PlotOut(Schema):
    id: int
    number: int
    area_m2: float
    status: str = Field(..., description="free, assigned or reserved.")
    reserved_for: str
    holder: str | None = Field(None, description="The holder's name, shown to members only.")
    is_mine: bool


class MyPlotOut(Schema):
    id: int
    number: int
    area_m2: float


class WaitingEntryOut(Schema):
    position: int
    applicant_id: int
    applicant: str
    applied_at: datetime
    priority: int
    priority_reason: str
    is_me: bool
    note: str | None = Field(None, description="For the coordinators (and my own note).")


class WaitingListOut(Schema):
    count: int
    my_position: int | None
    entries: list[WaitingEntryOut] | None = Field(
        ...,
        description="The list in order; null for those who may see the count only "
        "(members, coordinators and applicants see the list).",
    )


class RenewalOut(Schema):
    id: int
    plot_id: int
    plot_number: int
    year: int
    deadline: datetime
    answer: str = Field(..., description="pending, confirmed, freed or expired.")
    answered_at: datetime | None

    @staticmethod
    def resolve_plot_number(obj):
        return obj.plot.number

    @staticmethod
    def resolve_year(obj):
        return obj.campaign.year

    @staticmethod
    def resolve_deadline(obj):
        return obj.campaign.deadline


class GardenDetailOut(Schema):
    id: int
    name: str
    description: str
    rules: str = Field(..., description="Markdown.")
    rules_html: str = Field(..., description="The rules rendered from Markdown, sanitised.")
    address: str
    latitude: float | None
    longitude: float | None
    opening_hours: str
    url: str
    is_member: bool
    is_coordinator: bool
    my_role: str | None
    my_application: MyApplicationOut | None
    my_plot: MyPlotOut | None
    my_renewal: RenewalOut | None = Field(
        None, description="My plot's renewal waiting for my answer, while a campaign is open."
    )
    plot_counts: PlotCountsOut
    plots: list[PlotOut]
    waiting_list: WaitingListOut
    coordinators: list[PersonOut]
    member_count: int
    members: list[PersonOut] | None = Field(
        ..., description="Members' names, shown to members only."
    )


class ApplicationIn(Schema):
    note: str = Field("", max_length=500, description="A short note for the coordinators.")


class RenewalIn(Schema):
    answer: Literal["keep", "free"]


class SwapRef(Schema):
    id: int
    recipient_id: int
    recipient: str

    @staticmethod
    def resolve_recipient(obj):
        return obj.recipient.display_name


class SlotOut(Schema):
    id: int
    garden_id: int
    task_id: int
    task: str
    starts_at: datetime
    ends_at: datetime
    assignee_id: int | None
    assignee: str | None
    is_mine: bool

    @staticmethod
    def resolve_garden_id(obj):
        return obj.task.garden_id

    @staticmethod
    def resolve_task(obj):
        return obj.task.title

    @staticmethod
    def resolve_ends_at(obj):
        return obj.starts_at + timedelta(minutes=obj.task.duration_minutes)

    @staticmethod
    def resolve_assignee(obj):
        return obj.assignee.display_name if obj.assignee_id else None

    @staticmethod
    def resolve_is_mine(obj, context):
        return obj.assignee_id is not None and obj.assignee_id == context["request"].user.pk


class RotaSlotOut(SlotOut):
    pending_swap: SwapRef | None = Field(
        None, description="The swap I asked for this slot of mine, waiting for an answer."
    )


class TaskOut(Schema):
    id: int
    title: str
    kind: str
    description: str
    every_days: int
    duration_minutes: int
    slots: list[RotaSlotOut] = Field(..., description="Upcoming slots, soonest first.")

    @staticmethod
    def resolve_slots(obj):
        return obj.upcoming  # prefetched by rota_for


class RotaOut(Schema):
    garden_id: int
    can_sign_up: bool = Field(..., description="Only members take part in the rota.")
    tasks: list[TaskOut]


class SwapIn(Schema):
    recipient_id: int = Field(..., description="The member asked to take the slot.")
    offered_slot_id: int | None = Field(
        None, description="One of their slots I take in exchange (optional)."
    )


class SwapOut(Schema):
    id: int
    status: str = Field(..., description="pending, accepted, declined or cancelled.")
    direction: Literal["incoming", "outgoing"] = Field(
        ..., description="incoming: asked of me; outgoing: asked by me."
    )
    requester_id: int
    requester: str
    recipient_id: int
    recipient: str
    slot: SlotOut
    offered_slot: SlotOut | None
    created_at: datetime
    answered_at: datetime | None

    @staticmethod
    def resolve_direction(obj, context):
        return "incoming" if obj.recipient_id == context["request"].user.pk else "outgoing"

    @staticmethod
    def resolve_requester(obj):
        return obj.requester.display_name

    @staticmethod
    def resolve_recipient(obj):
        return obj.recipient.display_name


def _application(status):
    application = status.application
    if application is not None:
        application.position = status.position
    return application


def _detail(request, garden) -> dict:
    viewer = request.user
    page = selectors.garden_standing(garden=garden, viewer=viewer)
    me = selectors.viewer_statuses(viewer=viewer, garden=garden)[garden.pk]
    member = page["is_member"]
    waiting = page["waiting"]
    counts = page["plan"]["counts"]
    return {
        "id": garden.pk,
        "name": garden.name,
        "description": garden.description,
        "rules": garden.rules,
        "rules_html": render_markdown(garden.rules) if garden.rules else "",
        "address": garden.address,
        "latitude": garden.latitude,
        "longitude": garden.longitude,
        "opening_hours": garden.opening_hours,
        "url": garden.get_absolute_url(),
        "is_member": member,
        "is_coordinator": page["is_coordinator"],
        "my_role": me.role,
        "my_application": _application(me),
        "my_plot": page["my_plot"],
        "my_renewal": page["my_renewal"],
        "plot_counts": {"total": sum(counts.values()), **counts},
        "plots": [
            {
                "id": plot.pk,
                "number": plot.number,
                "area_m2": plot.area_m2,
                "status": plot.status,
                "reserved_for": plot.reserved_for,
                # As the site: holders' names for members only.
                "holder": plot.holder.display_name if member and plot.holder_id else None,
                "is_mine": plot.holder_id is not None and plot.holder_id == viewer.pk,
            }
            for plot in page["plots"]
        ],
        "waiting_list": {
            "count": waiting["count"],
            "my_position": waiting["mine"].position if waiting["mine"] else None,
            "entries": None
            if waiting["entries"] is None
            else [
                {
                    "position": entry.position,
                    "applicant_id": entry.application.applicant_id,
                    "applicant": entry.application.applicant.display_name,
                    "applied_at": entry.application.created_at,
                    "priority": entry.application.priority,
                    "priority_reason": entry.priority_reason,
                    "is_me": entry.is_viewer,
                    "note": entry.application.note
                    if waiting["show_notes"] or entry.is_viewer
                    else None,
                }
                for entry in waiting["entries"]
            ],
        },
        "coordinators": page["coordinators"],
        "member_count": len(page["members"]),
        "members": page["members"] if member else None,
    }


# --- Gardens and the waiting list ---------------------------------------------


@router.get("/gardens", response=responses(list[GardenOut]), summary="The commune's gardens")
def list_gardens(request):
    """Every garden with its plot counts, my membership and my latest application."""
    statuses = selectors.viewer_statuses(viewer=request.user)
    gardens = list(selectors.gardens_overview())
    for garden in gardens:
        garden.me = statuses[garden.pk]
    return gardens


@router.get("/gardens/{int:garden_id}", response=responses(GardenDetailOut), summary="One garden")
def get_garden(request, garden_id: int):
    """Its plots, my plot, my place on the waiting list and the list as the site
    shows it to me, my renewal to answer."""
    return _detail(request, selectors.get_garden(garden_id=garden_id))


@router.post(
    "/gardens/{int:garden_id}/application",
    response=responses(MyApplicationOut, 201),
    summary="Apply for a plot (join the waiting list)",
)
def apply(request, garden_id: int, payload: ApplicationIn):
    garden = selectors.get_garden(garden_id=garden_id)
    services.apply_for_plot(garden=garden, applicant=request.user, note=payload.note)
    me = selectors.viewer_statuses(viewer=request.user, garden=garden)[garden.pk]
    return 201, _application(me)


@router.delete(
    "/gardens/{int:garden_id}/application",
    response=responses(None, 204),
    summary="Leave the waiting list",
)
def withdraw(request, garden_id: int):
    garden = selectors.get_garden(garden_id=garden_id)
    services.withdraw_application(garden=garden, applicant=request.user)
    return 204, None


@router.post(
    "/gardens/{int:garden_id}/renewals/{int:renewal_id}",
    response=responses(RenewalOut),
    summary="Keep or free my plot (yearly renewal)",
)
def answer_renewal(request, garden_id: int, renewal_id: int, payload: RenewalIn):
    """`renewal_id` is `my_renewal.id` of the garden. Freeing gives the plot back
    to the waiting list."""
    garden = selectors.get_garden(garden_id=garden_id)
    renewal = selectors.get_renewal(garden=garden, renewal_id=renewal_id, viewer=request.user)
    return services.answer_renewal(
        renewal=renewal, holder=request.user, keep=payload.answer == "keep"
    )


# --- The rota -------------------------------------------------------------------


@router.get(
    "/gardens/{int:garden_id}/rota",
    response=responses(RotaOut),
    summary="The task rota: upcoming slots and who took them",
)
def rota(request, garden_id: int):
    garden = selectors.get_garden(garden_id=garden_id)
    data = selectors.rota_for(garden=garden, viewer=request.user)
    for task in data["tasks"]:
        for slot in task.upcoming:
            slot.task = task
            swap = data["pending"].get(slot.pk)
            # As the site: the holder of a slot sees the swap they asked for.
            slot.pending_swap = swap if swap and slot.assignee_id == request.user.pk else None
    return {
        "garden_id": garden.pk,
        "can_sign_up": is_member(garden, request.user),
        "tasks": data["tasks"],
    }


@router.post(
    "/slots/{int:slot_id}/sign-up", response=responses(SlotOut), summary="Take a free slot"
)
def sign_up(request, slot_id: int):
    """Members of the slot's garden only."""
    slot = services.sign_up(slot=selectors.get_slot(slot_id=slot_id), member=request.user)
    return selectors.get_slot(slot_id=slot.pk)


@router.post("/slots/{int:slot_id}/leave", response=responses(SlotOut), summary="Give up my slot")
def leave(request, slot_id: int):
    """A swap I asked for this slot is cancelled."""
    slot = services.leave_slot(slot=selectors.get_slot(slot_id=slot_id), member=request.user)
    return selectors.get_slot(slot_id=slot.pk)


@router.post(
    "/slots/{int:slot_id}/swaps",
    response=responses(SwapOut, 201),
    summary="Ask another member to take my slot",
)
def propose_swap(request, slot_id: int, payload: SwapIn):
    """Optionally in exchange for one of their slots. Nothing moves until they accept."""
    slot = selectors.get_slot(slot_id=slot_id)
    recipient = get_resident_for(viewer=request.user, resident_id=payload.recipient_id)
    offered = None
    if payload.offered_slot_id is not None:
        offered = selectors.get_slot(slot_id=payload.offered_slot_id)
    swap = services.propose_swap(
        slot=slot, requester=request.user, recipient=recipient, offered_slot=offered
    )
    return 201, selectors.get_swap(swap_id=swap.pk)


@router.get("/swaps", response=responses(list[SwapOut]), summary="Swaps waiting for an answer")
def list_swaps(request):
    """Those asked of me (`incoming`: accept or decline) and those I asked (`outgoing`)."""
    return selectors.pending_swaps_of(viewer=request.user)


@router.post("/swaps/{int:swap_id}/accept", response=responses(SwapOut), summary="Accept a swap")
def accept_swap(request, swap_id: int):
    """The slots change hands. For the member the swap is asked of."""
    swap = selectors.get_swap(swap_id=swap_id)
    services.answer_swap(swap=swap, recipient=request.user, accept=True)
    return selectors.get_swap(swap_id=swap.pk)


@router.post("/swaps/{int:swap_id}/decline", response=responses(SwapOut), summary="Decline a swap")
def decline_swap(request, swap_id: int):
    swap = selectors.get_swap(swap_id=swap_id)
    services.answer_swap(swap=swap, recipient=request.user, accept=False)
    return selectors.get_swap(swap_id=swap.pk)

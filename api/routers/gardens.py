"""Shared gardens: the waiting list, the task rota and its swaps, the yearly
renewal (jardins' services and selectors; what one sees follows the site)."""

from ninja import Router

from api.schemas import responses
from api.schemas.gardens import (
    ApplicationIn,
    GardenDetailOut,
    GardenOut,
    MyApplicationOut,
    RenewalIn,
    RenewalOut,
    RotaOut,
    SlotOut,
    SwapIn,
    SwapOut,
    application_with_position,
)
from jardins import selectors, services
from jardins.access import is_member
from jardins.text import render_markdown
from voisinages.selectors import get_resident_for

router = Router(tags=["gardens"])


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
        "my_application": application_with_position(me),
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
                "holder": plot.holder_name,
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
        "members": page["member_names_shown"],
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
    return 201, application_with_position(me)


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

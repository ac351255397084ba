"""Services residents offer, and seats on car-sharing rides (discussions' services)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router

from api.permissions import require_can_post
from api.schemas import responses
from api.schemas.offered import (
    OfferedServiceIn,
    OfferedServiceOut,
    RideSeatsOut,
    SeatDecisionIn,
    SeatRequestOut,
    ServiceFilters,
    ServicesPageOut,
)
from discussions import selectors, services
from discussions.models import Category

router = Router(tags=["services"])


@router.get("/services", response=responses(ServicesPageOut), summary="Offered services")
def list_services(request, filters: Query[ServiceFilters]):
    """Newest first, by category (slug) and quartier (id). Rates are indicative:
    money is arranged between neighbours, outside Réseau."""
    category = None
    if filters.category:
        category = selectors.get_category_by_slug(filters.category)
        if category is None:
            raise ValidationError(
                {"category": [_("This category does not exist in your commune.")]}
            )
    if filters.quartier is not None and not selectors.quartier_exists(filters.quartier):
        raise ValidationError({"quartier": [_("This quartier does not exist in your commune.")]})
    page = selectors.offered_services_page(
        viewer=request.user, category=category, quartier_id=filters.quartier, after=filters.after
    )
    return {"items": page.entries, "next_after": page.next_after}


@router.get("/services/mine", response=responses(list[OfferedServiceOut]), summary="My services")
def my_services(request):
    return selectors.my_offered_services(viewer=request.user)


@router.post("/services", response=responses(OfferedServiceOut, 201), summary="Offer a service")
def create_service(request, payload: OfferedServiceIn):
    require_can_post(request.user)
    category = Category.objects.filter(pk=payload.category, is_active=True).first()
    service = services.add_offered_service(
        resident=request.user,
        category=category,
        rate=payload.rate,
        availability=payload.availability,
    )
    return 201, service


@router.delete(
    "/services/{int:service_id}", response=responses(None, 204), summary="Remove my service"
)
def delete_service(request, service_id: int):
    service = selectors.get_my_offered_service(viewer=request.user, service_id=service_id)
    services.remove_offered_service(service=service, by=request.user)
    return 204, None


def _seats(request, post):
    seats = selectors.ride_seats_for(post=post, viewer=request.user)
    if seats is None:
        raise ValidationError(_("This post is not a ride open to requests."))
    return seats


@router.get(
    "/posts/{int:post_id}/seats", response=responses(RideSeatsOut), summary="A ride's seats"
)
def ride_seats(request, post_id: int):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    return _seats(request, post)


@router.post(
    "/posts/{int:post_id}/seats",
    response=responses(SeatRequestOut, 201),
    summary="Ask the driver for a seat",
)
def request_seat(request, post_id: int):
    require_can_post(request.user)
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    seat = services.request_seat(post=post, passenger=request.user)
    return 201, seat


@router.post(
    "/posts/{int:post_id}/seats/{int:seat_id}",
    response=responses(SeatRequestOut),
    summary="Accept or decline a seat request (the driver)",
)
def answer_seat(request, post_id: int, seat_id: int, payload: SeatDecisionIn):
    require_can_post(request.user)
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    seat = selectors.get_seat_request_for(post=post, seat_id=seat_id)
    return services.answer_seat_request(
        seat=seat, by=request.user, accept=payload.decision == "accept"
    )

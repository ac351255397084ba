"""Car sharing: a resident asks for a seat, the driver accepts or declines.

Seats left are the post's `ride_seats` minus the accepted requests; every
change locks the post's row first, so two acceptances at once never sell the
last seat twice."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import Post, SeatRequest
from voisinages.models import Resident
from voisinages.notifications import notify


def seats_left(post: Post) -> int:
    """Free seats of a ride (never below 0)."""
    taken = SeatRequest.objects.filter(post=post, status=SeatRequest.Status.ACCEPTED).count()
    return max((post.ride_seats or 0) - taken, 0)


def _locked_ride(post: Post) -> Post:
    locked = Post.objects.select_for_update().get(pk=post.pk)
    if locked.kind != Post.Kind.COVOITURAGE or locked.status != Post.Status.PUBLISHED:
        raise ValidationError(_("This post is not a ride open to requests."))
    return locked


@transaction.atomic
def request_seat(*, post: Post, passenger: Resident) -> SeatRequest:
    """Ask the driver for a seat; refused on a full or past ride, on one's own
    ride, and twice on the same ride."""
    if not getattr(passenger, "can_post", False):
        raise PermissionDenied(_("Only verified neighbours can ask for a seat."))
    ride = _locked_ride(post)
    if ride.author_id == passenger.pk:
        raise ValidationError(_("This is your own ride."))
    if ride.ride_departs_at is not None and ride.ride_departs_at <= timezone.now():
        raise ValidationError(_("This ride has already left."))
    if SeatRequest.objects.filter(post=ride, passenger=passenger).exists():
        raise ValidationError(_("You have already asked for a seat on this ride."))
    if seats_left(ride) <= 0:
        raise ValidationError(_("This ride is full: no seat is left."))
    seat = SeatRequest.objects.create(post=ride, passenger=passenger)
    if ride.author is not None:
        notify(
            recipients=[ride.author],
            kind="discussions.seat.requested",
            title=_("%(name)s asks for a seat on your ride “%(title)s”")
            % {"name": passenger.display_name, "title": ride.title},
            url=ride.get_absolute_url(),
            actor=passenger,
            target=ride,
        )
    return seat


@transaction.atomic
def answer_seat_request(*, seat: SeatRequest, by: Resident, accept: bool) -> SeatRequest:
    """The driver accepts (if a seat is left) or declines a pending request."""
    ride = _locked_ride(seat.post)
    if ride.author_id != by.pk:
        raise PermissionDenied(_("Only the driver answers seat requests."))
    seat = SeatRequest.objects.select_for_update().get(pk=seat.pk)
    if seat.status != SeatRequest.Status.PENDING:
        raise ValidationError(_("This request has already been answered."))
    if accept and seats_left(ride) <= 0:
        raise ValidationError(_("This ride is full: no seat is left."))
    seat.status = SeatRequest.Status.ACCEPTED if accept else SeatRequest.Status.DECLINED
    seat.answered_at = timezone.now()
    seat.save(update_fields=["status", "answered_at"])
    if accept:
        title = _("%(name)s accepted you on the ride “%(title)s”")
    else:
        title = _("%(name)s has no seat for you on the ride “%(title)s”")
    notify(
        recipients=[seat.passenger],
        kind="discussions.seat.answered",
        title=title % {"name": by.display_name, "title": ride.title},
        url=ride.get_absolute_url(),
        actor=by,
        target=ride,
    )
    return seat

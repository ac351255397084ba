"""Gardens, their photos and their coordinators."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from jardins.access import forget_cache, require_coordinator
from jardins.models import Garden, GardenPhoto, Membership
from socle.images import normalise_image
from voisinages import roles
from voisinages.logs import log_action
from voisinages.models import Resident

GARDEN_FIELDS = (
    "name",
    "description",
    "rules",
    "address",
    "latitude",
    "longitude",
    "opening_hours",
    "plan_columns",
)
PHOTO_MAX_SIDE = 1600


@transaction.atomic
def create_garden(*, by: Resident, **fields) -> Garden:
    """An ambassador opens a garden; they become its first coordinator."""
    if not roles.has_role(by, roles.AMBASSADOR):
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("Only ambassadors can open a garden."))
    garden = Garden(**{k: v for k, v in fields.items() if k in GARDEN_FIELDS})
    garden.full_clean()
    garden.save()
    Membership.objects.create(garden=garden, resident=by, role=Membership.Role.COORDINATOR)
    forget_cache(by)
    log_action(code="jardins.garden.created", actor=by, target=garden)
    return garden


@transaction.atomic
def update_garden(*, garden: Garden, by: Resident, **fields) -> Garden:
    """Coordinators edit the garden's public description."""
    require_coordinator(garden, by)
    for name, value in fields.items():
        if name in GARDEN_FIELDS:
            setattr(garden, name, value)
    garden.full_clean()
    garden.save()
    log_action(code="jardins.garden.updated", actor=by, target=garden)
    return garden


@transaction.atomic
def add_photo(*, garden: Garden, by: Resident, upload, caption: str = "") -> GardenPhoto:
    """A coordinator adds a photo (checked with Pillow, resized, stored per commune)."""
    require_coordinator(garden, by)
    photo = GardenPhoto(garden=garden, caption=caption, uploaded_by=by)
    photo.image = normalise_image(upload, max_side=PHOTO_MAX_SIDE)
    photo.full_clean()
    photo.save()
    return photo


@transaction.atomic
def delete_photo(*, photo: GardenPhoto, by: Resident) -> None:
    require_coordinator(photo.garden, by)
    photo.image.delete(save=False)
    photo.delete()


@transaction.atomic
def set_coordinator(*, garden: Garden, resident: Resident, by: Resident, on: bool) -> Membership:
    """Make a member a coordinator (or a plain member again)."""
    require_coordinator(garden, by)
    membership = Membership.objects.filter(garden=garden, resident=resident).first()
    if membership is None:
        raise ValidationError(_("Only a member of the garden can become a coordinator."))
    if not on and membership.role == Membership.Role.COORDINATOR:
        others = garden.memberships.filter(role=Membership.Role.COORDINATOR).exclude(
            pk=membership.pk
        )
        if not others.exists():
            raise ValidationError(_("A garden keeps at least one coordinator."))
    membership.role = Membership.Role.COORDINATOR if on else Membership.Role.MEMBER
    membership.save(update_fields=["role"])
    forget_cache(resident)
    log_action(
        code="jardins.coordinator.appointed" if on else "jardins.coordinator.removed",
        actor=by,
        target=membership,
    )
    return membership


def join_garden(*, garden: Garden, resident: Resident) -> Membership:
    """Membership follows a plot; kept when the plot goes (members keep the thread)."""
    membership, _created = Membership.objects.get_or_create(garden=garden, resident=resident)
    forget_cache(resident)
    return membership

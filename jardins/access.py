"""Who may do what in a garden (cheap checks shared by selectors and services)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from jardins.models import Garden, Membership
from voisinages import roles


def membership_of(garden: Garden, resident) -> Membership | None:
    if resident is None or not resident.is_authenticated:
        return None
    cache = getattr(resident, "_garden_memberships", None)
    if cache is None:
        cache = {}
        resident._garden_memberships = cache
    if garden.pk not in cache:
        cache[garden.pk] = Membership.objects.filter(garden=garden, resident=resident).first()
    return cache[garden.pk]


def forget_cache(resident) -> None:
    if resident is not None and hasattr(resident, "_garden_memberships"):
        del resident._garden_memberships


def is_member(garden: Garden, resident) -> bool:
    return membership_of(garden, resident) is not None


def is_coordinator(garden: Garden, resident) -> bool:
    """Coordinators of the garden; the commune's ambassadors may step in."""
    if resident is None or not resident.is_authenticated or not resident.is_active:
        return False
    membership = membership_of(garden, resident)
    if membership is not None and membership.role == Membership.Role.COORDINATOR:
        return True
    return roles.has_role(resident, roles.AMBASSADOR)


def require_coordinator(garden: Garden, resident) -> None:
    if not is_coordinator(garden, resident):
        raise PermissionDenied(_("Only the garden's coordinators can do this."))


def require_member(garden: Garden, resident) -> None:
    if not (is_member(garden, resident) or is_coordinator(garden, resident)):
        raise PermissionDenied(_("Only members of this garden can do this."))

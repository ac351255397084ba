"""Checks the API's operations declare first thing (the same rules as the site's
decorators in voisinages.permissions)."""

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from voisinages.roles import has_role


def require_can_post(user) -> None:
    if not user.can_post:
        raise PermissionDenied(_("Only verified residents can do this."))


def require_role(user, *roles: str) -> None:
    if not any(has_role(user, role) for role in roles):
        raise PermissionDenied(_("Your role does not allow this."))

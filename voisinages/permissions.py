"""Declared permissions for views: `@resident_required`, `@posting_required`,
`@role_required(roles.AMBASSADOR)`."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from voisinages.roles import has_role


def resident_required(view):
    return login_required(view)


def posting_required(view):
    """Logged in and allowed to publish (verified, approved, not suspended)."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.can_post:
            if request.user.is_active:
                # Waiting for the email link or an ambassador: say which, and where next.
                return render(request, "voisinages/posting_pending.html", status=403)
            raise PermissionDenied(_("Only verified residents can do this."))
        return view(request, *args, **kwargs)

    return wrapper


def role_required(*roles: str):
    def decorator(view):
        @login_required
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not any(has_role(request.user, role) for role in roles):
                raise PermissionDenied(_("Your role does not allow this."))
            return view(request, *args, **kwargs)

        return wrapper

    return decorator

"""Who is calling: a personal access token (`Authorization: Bearer rsx_…`) or
the browser session (then unsafe methods need the CSRF token)."""

from django.conf import settings
from django.utils.translation import gettext as _
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from api.errors import ApiError
from api.selectors import active_token
from api.services import touch_token

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


class TokenAuth(HttpBearer):
    def __call__(self, request):
        header = request.headers.get("Authorization")
        if not header:
            return None
        scheme, _sep, raw = header.partition(" ")
        if scheme.lower() != "bearer":
            raise ApiError(401, "not_authenticated", _("Use a Bearer access token."))
        return self.authenticate(request, raw.strip())

    def authenticate(self, request, token):
        found = active_token(raw=token)
        if found is None:
            raise ApiError(
                401, "invalid_token", _("This access token is unknown, revoked or expired.")
            )
        if request.method not in SAFE_METHODS and not found.can_write:
            raise ApiError(403, "read_only_token", _("This access token is read-only."))
        touch_token(token=found)
        request.user = found.resident
        request.api_token = found
        return found.resident


class SessionAuth(APIKeyCookie):
    """The logged-in browser session. Unsafe methods must carry the CSRF token
    (X-CSRFToken header), like the site's forms."""

    param_name = settings.SESSION_COOKIE_NAME

    def __init__(self):
        super().__init__(csrf=False)

    def __call__(self, request):
        user = request.user
        if not user.is_authenticated or not user.is_active:
            return None
        if request.method not in SAFE_METHODS and check_csrf(request) is not None:
            raise ApiError(
                403, "csrf_failed", _("The CSRF token is missing or wrong (X-CSRFToken header).")
            )
        request.api_token = None
        return user

    def authenticate(self, request, key):  # pragma: no cover - __call__ does the work
        return None


token_auth = TokenAuth()
session_auth = SessionAuth()

"""Login throttling (django-axes) keyed the way login matches accounts.

One handler serves the login form and the API's token exchange alike:
- failures are counted per account, on the normalised email (stripped, lower
  case: login itself ignores case), so "Alice@X" and "alice@x " add up;
- an account is locked after `AXES_FAILURE_LIMIT` failures, from any address;
- an address is locked only after `RESEAU_LOGIN_ADDRESS_FAILURE_LIMIT` failures
  on any accounts (spraying): a library or social-services computer is shared
  by many residents, and one attacked account must not lock the others out;
- a successful login forgets only that account's failures from that address,
  never another account's nor the address's other failures;
- the address is `socle.client_ip.client_ip` (trusted proxies only).
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


def normalise_email(value) -> str:
    """An email as login matches it: surrounding spaces dropped, case ignored."""
    return str(value or "").strip().lower()


def account_key(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised email of a login attempt."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        return normalise_email(credentials.get(field))
    return normalise_email(getattr(request, "POST", {}).get(field))


def _failures(attempts) -> int:
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


class AccountThenAddressHandler(AxesDatabaseHandler):
    """Lock an account after a few failures, an address only after many."""

    def get_failures(self, request, credentials: dict | None = None) -> int:
        recent = AccessAttempt.objects.all()
        if settings.AXES_COOLOFF_TIME is not None:
            recent = recent.filter(attempt_time__gte=get_cool_off_threshold(request))
        by_account = _failures(recent.filter(username=get_client_username(request, credentials)))
        by_address = _failures(recent.filter(ip_address=request.axes_ip_address))
        if by_address >= settings.RESEAU_LOGIN_ADDRESS_FAILURE_LIMIT:
            return max(by_account, get_failure_limit(request, credentials))
        return by_account

    def reset_user_attempts(self, request, credentials: dict | None = None) -> int:
        count, _ = AccessAttempt.objects.filter(
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        ).delete()
        return count

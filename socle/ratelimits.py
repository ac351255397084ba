"""Rate limits on actions that cost someone else something: sign-ups, reports,
private messages and every form that sends an email.

One helper, `enforce_rate_limit(request, scope, email=...)`, counts an action
with django-ratelimit's counters (the `RATELIMIT_USE_CACHE` cache: Redis in
production, so every process shares them) per account, per client address and
per target email, with the numbers of `settings.RESEAU_RATE_LIMITS[scope]`.
Past a limit it raises `RateLimited`; the site answers 429 with a French page
(`RATELIMIT_VIEW`), the API its `throttled` error. Call it once the form is
valid, just before the action: a typo does not use up the allowance, and a
refused action counts nothing.
"""

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.core import get_usage
from django_ratelimit.exceptions import Ratelimited

from socle.client_ip import client_ip

# Emails sent to one address because of any form share one allowance, whoever asks.
TARGET_EMAIL_GROUP = "reseau.target-email"


class RateLimited(Ratelimited):
    """Too many actions of one kind; the message says so in the reader's language."""

    def __init__(self, message=None):
        super().__init__(str(message or _("Too many attempts in a short time; try again later.")))


def normalise_email(value) -> str:
    return str(value or "").strip().lower()


def _counters(request, scope: str, email: str | None) -> list[tuple[str, str, str]]:
    limits = settings.RESEAU_RATE_LIMITS[scope]
    counters = []
    user = getattr(request, "user", None)
    if "account" in limits and user is not None and user.is_authenticated:
        counters.append((f"reseau.{scope}.account", limits["account"], f"account:{user.pk}"))
    if "address" in limits:
        counters.append((f"reseau.{scope}.address", limits["address"], client_ip(request)))
    if email is not None and normalise_email(email):
        rate = settings.RESEAU_RATE_LIMIT_PER_TARGET_EMAIL
        counters.append((TARGET_EMAIL_GROUP, rate, normalise_email(email)))
    return counters


def _usage(request, group: str, rate: str, value: str, *, increment: bool) -> dict | None:
    return get_usage(
        request, group=group, key=lambda _group, _request: value, rate=rate, increment=increment
    )


def enforce_rate_limit(request, scope: str, *, email: str | None = None) -> None:
    """Count one `scope` action of this request (and one email to `email`, when
    it sends one); raise RateLimited, counting nothing, once a limit is reached."""
    counters = _counters(request, scope, email)
    for group, rate, value in counters:
        usage = _usage(request, group, rate, value, increment=False)
        if usage is not None and (usage["should_limit"] or usage["count"] >= usage["limit"]):
            if group == TARGET_EMAIL_GROUP:
                raise RateLimited(
                    _("Too many emails were sent to this address recently; try again later.")
                )
            raise RateLimited(MESSAGES.get(scope))
    for group, rate, value in counters:
        _usage(request, group, rate, value, increment=True)


MESSAGES = {
    "signup": gettext_lazy("Too many accounts were created from this connection; try again later."),
    "report": gettext_lazy("You have sent many reports in a short time; try again later."),
    "message": gettext_lazy("You have sent many messages in a short time; try again later."),
}

"""Production settings for the load bench: plain HTTP on loopback, static files
found without collectstatic, rate limits out of the way (every simulated
resident comes from 127.0.0.1, and the bench measures the site, not the limits)."""

from reseau.settings.production import *  # noqa: F403

STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}  # noqa: F405
WHITENOISE_USE_FINDERS = True
_MANY = "100000/h"
RESEAU_RATE_LIMITS = {  # noqa: F405
    scope: dict.fromkeys(limits, _MANY)
    for scope, limits in RESEAU_RATE_LIMITS.items()  # noqa: F405
}
RESEAU_RATE_LIMIT_PER_TARGET_EMAIL = _MANY
AXES_ENABLED = False
# A retried job is due again soon (the mail server is stopped for seconds here).
RESEAU_JOB_RETRY = {"max_attempts": 20, "wait": 1, "exponential_wait": 0}

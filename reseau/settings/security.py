"""Who the client is, login throttling, rate limits and the
Content-Security-Policy."""

from csp.constants import NONCE

from .environment import env, redis_url
from .project import RESEAU_MAP_TILE_URL

# --- Client address: X-Forwarded-For is believed from these proxies only ------
# Addresses or networks of the reverse proxies in front of the site (e.g.
# "127.0.0.1"); empty: REMOTE_ADDR is the client (socle/client_ip.py).
RESEAU_TRUSTED_PROXIES = env.list("RESEAU_TRUSTED_PROXIES", default=[])

# --- Login throttling (django-axes): per account, and per address for spraying --
# The login form and POST /api/v1/auth/token share it (socle/login_throttle.py).
AXES_HANDLER = "socle.login_throttle.AccountThenAddressHandler"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)  # per account (normalised email)
# Per client address, on any accounts: high, as a library computer is shared.
RESEAU_LOGIN_ADDRESS_FAILURE_LIMIT = env.int("RESEAU_LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "socle.login_throttle.account_key"
AXES_CLIENT_IP_CALLABLE = "socle.client_ip.client_ip"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True  # only that account's failures from that address
AXES_VERBOSE = False

# --- Rate limits (django-ratelimit; socle/ratelimits.py) -------------------------
# Counted per account, per client address and per target email; "N/h" is N an
# hour. Every form that sends an email, and every sign-up, report and private
# message, calls socle.ratelimits.enforce_rate_limit; past a limit: HTTP 429.
RESEAU_RATE_LIMITS = {
    "signup": {"address": "5/h"},
    "report": {"account": "10/h", "address": "60/h"},
    "message": {"account": "30/h", "address": "120/h"},
    # Forms that email someone: platform requests and interest, confidential
    # forms, password reset, confirmation link sent again.
    "email": {"account": "10/h", "address": "20/h"},
    "invitation": {"account": "30/h", "address": "60/h"},
    # Posts of guests without an account (/entraide/proposer/).
    "guest": {"address": "5/h"},
}
# Emails sent to one address because of any of those forms, whoever asks.
RESEAU_RATE_LIMIT_PER_TARGET_EMAIL = "3/h"
RATELIMIT_USE_CACHE = "ratelimit"  # reseau/settings/caches.py
# Redis restarting (the only way the counters' cache fails, socle/cache.py):
# the limits let requests through for those seconds rather than refuse them all.
RATELIMIT_FAIL_OPEN = True
RATELIMIT_VIEW = "reseau.views_limits.rate_limited"

SILENCED_SYSTEM_CHECKS = [
    # Without REDIS_URL the site is one process (make run, tests): its memory is
    # shared by every request. Production runs several processes and sets
    # REDIS_URL (docs/DEPLOYMENT.md), so the counters live in Redis there.
    *([] if redis_url else ["django_ratelimit.E003"]),
    # Django's own Redis backend increments atomically; the check only knows django-redis.
    "django_ratelimit.W001",
    # Emails are unique case-insensitively by a functional constraint
    # (voisinages.Resident), which auth's check does not recognise.
    "auth.W004",
]

# --- Content-Security-Policy (django-csp; reseau.middleware adds the socket
# origin of the request's host and the Wagtail admin's allowances under /cms/).
# No inline script runs without the request's nonce; map tiles come from the
# tile server's origin ("{s}." subdomains become "*.").
_tiles = RESEAU_MAP_TILE_URL.split("/")
_tile_origin = f"{_tiles[0]}//{_tiles[2].replace('{s}', '*')}" if len(_tiles) > 2 else ""
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'", NONCE],
        # style="…" attributes in templates (no script can run from them).
        "style-src-attr": ["'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:", *([_tile_origin] if _tile_origin else [])],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'self'"],
    },
}

"""Production: secrets come from the environment, nothing is generated."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
RESEAU_URL_SCHEME = env("RESEAU_URL_SCHEME", default="https")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Django's own pool: PgBouncer in transaction mode would mix tenants (docs/ARCHITECTURE.md, "Tenancy").
# With CONN_HEALTH_CHECKS (reseau/settings/tenancy.py) the pool checks each
# connection before handing it out: after a PostgreSQL restart, dead ones are
# replaced, no worker restart. While PostgreSQL is away a request waits at most
# `timeout` seconds for a connection, then gets the 503 page (reseau/unavailable.py);
# a failed reconnection is given up after `reconnect_timeout` seconds, so the
# next request tries again at once instead of waiting out an exponential back-off.
DATABASES["default"]["OPTIONS"].setdefault(
    "pool",
    {
        # Per worker process; each request in flight holds one (Django runs
        # every request in its own thread under ASGI). psycopg_pool's default
        # of 4 turned a burst of logins into waits, then 503s.
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=2),
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=12),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=3.0),
        "reconnect_timeout": env.float("DATABASE_POOL_RECONNECT_TIMEOUT", default=1.0),
    },
)

# Links in emails carry the public port: the scheme's default unless set.
RESEAU_PORT = env.int("RESEAU_PUBLIC_PORT", default=443 if RESEAU_URL_SCHEME == "https" else 80)
_netloc = RESEAU_BASE_DOMAIN if RESEAU_PORT in (80, 443) else f"{RESEAU_BASE_DOMAIN}:{RESEAU_PORT}"
WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", default=f"{RESEAU_URL_SCHEME}://{_netloc}")

# HTTPS only, with secure defaults; each can be relaxed from the environment
# (e.g. SECURE_SSL_REDIRECT=0 when the proxy already redirects).
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
# The proxy's health check reaches daphne over plain HTTP.
SECURE_REDIRECT_EXEMPT = env.list("SECURE_REDIRECT_EXEMPT", default=[])

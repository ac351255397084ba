"""Settings shared by every environment. Everything reads the environment
(django-environ) and has a safe default, so a newcomer sets nothing."""

from pathlib import Path

import environ
from csp.constants import NONCE
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = BASE_DIR / ".data"

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="")
RESEAU_BASE_DOMAIN = env("RESEAU_BASE_DOMAIN", default="localhost")
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[RESEAU_BASE_DOMAIN, f".{RESEAU_BASE_DOMAIN}", "127.0.0.1"]
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# --- Tenancy -----------------------------------------------------------------
SHARED_APPS = [
    "django_tenants",
    "daphne",
    "tenants",
    # The user model lives in every schema, the public one included (platform
    # staff are the public schema's accounts): a commune's accounts are its own.
    "voisinages",
    "taggit",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "axes",
    "channels",
    "csp",
]

TENANT_APPS = [
    "django.contrib.contenttypes",
    "django.contrib.postgres",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "axes",
    "taggit",
    "voisinages",
    "discussions",
    "objets",
    "jardins",
    "cms",
    "api",
    "ninja",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
]

INSTALLED_APPS = list(SHARED_APPS) + [a for a in TENANT_APPS if a not in SHARED_APPS]

TENANT_MODEL = "tenants.Commune"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# New communes are cloned from this schema, kept migrated by migrate_schemas
# (it is a Commune row without a domain): ~1 s instead of ~10 s of migrations.
TENANT_BASE_SCHEMA = "modele"
TENANT_CREATION_FAKES_MIGRATIONS = True
PUBLIC_SCHEMA_URLCONF = "reseau.urls_public"
ROOT_URLCONF = "reseau.urls_tenant"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False

DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)

if env("DATABASE_URL", default=""):
    _db = env.db_url("DATABASE_URL")
else:
    from reseau.embedded_db import database_settings

    _db = database_settings()
_db["ENGINE"] = "django_tenants.postgresql_backend"
_db.setdefault("OPTIONS", {})
DATABASES = {"default": _db}

# --- Django ------------------------------------------------------------------
MIDDLEWARE = [
    "reseau.middleware.CommuneMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Every answer carries the policy, those of the middleware below included.
    "reseau.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "reseau.middleware.FrenchFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Size limits before anything reads the body (CSRF reads the form in process_view).
    "reseau.request_limits.RequestLimitsMiddleware",
    "reseau.middleware.ControlCharactersMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "reseau.middleware.TenantRedirectMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_USER_MODEL = "voisinages.Resident"
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "reseau.views_errors.csrf_failure"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: Django tells it of every new password, and it revokes API tokens.
    {"NAME": "api.passwords.RevokeTokensOnPasswordChange"},
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "reseau" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "reseau.context_processors.commune",
            ],
        },
    },
]

# Django's form renderer with the plain widgets written in Python (same HTML).
FORM_RENDERER = "reseau.form_renderer.WidgetRenderer"

WSGI_APPLICATION = None
ASGI_APPLICATION = "reseau.asgi.application"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Languages: French first, English second --------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "reseau" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

# --- Static and media (media keyed by schema: MEDIA_ROOT/<schema>/) ----------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "reseau" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=DATA_DIR / "media")
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
STORAGES = {
    "default": {"BACKEND": "django_tenants.files.storage.TenantFileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Uploads and request sizes (docs/DEPLOYMENT.md: the proxy's client_max_body_size
# is RESEAU_MAX_REQUEST_BYTES; reseau/request_limits.py answers in French past them)
_MB = 1024 * 1024
RESEAU_MAX_REQUEST_BYTES = env.int("RESEAU_MAX_REQUEST_BYTES", default=20 * _MB)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * _MB  # a request's body without its files (forms, JSON)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * _MB  # a larger uploaded file is spooled to disk
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # Wagtail's editor posts many fields for a long page
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # an object has at most 5 photos
# Every uploaded picture (socle/images.py): pixels read from the header first.
RESEAU_IMAGE_MAX_BYTES = 8 * _MB
RESEAU_IMAGE_MAX_PIXELS = 40_000_000

# --- Caches: every key is prefixed by the schema -----------------------------
_CACHE_KEYS = {
    "KEY_FUNCTION": "django_tenants.cache.make_key",
    "REVERSE_KEY_FUNCTION": "django_tenants.cache.reverse_key",
}
if env("REDIS_URL", default=""):
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            **_CACHE_KEYS,
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": env("REDIS_URL"),
            "KEY_PREFIX": "renditions",
            **_CACHE_KEYS,
        },
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "reseau",
            # Post cards are cached (discussions/cards.py): a feed page alone
            # stores 22, beyond Django's default of 300 entries per process.
            "OPTIONS": {"MAX_ENTRIES": 20000},
            **_CACHE_KEYS,
        },
        "renditions": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "renditions",
            **_CACHE_KEYS,
        },
    }

# --- Channels: in memory by default, Redis when REDIS_URL is set -------------
if env("REDIS_URL", default=""):
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # redis-py 8: no socket timeout (it breaks the blocking receive)
                # and room for bursts of connections.
                "hosts": [
                    {
                        "address": env("REDIS_URL"),
                        "socket_timeout": None,
                        "max_connections": 1000,
                    }
                ],
            },
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Email -------------------------------------------------------------------
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Réseau <ne-pas-repondre@reseau.localhost>")

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
}
# Emails sent to one address because of any of those forms, whoever asks.
RESEAU_RATE_LIMIT_PER_TARGET_EMAIL = "3/h"
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_VIEW = "reseau.views_limits.rate_limited"
INSTALLED_APPS += ["django_ratelimit"]
MIDDLEWARE += ["django_ratelimit.middleware.RatelimitMiddleware"]
if env("REDIS_URL", default=""):
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env("REDIS_URL"),
        "KEY_PREFIX": "ratelimit",
        **_CACHE_KEYS,
    }
    # Django's own Redis backend increments atomically; the check only knows django-redis.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
else:
    CACHES["ratelimit"] = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "ratelimit",
        **_CACHE_KEYS,
    }
    # Without REDIS_URL the site is one process (make run, tests): its memory is
    # shared by every request. Production runs several processes and sets
    # REDIS_URL (docs/DEPLOYMENT.md), so the counters live in Redis there.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = "Réseau"
# One password reset for everyone, the rate-limited /accounts/password_reset/:
# Wagtail's own would send reset emails without any limit.
WAGTAIL_PASSWORD_RESET_ENABLED = False
# Editors' images: the same limits as every other upload.
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = RESEAU_IMAGE_MAX_BYTES
WAGTAILIMAGES_MAX_IMAGE_PIXELS = RESEAU_IMAGE_MAX_PIXELS
# Editors' documents: office files only, always through Wagtail's view (which
# checks collection privacy and sends nosniff), downloaded, PDFs alone shown inline
# (reseau/views.py adds a sandbox to every answer of that view).
WAGTAILDOCS_EXTENSIONS = [
    "pdf", "odt", "ods", "odp", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "rtf", "txt", "csv",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 15 * _MB
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL", default=f"http://{RESEAU_BASE_DOMAIN}:{env.int('PORT', default=8000)}"
)
WAGTAIL_I18N_ENABLED = False
# No avatars fetched from Gravatar: an editor's email hash never leaves the
# site, and the admin stays within the Content-Security-Policy (img-src 'self').
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "SEARCH_CONFIG": "public.fr_unaccent",
    }
}
WAGTAILADMIN_PERMITTED_LANGUAGES = [("fr", "Français"), ("en", "English")]
# Wagtail queues work through django-tasks with model and pk only: keep the
# immediate backend so the tenant's schema is still active (PITFALLS.md).
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

# --- Réseau ------------------------------------------------------------------
RESEAU_MAP_TILE_URL = env(
    "RESEAU_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)

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
RESEAU_MAP_ATTRIBUTION = env("RESEAU_MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
# The port that links in emails carry (reset, invitation, confirmation): the
# public one, never the Host header's. `make run` serves on PORT (8000).
RESEAU_PORT = env.int("RESEAU_PUBLIC_PORT", default=env.int("PORT", default=8000))
RESEAU_URL_SCHEME = env("RESEAU_URL_SCHEME", default="http")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

# Emails are unique case-insensitively by a functional constraint
# (voisinages.Resident), which auth's check does not recognise.
SILENCED_SYSTEM_CHECKS += ["auth.W004"]

# Tags ("Jardinage" and "jardinage" are one skill).
TAGGIT_CASE_INSENSITIVE = True

# --- Platform (tenants, issue 9) ----------------------------------------------
# Archives of communes made by platform staff (pg_dump of the schema + media).
RESEAU_EXPORT_ROOT = env.path("RESEAU_EXPORT_ROOT", default=DATA_DIR / "exports")

# --- cms: the commune's pages ------------------------------------------------
# ASCII slugs: "Fête des voisins" → /agenda/fete-des-voisins/.
WAGTAIL_ALLOW_UNICODE_SLUGS = False

# --- Live (issue 5): the project package as an app (send_digests, email hook) --
INSTALLED_APPS += ["reseau.apps.ReseauConfig"]
if env("REDIS_URL", default=""):
    # A Redis that does not answer must not hang a request that publishes.
    CHANNEL_LAYERS["default"]["CONFIG"]["hosts"][0]["socket_connect_timeout"] = 2

# --- discussions -------------------------------------------------------------
# Set the tenant's search_path once per connection and schema switch instead of
# before every query (django-tenants resets it on set_tenant/close/rollback):
# halves the statements of every page (the feed: 16 -> 8).
TENANT_LIMIT_SET_CALLS = env.bool("TENANT_LIMIT_SET_CALLS", default=True)

# --- JSON API (api app, /api/v1/ on each commune's host) ----------------------
# API clients choose their language with Accept-Language (the site ignores it).
MIDDLEWARE.insert(
    MIDDLEWARE.index("reseau.middleware.FrenchFirstLocaleMiddleware") + 1,
    "api.middleware.ApiLanguageMiddleware",
)
NINJA_PAGINATION_MAX_LIMIT = 100

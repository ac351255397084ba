"""One PostgreSQL schema per commune (django-tenants): the apps of the public
schema and of every commune's schema, the tenant models, the database."""

from .environment import env

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
    # The job queue's tables (public schema only; socle/jobs.py).
    "procrastinate.contrib.django",
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
    # Not wagtail.contrib.forms nor wagtail.embeds: no form page, no embed in
    # rich text; their tables would be in every commune (cms migration 0007).
    "wagtail.contrib.redirects",
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

INSTALLED_APPS = [
    *SHARED_APPS,
    *(app for app in TENANT_APPS if app not in SHARED_APPS),
    "django_ratelimit",
    # The project package as an app: its ready() finds every app's
    # contributions, and it holds the commands that run over all communes.
    "reseau.apps.ReseauConfig",
]

TENANT_MODEL = "tenants.Commune"
TENANT_DOMAIN_MODEL = "tenants.Domain"
# New communes are cloned from this schema, kept migrated by migrate_schemas
# (it is a Commune row without a domain): ~1 s instead of ~10 s of migrations.
TENANT_BASE_SCHEMA = "modele"
TENANT_CREATION_FAKES_MIGRATIONS = True
PUBLIC_SCHEMA_URLCONF = "reseau.urls_public"
ROOT_URLCONF = "reseau.urls_tenant"
SHOW_PUBLIC_IF_NO_TENANT_FOUND = False
# Set the tenant's search_path once per connection and schema switch instead of
# before every query (django-tenants resets it on set_tenant/close/rollback):
# halves the statements of every page (the feed: 16 -> 8).
TENANT_LIMIT_SET_CALLS = env.bool("TENANT_LIMIT_SET_CALLS", default=True)

DATABASE_ROUTERS = ("django_tenants.routers.TenantSyncRouter",)


# DATABASE_URL when set, else the embedded PostgreSQL under .data/.
if env("DATABASE_URL", default=""):
    _database = env.db_url("DATABASE_URL")
else:
    from reseau.embedded_db import database_settings

    _database = database_settings()
_database["ENGINE"] = "django_tenants.postgresql_backend"
_database.setdefault("OPTIONS", {})
# A connection kept across requests is checked before its first use in a request
# and replaced if PostgreSQL restarted meanwhile (no worker restart needed).
_database.setdefault("CONN_HEALTH_CHECKS", True)
DATABASES = {"default": _database}

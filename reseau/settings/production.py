"""Production: secrets come from the environment, nothing is generated."""

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
RESEAU_URL_SCHEME = env("RESEAU_URL_SCHEME", default="https")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
# Django's own pool: PgBouncer in transaction mode would mix tenants (PITFALLS.md).
DATABASES["default"]["OPTIONS"].setdefault("pool", True)

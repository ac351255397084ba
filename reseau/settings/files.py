"""Static files, media (keyed by schema: MEDIA_ROOT/<schema>/), uploads and
request sizes."""

from .environment import BASE_DIR, DATA_DIR, env

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

# Request sizes: docs/DEPLOYMENT.md sets the proxy's client_max_body_size to
# RESEAU_MAX_REQUEST_BYTES; reseau/request_limits.py answers in French past them.
_MB = 1024 * 1024
RESEAU_MAX_REQUEST_BYTES = env.int("RESEAU_MAX_REQUEST_BYTES", default=20 * _MB)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * _MB  # a request's body without its files (forms, JSON)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * _MB  # a larger uploaded file is spooled to disk
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000  # Wagtail's editor posts many fields for a long page
DATA_UPLOAD_MAX_NUMBER_FILES = 10  # an object has at most 5 photos
# Every uploaded picture (socle/images.py): pixels read from the header first.
RESEAU_IMAGE_MAX_BYTES = 8 * _MB
RESEAU_IMAGE_MAX_PIXELS = 40_000_000

"""Wagtail, the commune's pages (cms) and its editors."""

from .environment import RESEAU_BASE_DOMAIN, env
from .files import RESEAU_IMAGE_MAX_BYTES, RESEAU_IMAGE_MAX_PIXELS

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
WAGTAILDOCS_MAX_UPLOAD_SIZE = 15 * 1024 * 1024
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
WAGTAILDOCS_BLOCK_EMBEDDED_CONTENT = True
WAGTAILADMIN_BASE_URL = env(
    "WAGTAILADMIN_BASE_URL", default=f"http://{RESEAU_BASE_DOMAIN}:{env.int('PORT', default=8000)}"
)
WAGTAIL_I18N_ENABLED = False
# ASCII slugs: "Fête des voisins" → /agenda/fete-des-voisins/.
WAGTAIL_ALLOW_UNICODE_SLUGS = False
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
# Wagtail queues work through django-tasks with model and pk only: the
# immediate backend runs it at once, while the commune's schema is still the
# connection's (docs/ARCHITECTURE.md, "Tenancy").
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}

"""French first, English second; times in Paris."""

from django.utils.translation import gettext_lazy as _

from .environment import BASE_DIR

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "reseau" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Paris"
USE_TZ = True

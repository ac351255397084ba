from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoisinagesConfig(AppConfig):
    name = "voisinages"
    verbose_name = _("Neighbours")

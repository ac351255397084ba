from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoisinagesConfig(AppConfig):
    name = "voisinages"
    verbose_name = _("Neighbours")

    def ready(self):
        from reseau import live  # noqa: F401  (registers live delivery of notifications)

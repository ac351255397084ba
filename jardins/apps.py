from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JardinsConfig(AppConfig):
    name = "jardins"
    verbose_name = _("Shared gardens")

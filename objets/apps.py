from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjetsConfig(AppConfig):
    name = "objets"
    verbose_name = _("Lending")

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VoisinagesConfig(AppConfig):
    name = "voisinages"
    verbose_name = _("Neighbours")

    def ready(self):
        from voisinages import live  # noqa: F401  (registers live delivery of notifications)
        from voisinages.notifications import EMAIL_NOW, IN_APP, register_kind

        register_kind(
            "voisinages.member.pending", _("A new neighbour waits for approval"), default=IN_APP
        )
        register_kind(
            "voisinages.member.approved", _("Your account was approved"), default=EMAIL_NOW
        )
        register_kind("voisinages.role.granted", _("You received a role"), default=IN_APP)

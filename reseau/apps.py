from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReseauConfig(AppConfig):
    """The project package as an app: live delivery, emails, send_digests."""

    name = "reseau"
    label = "reseau"
    verbose_name = _("Réseau")

    def ready(self):
        from reseau import emails, live  # noqa: F401  (register the after-commit hooks)

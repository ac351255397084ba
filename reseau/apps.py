from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReseauConfig(AppConfig):
    """The project package as an app: live delivery, emails, send_digests."""

    name = "reseau"
    label = "reseau"
    verbose_name = _("Réseau")

    def ready(self):
        from django.db.backends.signals import connection_created

        from reseau import emails, live  # noqa: F401  (register the after-commit hooks)
        from socle.dates import install_safe_loaders

        # A date stored before the bounds existed never fails a whole page.
        connection_created.connect(install_safe_loaders, dispatch_uid="socle.dates.safe_loaders")

from django.apps import AppConfig
from django.core import checks
from django.db.backends.signals import connection_created
from django.utils.translation import gettext_lazy as _

from socle import registry
from socle.dates import install_safe_loaders


class ReseauConfig(AppConfig):
    """The project package as an app: live delivery, emails, send_digests; its
    ready() finds what every app contributes (socle/registry.py)."""

    name = "reseau"
    label = "reseau"
    verbose_name = _("Réseau")

    def ready(self):
        # A date stored before the bounds existed never fails a whole page.
        connection_created.connect(install_safe_loaders, dispatch_uid="socle.dates.safe_loaders")
        # Every app's contributions.py (socle/registry.py); errors inside one propagate.
        registry.discover()
        checks.register(registry.check_data_rights)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Pages")

    def ready(self):
        from voisinages.notifications import EMAIL_NOW, register_kind

        register_kind(
            "cms.confidential.received",
            _("A confidential request reached the town's mediators"),
            default=EMAIL_NOW,
        )

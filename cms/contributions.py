"""What the town's pages bring to the platform (see socle/registry.py)."""

from django.utils.translation import gettext_lazy as _

from cms import demo, exports, services
from socle import registry
from socle.registry import EMAIL_NOW

registry.notification_kind(
    "cms.confidential.received",
    _("A confidential request reached the town's mediators"),
    EMAIL_NOW,
)

registry.data_rights("cms", export=exports.export_for, forget=exports.forget)
registry.demo_data("cms", demo.seed)
# A new commune's Wagtail site points at its hostname, its home page has its name.
registry.commune_defaults("cms", services.install_commune_site)

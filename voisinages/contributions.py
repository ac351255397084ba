"""What voisinages brings to the platform (see socle/registry.py)."""

from django.utils.translation import gettext_lazy as _

from socle import registry
from socle.registry import EMAIL_NOW, IN_APP
from voisinages import dashboard, demo, exports, live

registry.notification_kind(
    "voisinages.member.pending", _("A new neighbour waits for approval"), IN_APP
)
registry.notification_kind("voisinages.member.approved", _("Your account was approved"), EMAIL_NOW)
registry.notification_kind("voisinages.role.granted", _("You received a role"), IN_APP)

# Committed notifications reach the recipients' open sockets (before any email).
registry.notification_hook(live.deliver_after_commit)

registry.data_rights("voisinages", export=exports.export_for, forget=exports.forget)
registry.demo_data("voisinages", demo.seed)
registry.dashboard_figure("members", title=_("Members"), compute=dashboard.members, cumulative=True)

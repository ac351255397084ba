"""What the shared gardens bring to the platform (see socle/registry.py)."""

from django.utils.translation import gettext_lazy as _

from jardins import dashboard, demo, exports, selectors
from socle import registry
from socle.registry import DIGEST, EMAIL_NOW, IN_APP
from voisinages import contact

for code, label, default in [
    ("jardins.application.received", _("Someone applies for a plot (coordinators)"), DIGEST),
    ("jardins.plot.assigned", _("You have been given a plot"), EMAIL_NOW),
    ("jardins.renewal.requested", _("Confirm or free your plot for the year"), EMAIL_NOW),
    ("jardins.renewal.expired", _("Your plot went back (not confirmed)"), EMAIL_NOW),
    ("jardins.renewal.closed", _("A plot renewal closed (coordinators)"), DIGEST),
    ("jardins.slot.reminder", _("Reminder of your rota slot"), EMAIL_NOW),
    ("jardins.slot.unclaimed", _("A rota slot nobody has taken"), IN_APP),
    ("jardins.swap.requested", _("A member asks you to swap a slot"), IN_APP),
    ("jardins.swap.answered", _("Answer to your swap request"), IN_APP),
    ("jardins.harvest.announced", _("A harvest shared in your garden"), DIGEST),
    ("jardins.event.created", _("A new event in your garden"), DIGEST),
    ("jardins.message.posted", _("A message in your garden's thread"), DIGEST),
]:
    registry.notification_kind(code, label, default)

registry.data_rights("jardins", export=exports.export_for, forget=exports.forget)
registry.demo_data("jardins", demo.seed)
registry.dashboard_figure(
    "garden_occupancy",
    title=_("Garden occupancy (percent of plots in use)"),
    compute=dashboard.garden_occupancy,
)
contact.subject_kind("jardin", selectors.contact_subject)

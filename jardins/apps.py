from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JardinsConfig(AppConfig):
    name = "jardins"
    verbose_name = _("Shared gardens")

    def ready(self):
        from voisinages.notifications import DIGEST, EMAIL_NOW, IN_APP, register_kind

        register_kind(
            "jardins.application.received", _("Someone applies for a plot (coordinators)")
        )
        register_kind("jardins.plot.assigned", _("You have been given a plot"), EMAIL_NOW)
        register_kind(
            "jardins.renewal.requested", _("Confirm or free your plot for the year"), EMAIL_NOW
        )
        register_kind(
            "jardins.renewal.expired", _("Your plot went back (not confirmed)"), EMAIL_NOW
        )
        register_kind("jardins.renewal.closed", _("A plot renewal closed (coordinators)"))
        register_kind("jardins.slot.reminder", _("Reminder of your rota slot"), EMAIL_NOW)
        register_kind("jardins.slot.unclaimed", _("A rota slot nobody has taken"), IN_APP)
        register_kind("jardins.swap.requested", _("A member asks you to swap a slot"), IN_APP)
        register_kind("jardins.swap.answered", _("Answer to your swap request"), IN_APP)
        register_kind("jardins.harvest.announced", _("A harvest shared in your garden"), DIGEST)
        register_kind("jardins.event.created", _("A new event in your garden"), DIGEST)
        register_kind("jardins.message.posted", _("A message in your garden's thread"), DIGEST)

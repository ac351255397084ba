from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ObjetsConfig(AppConfig):
    name = "objets"
    verbose_name = _("Lending")

    def ready(self):
        from voisinages.notifications import EMAIL_NOW, IN_APP, register_kind

        register_kind(
            "objets.loan.requested", _("A neighbour asks to borrow your object"), EMAIL_NOW
        )
        register_kind("objets.loan.accepted", _("Your loan request is accepted"), EMAIL_NOW)
        register_kind("objets.loan.declined", _("Your loan request is declined"), EMAIL_NOW)
        register_kind("objets.loan.cancelled", _("A loan is cancelled"), EMAIL_NOW)
        register_kind("objets.loan.handover", _("The other party confirmed a handover"), IN_APP)
        register_kind("objets.loan.started", _("A loan has started"), IN_APP)
        register_kind("objets.loan.returned", _("A borrowed object is back"), IN_APP)
        register_kind("objets.loan.completed", _("A return is confirmed"), IN_APP)
        register_kind("objets.loan.reviewed", _("You received a review after a loan"), IN_APP)
        register_kind("objets.loan.reminder", _("Loan reminders (start, due date)"), EMAIL_NOW)
        register_kind("objets.loan.overdue", _("A loan is overdue"), EMAIL_NOW)

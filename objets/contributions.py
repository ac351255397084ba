"""What lending brings to the platform (see socle/registry.py)."""

from django.utils.translation import gettext_lazy as _

from objets import dashboard, demo, exports
from objets import reputation as obj_reputation
from socle import registry
from socle.registry import EMAIL_NOW, IN_APP
from voisinages import contact, reputation

for code, label, default in [
    ("objets.loan.requested", _("A neighbour asks to borrow your object"), EMAIL_NOW),
    ("objets.loan.accepted", _("Your loan request is accepted"), EMAIL_NOW),
    ("objets.loan.declined", _("Your loan request is declined"), EMAIL_NOW),
    ("objets.loan.cancelled", _("A loan is cancelled"), EMAIL_NOW),
    ("objets.loan.handover", _("The other party confirmed a handover"), IN_APP),
    ("objets.loan.started", _("A loan has started"), IN_APP),
    ("objets.loan.returned", _("A borrowed object is back"), IN_APP),
    ("objets.loan.completed", _("A return is confirmed"), IN_APP),
    ("objets.loan.reviewed", _("You received a review after a loan"), IN_APP),
    ("objets.loan.reminder", _("Loan reminders (start, due date)"), EMAIL_NOW),
    ("objets.loan.overdue", _("A loan is overdue"), EMAIL_NOW),
]:
    registry.notification_kind(code, label, default)

registry.data_rights("objets", export=exports.export_for, forget=exports.forget)
registry.demo_data("objets", demo.seed)
registry.dashboard_figure("loans", title=_("Loans"), compute=dashboard.loans)
reputation.source(
    "objets",
    figure=obj_reputation.lent_figure,
    totals=obj_reputation.loan_totals,
    reviews=obj_reputation.loan_reviews,
    line=obj_reputation.loan_line,
)
contact.subject_kind("objet", obj_reputation.contact_subject)

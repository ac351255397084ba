"""The verbs that change objects and loans (see each module)."""

from objets.services.items import (
    add_blackout,
    create_item,
    delete_photo,
    remove_blackout,
    save_category,
    update_item,
)
from objets.services.loans import (
    accept_loan,
    cancel_loan,
    confirm_handover,
    confirm_return,
    decline_loan,
    leave_review,
    mark_returned,
    request_loan,
)
from objets.services.reminders import send_loan_reminders

__all__ = [
    "accept_loan",
    "add_blackout",
    "cancel_loan",
    "confirm_handover",
    "confirm_return",
    "create_item",
    "decline_loan",
    "delete_photo",
    "leave_review",
    "mark_returned",
    "remove_blackout",
    "request_loan",
    "save_category",
    "send_loan_reminders",
    "update_item",
]

"""The verbs of the gardens app (one module per area)."""

from jardins.services.community import (
    announce_harvest,
    create_event,
    post_message,
    remove_harvest,
)
from jardins.services.gardens import (
    add_photo,
    create_garden,
    delete_photo,
    join_garden,
    set_coordinator,
    update_garden,
)
from jardins.services.plots import (
    add_plot,
    answer_renewal,
    apply_for_plot,
    assign_to_next,
    close_expired_renewals,
    set_priority,
    start_renewal,
    update_plot,
    withdraw_application,
)
from jardins.services.rota import (
    add_slot,
    answer_swap,
    create_task,
    leave_slot,
    propose_swap,
    send_rota_reminders,
    sign_up,
)

__all__ = [
    "add_photo",
    "add_plot",
    "add_slot",
    "announce_harvest",
    "answer_renewal",
    "answer_swap",
    "apply_for_plot",
    "assign_to_next",
    "close_expired_renewals",
    "create_event",
    "create_garden",
    "create_task",
    "delete_photo",
    "join_garden",
    "leave_slot",
    "post_message",
    "propose_swap",
    "remove_harvest",
    "send_rota_reminders",
    "set_coordinator",
    "set_priority",
    "sign_up",
    "start_renewal",
    "update_garden",
    "update_plot",
    "withdraw_application",
]

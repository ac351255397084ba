"""What the project package brings: committed notifications sent by email at
once (see socle/registry.py)."""

from reseau import tasks
from socle import registry

registry.notification_hook(tasks.queue_notification_emails)

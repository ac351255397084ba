"""What the project package brings: delivery of committed notifications, live
and by email (see socle/registry.py)."""

from reseau import emails, live
from socle import registry

registry.notification_hook(live.deliver_notifications)
registry.notification_hook(emails.send_immediate_emails)

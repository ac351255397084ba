"""What the project package brings: committed notifications sent by email at
once (see socle/registry.py)."""

from reseau import emails
from socle import registry

registry.notification_hook(emails.send_immediate_emails)

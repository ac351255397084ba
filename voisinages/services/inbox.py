"""The resident's inbox: marking notifications read."""

from django.db import transaction
from django.http import Http404
from django.utils import timezone

from voisinages.models import Notification, Resident


@transaction.atomic
def mark_read(*, resident: Resident, notification_id: int) -> Notification:
    """Mark one of the resident's own notifications read (404 for anyone else's)."""
    notification = Notification.objects.filter(pk=notification_id, recipient=resident).first()
    if notification is None:
        raise Http404("No such notification.")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, resident: Resident) -> int:
    return Notification.objects.filter(recipient=resident, read_at__isnull=True).update(
        read_at=timezone.now()
    )

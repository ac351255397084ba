"""Notifications delivered live: after a commit that created notifications,
each recipient's open sockets get them (socle/live.py sends; the inbox stays the truth)."""

from django.db import transaction
from django_tenants.utils import schema_context

from socle.live import send_to_group, user_group
from voisinages.models import Notification


def deliver_notifications(schema: str, commune_id: int, ids: list[int]) -> None:
    with schema_context(schema):
        rows = list(
            Notification.objects.filter(pk__in=ids).values(
                "pk", "recipient_id", "kind", "title", "body", "url", "created_at"
            )
        )
    for row in rows:
        send_to_group(
            user_group(commune_id, row["recipient_id"]),
            {
                "type": "notification",
                "id": row["pk"],
                "kind": row["kind"],
                "title": row["title"],
                "body": row["body"],
                "url": row["url"],
                "created_at": row["created_at"].isoformat(),
            },
        )


def deliver_after_commit(schema: str, commune_id: int, ids: list[int]) -> None:
    """The notification hook: nothing reaches a socket before the commit."""
    transaction.on_commit(lambda: deliver_notifications(schema, commune_id, ids))

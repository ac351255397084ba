"""Live delivery over the channel layer. Group names carry the commune:
`t<commune id>.u<resident id>` for one resident, `t<commune id>.feed` for the
whole commune. A failing channel layer loses nothing: the inbox is the truth."""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from voisinages.models import Notification
from voisinages.notifications import on_notifications_committed

logger = logging.getLogger(__name__)


def user_group(commune_id: int, resident_id: int) -> str:
    return f"t{commune_id}.u{resident_id}"


def feed_group(commune_id: int) -> str:
    """Commune-wide events: a new post, an alert."""
    return f"t{commune_id}.feed"


def post_group(commune_id: int, post_id: int) -> str:
    """Readers of one post (new comments)."""
    return f"t{commune_id}.post{post_id}"


def conversation_group(commune_id: int, conversation_id: int) -> str:
    """The two members of a private conversation (messages, "vu" marks)."""
    return f"t{commune_id}.conv{conversation_id}"


def moderation_group(commune_id: int) -> str:
    """Ambassadors watching the moderation queue count."""
    return f"t{commune_id}.moderation"


def publish(group: str, event: dict) -> bool:
    """Send an event to a group once committed; services call it inside
    `transaction.on_commit` with primary keys and plain values only."""
    return send_to_group(group, event)


def send_to_group(group: str, event: dict) -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, {"type": "live.event", "event": event})
    except Exception:  # the layer is down: pages and the inbox keep working
        logger.warning("Live delivery to %s failed", group, exc_info=True)
        return False
    return True


@on_notifications_committed
def deliver_notifications(schema: str, commune_id: int, ids: list[int]) -> None:
    from django_tenants.utils import schema_context

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

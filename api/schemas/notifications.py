"""The shapes of api/routers/notifications.py: what its operations read and answer."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT


class NotificationOut(Schema):
    id: int
    kind: str
    title: str
    body: str
    url: str
    actor: str | None
    created_at: datetime
    read_at: datetime | None

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.display_name if obj.actor_id else None


class InboxFilters(Schema):
    since_id: int | None = Field(None, ge=0, description="Only notifications newer than this id.")
    unread: bool = Field(False, description="Only unread notifications.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)

"""The shapes of api/routers/conversations.py: what its operations read and answer."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from voisinages.models import name_or_former


class ConversationOut(Schema):
    id: int
    with_id: int | None = Field(..., description="The other neighbour's id.")
    with_name: str
    post_id: int | None
    last_message_at: datetime
    unread: int

    @staticmethod
    def resolve_with_id(obj, context):
        other = obj.other(context["request"].user)
        return other.pk if other else None

    @staticmethod
    def resolve_with_name(obj, context):
        return name_or_former(obj.other(context["request"].user))

    @staticmethod
    def resolve_unread(obj):
        return getattr(obj, "unread", 0)


class MessageOut(Schema):
    id: int
    conversation_id: int
    sender_id: int | None
    sender: str
    body: str
    created_at: datetime

    @staticmethod
    def resolve_sender(obj):
        return name_or_former(obj.sender)


class StartIn(Schema):
    recipient_id: int
    body: str = Field("", max_length=5000, description="A first message (optional).")


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)


class ReadOut(Schema):
    up_to_id: int

"""Private messages between neighbours (discussions' services and selectors)."""

from datetime import datetime

from ninja import Router, Schema
from pydantic import Field

from api.schemas import responses
from discussions import selectors
from discussions.services import messages as services
from socle.ratelimits import enforce_rate_limit

router = Router(tags=["conversations"])


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
        other = obj.other(context["request"].user)
        return other.display_name if other else "—"

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
        return obj.sender.display_name if obj.sender_id else "—"


class StartIn(Schema):
    recipient_id: int
    body: str = Field("", max_length=5000, description="A first message (optional).")


class MessageIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)


class ReadOut(Schema):
    up_to_id: int


@router.get("/conversations", response=responses(list[ConversationOut]), summary="My conversations")
def list_conversations(request):
    return selectors.conversations_of(viewer=request.user)


@router.post(
    "/conversations", response=responses(ConversationOut, 201), summary="Write to a neighbour"
)
def start(request, payload: StartIn):
    recipient = selectors.get_neighbour(viewer=request.user, resident_id=payload.recipient_id)
    enforce_rate_limit(request, "message")
    conversation = services.start_conversation(sender=request.user, recipient=recipient)
    if payload.body.strip():
        services.send_message(conversation=conversation, sender=request.user, body=payload.body)
    return 201, _one(request, conversation.pk)


def _one(request, conversation_id):
    conversation = selectors.get_conversation_for(
        viewer=request.user, conversation_id=conversation_id
    )
    conversation.unread = 0
    return conversation


@router.get(
    "/conversations/{int:conversation_id}", response=responses(ConversationOut), summary="One"
)
def get_conversation(request, conversation_id: int):
    for conversation in selectors.conversations_of(viewer=request.user):
        if conversation.pk == conversation_id:
            return conversation
    return _one(request, conversation_id)  # raises 404 when it is not mine


@router.get(
    "/conversations/{int:conversation_id}/messages",
    response=responses(list[MessageOut]),
    summary="The last 200 messages, oldest first",
)
def list_messages(request, conversation_id: int):
    conversation = _one(request, conversation_id)
    return selectors.messages_of(conversation=conversation)


@router.post(
    "/conversations/{int:conversation_id}/messages",
    response=responses(MessageOut, 201),
    summary="Send a message",
)
def send(request, conversation_id: int, payload: MessageIn):
    conversation = _one(request, conversation_id)
    enforce_rate_limit(request, "message")
    return 201, services.send_message(
        conversation=conversation, sender=request.user, body=payload.body
    )


@router.post(
    "/conversations/{int:conversation_id}/read",
    response=responses(ReadOut),
    summary="Mark the conversation read",
)
def read(request, conversation_id: int):
    conversation = _one(request, conversation_id)
    return {"up_to_id": services.mark_read(conversation=conversation, reader=request.user)}

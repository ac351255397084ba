"""Private messages between neighbours (discussions' services and selectors)."""

from ninja import Router

from api.schemas import responses
from api.schemas.conversations import (
    ConversationOut,
    MessageIn,
    MessageOut,
    ReadOut,
    StartIn,
)
from discussions import selectors
from discussions.services import messages as services
from socle.ratelimits import enforce_rate_limit

router = Router(tags=["conversations"])


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

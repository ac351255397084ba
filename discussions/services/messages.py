"""Private conversations between two residents, read marks, blocking."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import MESSAGE_MAX, Block, Conversation, Message, Post
from discussions.text import refuse_scripts
from socle import live
from voisinages.models import Resident
from voisinages.notifications import notify


def is_blocked_between(a: Resident, b: Resident) -> bool:
    return Block.objects.filter(Q(blocker=a, blocked=b) | Q(blocker=b, blocked=a)).exists()


@transaction.atomic
def start_conversation(
    *, sender: Resident, recipient: Resident, post: Post | None = None
) -> Conversation:
    """The conversation between two residents (created once per pair)."""
    if not sender.can_post:
        raise PermissionDenied(_("Only verified residents can write to neighbours."))
    if sender.pk == recipient.pk:
        raise ValidationError(_("You cannot write to yourself."))
    if not recipient.is_active:
        raise ValidationError(_("This neighbour's account is suspended."))
    if is_blocked_between(sender, recipient):
        raise PermissionDenied(_("You cannot write to this neighbour."))
    first, second = sorted([sender, recipient], key=lambda r: r.pk)
    existing = Conversation.objects.filter(first=first, second=second).first()
    if existing is not None:
        return existing
    if not recipient.accepts_messages:
        # Their choice on their profile ("neighbours can send me private messages").
        raise PermissionDenied(_("This neighbour does not accept private messages."))
    conversation, _created = Conversation.objects.get_or_create(
        first=first, second=second, defaults={"post": post}
    )
    return conversation


@transaction.atomic
def send_message(*, conversation: Conversation, sender: Resident, body: str) -> Message:
    """Add a message; the other member is notified and sees it live."""
    if sender.pk not in (conversation.first_id, conversation.second_id):
        raise PermissionDenied
    other = conversation.other(sender)
    if other is None or not other.is_active:
        raise ValidationError(_("This neighbour's account is suspended."))
    if is_blocked_between(sender, other):
        raise PermissionDenied(_("You cannot write to this neighbour."))
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > MESSAGE_MAX:
        raise ValidationError(
            {
                "body": _("The message is too long (%(max)d characters at most).")
                % {"max": MESSAGE_MAX}
            }
        )
    refuse_scripts(body, field="body")
    message = Message(conversation=conversation, sender=sender, body=body)
    message.full_clean()
    message.save()
    field = "first_read_up_to" if sender.pk == conversation.first_id else "second_read_up_to"
    setattr(conversation, field, message.pk)
    conversation.last_message_at = timezone.now()
    conversation.save(update_fields=[field, "last_message_at"])
    live.publish_on_commit(
        lambda commune_id: live.conversation_group(commune_id, conversation.pk),
        {
            "type": "message.created",
            "conversation_id": conversation.pk,
            "message_id": message.pk,
            "fragment_url": reverse("message_fragment", args=[message.pk]),
        },
    )
    notify(
        recipients=[other],
        kind="discussions.message.received",
        title=_("New message from %(name)s") % {"name": sender.display_name},
        body=body[:200],
        url=conversation.get_absolute_url(),
        actor=sender,
        target=conversation,
    )
    return message


@transaction.atomic
def mark_read(*, conversation: Conversation, reader: Resident) -> int:
    """Mark every message as read by `reader`; returns the last id read."""
    last = conversation.messages.order_by("-id").values_list("id", flat=True).first() or 0
    field = "first_read_up_to" if reader.pk == conversation.first_id else "second_read_up_to"
    if getattr(conversation, field) < last:
        setattr(conversation, field, last)
        conversation.save(update_fields=[field])
        live.publish_on_commit(
            lambda commune_id: live.conversation_group(commune_id, conversation.pk),
            {
                "type": "message.seen",
                "conversation_id": conversation.pk,
                "reader_id": reader.pk,
                "up_to_id": last,
            },
        )
    return last


@transaction.atomic
def block_resident(*, blocker: Resident, blocked: Resident) -> Block:
    """Stop a neighbour from writing to you (and you to them)."""
    if blocker.pk == blocked.pk:
        raise ValidationError(_("You cannot block yourself."))
    block, _created = Block.objects.get_or_create(blocker=blocker, blocked=blocked)
    return block


@transaction.atomic
def unblock_resident(*, blocker: Resident, blocked: Resident) -> None:
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()

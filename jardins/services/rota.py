"""The task rota: recurring tasks, slots, sign-ups, swaps and reminders."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jardins.access import is_member, require_coordinator
from jardins.models import Garden, Slot, Swap, Task
from voisinages.models import Resident
from voisinages.notifications import notify

MAX_SLOTS = 52
REMIND_BEFORE = timedelta(days=1)
ANNOUNCE_UNCLAIMED_BEFORE = timedelta(days=2)


def _rota_url(garden: Garden) -> str:
    return reverse("garden_rota", args=[garden.pk])


def _when(slot: Slot) -> str:
    return timezone.localtime(slot.starts_at).strftime("%d/%m/%Y %H:%M")


@transaction.atomic
def create_task(
    *,
    garden: Garden,
    by: Resident,
    title: str,
    kind: str,
    first_at,
    every_days: int,
    count: int,
    description: str = "",
    duration_minutes: int = 60,
) -> Task:
    """A coordinator adds a recurring task and its next `count` slots."""
    require_coordinator(garden, by)
    if first_at <= timezone.now():
        raise ValidationError(_("The first slot must be in the future."))
    if not 1 <= count <= MAX_SLOTS:
        raise ValidationError(
            _("Create between 1 and %(max)s slots at a time.") % {"max": MAX_SLOTS}
        )
    task = Task(
        garden=garden,
        title=title,
        kind=kind,
        description=description,
        every_days=every_days,
        duration_minutes=duration_minutes,
    )
    task.full_clean()
    task.save()
    Slot.objects.bulk_create(
        Slot(task=task, starts_at=first_at + timedelta(days=task.every_days * i))
        for i in range(count)
    )
    return task


@transaction.atomic
def add_slot(*, task: Task, by: Resident, starts_at) -> Slot:
    """One more slot for a task (a one-off date)."""
    require_coordinator(task.garden, by)
    if starts_at <= timezone.now():
        raise ValidationError(_("A slot cannot be in the past."))
    if task.slots.filter(starts_at=starts_at).exists():
        raise ValidationError(_("This task already has a slot at that time."))
    slot = Slot(task=task, starts_at=starts_at)
    slot.full_clean()
    slot.save()
    return slot


def _lock(slot: Slot) -> Slot:
    return (
        Slot.objects.select_for_update(of=("self",)).select_related("task__garden").get(pk=slot.pk)
    )


def _require_garden_member(garden: Garden, resident: Resident) -> None:
    if not resident.is_active or not (is_member(garden, resident)):
        raise ValidationError(_("Only members of this garden can take part in the rota."))


@transaction.atomic
def sign_up(*, slot: Slot, member: Resident) -> Slot:
    """A member takes a free future slot."""
    slot = _lock(slot)
    _require_garden_member(slot.task.garden, member)
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot is in the past."))
    if slot.assignee_id is not None:
        raise ValidationError(_("Someone has already taken this slot."))
    slot.assignee = member
    slot.save(update_fields=["assignee"])
    return slot


@transaction.atomic
def leave_slot(*, slot: Slot, member: Resident) -> Slot:
    slot = _lock(slot)
    if slot.assignee_id != member.pk:
        raise ValidationError(_("This slot is not yours."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot is in the past."))
    slot.assignee, slot.reminded_at = None, None
    slot.save(update_fields=["assignee", "reminded_at"])
    slot.swaps.filter(status=Swap.Status.PENDING).update(status=Swap.Status.CANCELLED)
    return slot


@transaction.atomic
def propose_swap(
    *, slot: Slot, requester: Resident, recipient: Resident, offered_slot: Slot | None = None
) -> Swap:
    """The holder of `slot` asks `recipient` (a member) to take it, in exchange
    for `offered_slot` (one of the recipient's) if given."""
    slot = _lock(slot)
    garden = slot.task.garden
    if slot.assignee_id != requester.pk:
        raise ValidationError(_("You can only swap a slot you have taken."))
    if slot.starts_at <= timezone.now():
        raise ValidationError(_("This slot is in the past."))
    if recipient.pk == requester.pk:
        raise ValidationError(_("Choose another member."))
    if not recipient.is_active or not is_member(garden, recipient):
        raise ValidationError(_("You can only swap with a member of this garden."))
    if offered_slot is not None:
        offered_slot = _lock(offered_slot)
        if offered_slot.task.garden_id != garden.pk or offered_slot.assignee_id != recipient.pk:
            raise ValidationError(_("The slot asked in exchange must be one of theirs."))
        if offered_slot.starts_at <= timezone.now():
            raise ValidationError(_("This slot is in the past."))
    if slot.swaps.filter(status=Swap.Status.PENDING).exists():
        raise ValidationError(_("A swap is already waiting for an answer for this slot."))
    swap = Swap(slot=slot, requester=requester, recipient=recipient, offered_slot=offered_slot)
    swap.full_clean()
    swap.save()
    notify(
        recipients=[recipient],
        kind="jardins.swap.requested",
        title=_("%(name)s asks you to swap: %(task)s on %(when)s")
        % {"name": requester.display_name, "task": slot.task.title, "when": _when(slot)},
        url=_rota_url(garden),
        actor=requester,
        target=swap,
    )
    return swap


@transaction.atomic
def answer_swap(*, swap: Swap, recipient: Resident, accept: bool) -> Swap:
    """The other member accepts (the slots change hands) or declines."""
    swap = Swap.objects.select_for_update().get(pk=swap.pk)
    if swap.recipient_id != recipient.pk:
        raise PermissionDenied(_("This swap is not addressed to you."))
    if swap.status != Swap.Status.PENDING:
        raise ValidationError(_("This swap has already been answered."))
    slot = _lock(swap.slot)
    now = timezone.now()
    swap.answered_at = now
    if accept:
        offered = _lock(swap.offered_slot) if swap.offered_slot_id else None
        if slot.assignee_id != swap.requester_id or (
            offered is not None and offered.assignee_id != recipient.pk
        ):
            raise ValidationError(_("The slots have changed since the request."))
        if slot.starts_at <= now:
            raise ValidationError(_("This slot is in the past."))
        _require_garden_member(slot.task.garden, recipient)
        slot.assignee, slot.reminded_at = recipient, None
        slot.save(update_fields=["assignee", "reminded_at"])
        if offered is not None:
            offered.assignee, offered.reminded_at = swap.requester, None
            offered.save(update_fields=["assignee", "reminded_at"])
        swap.status = Swap.Status.ACCEPTED
    else:
        swap.status = Swap.Status.DECLINED
    swap.save(update_fields=["status", "answered_at"])
    notify(
        recipients=[swap.requester],
        kind="jardins.swap.answered",
        title=(
            _("%(name)s accepted the swap: %(task)s on %(when)s")
            if accept
            else _("%(name)s declined the swap: %(task)s on %(when)s")
        )
        % {"name": recipient.display_name, "task": slot.task.title, "when": _when(slot)},
        url=_rota_url(slot.task.garden),
        actor=recipient,
        target=swap,
    )
    return swap


@transaction.atomic
def send_rota_reminders(*, now=None) -> dict:
    """Remind whoever holds a slot starting within a day; announce to the
    garden's members any slot nobody took two days before. Each slot once."""
    now = now or timezone.now()
    reminded = announced = 0
    due = Slot.objects.select_for_update(of=("self",)).select_related("task__garden", "assignee")
    for slot in due.filter(
        assignee__isnull=False,
        reminded_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + REMIND_BEFORE,
    ):
        notify(
            recipients=[slot.assignee],
            kind="jardins.slot.reminder",
            title=_("Reminder: %(task)s at %(garden)s on %(when)s")
            % {"task": slot.task.title, "garden": slot.task.garden.name, "when": _when(slot)},
            url=_rota_url(slot.task.garden),
            target=slot,
        )
        slot.reminded_at = now
        slot.save(update_fields=["reminded_at"])
        reminded += 1
    for slot in due.filter(
        assignee__isnull=True,
        announced_at__isnull=True,
        starts_at__gt=now,
        starts_at__lte=now + ANNOUNCE_UNCLAIMED_BEFORE,
    ):
        garden = slot.task.garden
        members = Resident.objects.filter(
            garden_memberships__garden=garden, is_active=True
        ).distinct()
        notify(
            recipients=members,
            kind="jardins.slot.unclaimed",
            title=_("Nobody has taken %(task)s on %(when)s at %(garden)s: can you?")
            % {"task": slot.task.title, "when": _when(slot), "garden": garden.name},
            url=_rota_url(garden),
            target=slot,
        )
        slot.announced_at = now
        slot.save(update_fields=["announced_at"])
        announced += 1
    return {"reminded": reminded, "announced": announced}


def members_for_swap(garden: Garden, exclude: Resident):
    return (
        Resident.objects.filter(garden_memberships__garden=garden, is_active=True)
        .exclude(pk=exclude.pk)
        .order_by("first_name", "last_name")
    )

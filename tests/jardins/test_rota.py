"""The task rota: recurring slots, sign-ups by members, swaps the other member
accepts, reminders and unclaimed slots announced (send_garden_reminders)."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone

from jardins import services
from jardins.models import Slot, Swap, Task
from voisinages.models import Notification

from .conftest import text

pytestmark = pytest.mark.django_db


def _local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_coordinator_creates_a_recurring_task_through_the_form(world, client_for):
    first = timezone.now() + timedelta(days=2)
    response = client_for(world.commune, world.coordinator).post(
        f"/jardins/{world.garden.pk}/taches/nouvelle/",
        {
            "title": "Compost",
            "kind": "compost",
            "first_at": _local(first),
            "every_days": 14,
            "count": 3,
            "duration_minutes": 30,
        },
    )
    assert response.status_code == 302
    with world.ctx():
        starts = list(Slot.objects.values_list("starts_at", flat=True))
    assert len(starts) == 3 and starts[1] - starts[0] == timedelta(days=14)


def test_a_slot_in_the_past_is_rejected(world, client_for, task):
    client = client_for(world.commune, world.coordinator)
    past = _local(timezone.now() - timedelta(hours=2))
    response = client.post(
        f"/jardins/{world.garden.pk}/taches/nouvelle/",
        {
            "title": "Ouverture",
            "kind": "opening",
            "first_at": past,
            "every_days": 7,
            "count": 2,
            "duration_minutes": 30,
        },
    )
    assert response.status_code == 400
    assert "Le premier créneau doit être dans le futur." in text(response)
    response = client.post(
        f"/jardins/{world.garden.pk}/taches/{task.pk}/creneau/", {"starts_at": past}, follow=True
    )
    assert "Un créneau ne peut pas être dans le passé." in text(response)
    with world.ctx():
        assert Task.objects.count() == 1 and Slot.objects.count() == 4


def test_a_member_signs_up_and_a_non_member_is_refused(
    world, client_for, add_member, resident, task
):
    member = add_member()
    with world.ctx():
        slot = task.slots.first()
    response = client_for(world.commune, resident).post(
        f"/jardins/{world.garden.pk}/creneaux/{slot.pk}/inscription/", follow=True
    )
    assert "Seuls les membres de ce jardin peuvent participer au planning." in text(response)
    with world.ctx():
        slot.refresh_from_db()
        assert slot.assignee is None
    response = client_for(world.commune, member).post(
        f"/jardins/{world.garden.pk}/creneaux/{slot.pk}/inscription/", follow=True
    )
    assert "Le créneau est à vous." in text(response)
    # Taken: a second member cannot take it.
    other = add_member(first_name="Noé")
    response = client_for(world.commune, other).post(
        f"/jardins/{world.garden.pk}/creneaux/{slot.pk}/inscription/", follow=True
    )
    assert "Quelqu'un a déjà pris ce créneau." in text(response)
    with world.ctx():
        slot.refresh_from_db()
        assert slot.assignee == member


def test_signing_up_to_a_past_slot_is_refused(world, add_member, task):
    member = add_member()
    with world.ctx():
        slot = task.slots.first()
    with time_machine.travel(slot.starts_at + timedelta(hours=1)), world.ctx():
        with pytest.raises(ValidationError, match="Ce créneau est passé."):
            services.sign_up(slot=slot, member=member)
        slot.refresh_from_db()
        assert slot.assignee is None


def test_swap_happens_only_when_the_other_member_accepts(world, client_for, add_member, task):
    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    with world.ctx():
        first, second = task.slots.all()[:2]
        services.sign_up(slot=first, member=alice)
        services.sign_up(slot=second, member=bruno)
    response = client_for(world.commune, alice).post(
        f"/jardins/{world.garden.pk}/creneaux/{first.pk}/echange/",
        {"recipient": bruno.pk, "offered_slot": second.pk},
        follow=True,
    )
    assert "Demande d'échange envoyée." in text(response)
    with world.ctx():
        swap = Swap.objects.get()
        first.refresh_from_db()
        assert first.assignee == alice  # nothing moves before Bruno answers
        assert Notification.objects.filter(recipient=bruno, kind="jardins.swap.requested").exists()
    # Alice cannot accept on Bruno's behalf.
    assert (
        client_for(world.commune, alice)
        .post(f"/jardins/{world.garden.pk}/echanges/{swap.pk}/", {"answer": "accept"})
        .status_code
        == 403
    )
    page = text(client_for(world.commune, bruno).get(f"/jardins/{world.garden.pk}/taches/"))
    assert "vous demande de prendre" in page
    client_for(world.commune, bruno).post(
        f"/jardins/{world.garden.pk}/echanges/{swap.pk}/", {"answer": "accept"}
    )
    with world.ctx():
        first.refresh_from_db()
        second.refresh_from_db()
        assert first.assignee == bruno and second.assignee == alice
        assert Swap.objects.get().status == Swap.Status.ACCEPTED
        assert Notification.objects.filter(recipient=alice, kind="jardins.swap.answered").exists()


def test_a_declined_swap_changes_nothing(world, add_member, task):
    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    with world.ctx():
        slot = task.slots.first()
        services.sign_up(slot=slot, member=alice)
        swap = services.propose_swap(slot=slot, requester=alice, recipient=bruno)
        services.answer_swap(swap=swap, recipient=bruno, accept=False)
        slot.refresh_from_db()
        assert slot.assignee == alice
        with pytest.raises(ValidationError, match="déjà reçu une réponse"):
            services.answer_swap(swap=swap, recipient=bruno, accept=True)


def test_swapping_with_a_non_member_or_a_slot_not_mine_is_refused(
    world, client_for, add_member, resident, task
):
    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    with world.ctx():
        slot = task.slots.first()
        services.sign_up(slot=slot, member=alice)
        with pytest.raises(ValidationError, match="membre de ce jardin"):
            services.propose_swap(slot=slot, requester=alice, recipient=resident)
        with pytest.raises(ValidationError, match="que vous avez pris"):
            services.propose_swap(slot=slot, requester=bruno, recipient=alice)
        assert not Swap.objects.exists()


def test_another_commune_cannot_sign_up_or_swap(
    world, add_member, task, other_commune, make_resident, client_for
):
    alice = add_member(first_name="Alice")
    with world.ctx():
        slot, spare = task.slots.all()[:2]
        services.sign_up(slot=slot, member=alice)
        swap = services.propose_swap(
            slot=slot, requester=alice, recipient=add_member(first_name="Bruno")
        )
    client = client_for(other_commune, make_resident(other_commune))
    base = f"/jardins/{world.garden.pk}"
    assert client.post(f"{base}/creneaux/{spare.pk}/inscription/").status_code == 404
    assert client.post(f"{base}/echanges/{swap.pk}/", {"answer": "accept"}).status_code == 404
    assert client.post(f"{base}/taches/nouvelle/", {"title": "x"}).status_code == 404
    with world.ctx():
        spare.refresh_from_db()
        assert spare.assignee is None
        assert Swap.objects.get().status == Swap.Status.PENDING


def test_reminders_and_unclaimed_slots_are_sent_once(world, add_member, task):
    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    with world.ctx():
        taken, empty = task.slots.all()[:2]
        services.sign_up(slot=taken, member=alice)
        Slot.objects.filter(pk=empty.pk).update(starts_at=taken.starts_at + timedelta(hours=12))
    with time_machine.travel(taken.starts_at - timedelta(hours=20), tick=False):
        call_command("send_garden_reminders", stdout=StringIO())
        call_command("send_garden_reminders", stdout=StringIO())
    with world.ctx():
        reminders = Notification.objects.filter(kind="jardins.slot.reminder")
        assert [n.recipient for n in reminders] == [alice]
        announced = Notification.objects.filter(kind="jardins.slot.unclaimed")
        assert {n.recipient for n in announced} == {alice, bruno, world.coordinator}
        assert announced.count() == 3  # once per member, not once per run
        assert "Personne n'a pris Arrosage" in announced.first().title

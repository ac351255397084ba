"""Another commune reaches none of a garden's endpoints, even as an ambassador
with ids that exist in the first commune: 404 everywhere, nothing changed."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jardins import services
from jardins.models import (
    Application,
    GardenEvent,
    GardenMessage,
    Harvest,
    Membership,
    Plot,
    RenewalCampaign,
    Slot,
    Swap,
    Task,
)
from voisinages import roles

from .conftest import plot

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        model.__name__: sorted(model.objects.values_list(*fields))
        for model, fields in [
            (Plot, ("pk", "status", "holder", "area_m2")),
            (Application, ("pk", "status", "priority")),
            (Membership, ("pk", "role")),
            (Slot, ("pk", "assignee")),
            (Swap, ("pk", "status")),
            (Harvest, ("pk",)),
            (GardenEvent, ("pk",)),
            (GardenMessage, ("pk",)),
            (RenewalCampaign, ("pk",)),
            (Task, ("pk",)),
        ]
    }


def test_every_endpoint_is_closed_to_another_commune(
    world, add_member, make_resident, other_commune, client_for
):
    alice, bruno = add_member(first_name="Alice"), add_member(first_name="Bruno")
    free = plot(world, 1)
    soon = timezone.now() + timedelta(days=3)
    with world.ctx():
        application = services.apply_for_plot(
            garden=world.garden, applicant=make_resident(world.commune, first_name="Anna")
        )
        task = services.create_task(
            garden=world.garden,
            by=world.coordinator,
            title="Compost",
            kind=Task.Kind.COMPOST,
            first_at=soon,
            every_days=7,
            count=2,
        )
        slot, other_slot = task.slots.all()
        services.sign_up(slot=slot, member=alice)
        swap = services.propose_swap(slot=slot, requester=alice, recipient=bruno)
        harvest = services.announce_harvest(garden=world.garden, author=alice, title="Salades")
        membership = Membership.objects.get(resident=bruno)
        before = _snapshot()
    base = f"/jardins/{world.garden.pk}"
    when = timezone.localtime(soon).strftime("%Y-%m-%dT%H:%M")
    posts = {
        f"{base}/modifier/": {"name": "Volé", "plan_columns": 3},
        f"{base}/parcelles/nouvelle/": {"number": 2, "area_m2": "5"},
        f"{base}/parcelles/{free.pk}/": {"area_m2": "1", "reserved_for": "x"},
        f"{base}/parcelles/{free.pk}/attribuer/": {},
        f"{base}/candidater/": {"note": "x"},
        f"{base}/retirer/": {},
        f"{base}/liste-d-attente/{application.pk}/priorite/": {"priority": 9, "reason": "x"},
        f"{base}/renouvellement/": {"deadline": when},
        f"{base}/membres/{membership.pk}/role/": {"on": "1"},
        f"{base}/taches/nouvelle/": {
            "title": "x",
            "kind": "other",
            "first_at": when,
            "every_days": 1,
            "count": 1,
            "duration_minutes": 30,
        },
        f"{base}/taches/{task.pk}/creneau/": {"starts_at": when},
        f"{base}/creneaux/{other_slot.pk}/inscription/": {},
        f"{base}/creneaux/{slot.pk}/liberer/": {},
        f"{base}/creneaux/{slot.pk}/echange/": {"recipient": bruno.pk},
        f"{base}/echanges/{swap.pk}/": {"answer": "accept"},
        f"{base}/recoltes/": {"title": "x"},
        f"{base}/recoltes/{harvest.pk}/supprimer/": {},
        f"{base}/evenements/": {"kind": "other", "title": "x", "starts_at": when, "ends_at": when},
        f"{base}/discussion/": {"body": "x"},
    }
    stranger = make_resident(other_commune, roles=(roles.AMBASSADOR,))
    client = client_for(other_commune, stranger)
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    for url in (f"{base}/", f"{base}/liste-d-attente/", f"{base}/taches/", f"{base}/agenda.ics"):
        assert client.get(url).status_code == 404, url
    with world.ctx():
        assert _snapshot() == before

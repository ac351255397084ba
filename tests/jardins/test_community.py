"""Harvests, garden events, the members' thread, and data rights."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jardins import exports, services
from jardins.models import GardenEvent, GardenMessage, Harvest, Membership, Plot
from voisinages.models import Notification

from .conftest import plot, text

pytestmark = pytest.mark.django_db


def test_a_member_shares_a_harvest_shown_on_the_garden_page(world, client_for, add_member):
    member = add_member(first_name="Iris")
    other = add_member(first_name="Paul")
    response = client_for(world.commune, member).post(
        f"/jardins/{world.garden.pk}/recoltes/",
        {"title": "Courgettes en trop", "description": "Une dizaine, au cabanon"},
        follow=True,
    )
    html = text(response)
    assert "Votre récolte est annoncée." in html
    assert "Courgettes en trop" in html and "Proposé par Iris D." in html
    with world.ctx():
        assert Notification.objects.filter(
            recipient=other, kind="jardins.harvest.announced"
        ).exists()
        assert Harvest.objects.get().post_id is None


def test_a_non_member_cannot_share_a_harvest(
    world, client_for, resident, other_commune, make_resident
):
    url = f"/jardins/{world.garden.pk}/recoltes/"
    assert client_for(world.commune, resident).post(url, {"title": "Pommes"}).status_code == 403
    assert (
        client_for(other_commune, make_resident(other_commune))
        .post(url, {"title": "Pommes"})
        .status_code
        == 404
    )
    with world.ctx():
        assert not Harvest.objects.exists()


def test_coordinator_plans_an_event_and_bad_dates_are_refused(world, client_for, add_member):
    member = add_member()
    client = client_for(world.commune, world.coordinator)
    start = timezone.localtime(timezone.now() + timedelta(days=5)).replace(microsecond=0)
    fmt = "%Y-%m-%dT%H:%M"
    bad = client.post(
        f"/jardins/{world.garden.pk}/evenements/",
        {
            "kind": "work_day",
            "title": "Chantier",
            "starts_at": start.strftime(fmt),
            "ends_at": (start - timedelta(hours=1)).strftime(fmt),
        },
    )
    assert bad.status_code == 400
    assert "L'événement doit se terminer après son début." in text(bad)
    ok = client.post(
        f"/jardins/{world.garden.pk}/evenements/",
        {
            "kind": "planting",
            "title": "Plantation des fraisiers",
            "starts_at": start.strftime(fmt),
            "ends_at": (start + timedelta(hours=2)).strftime(fmt),
        },
        follow=True,
    )
    assert "Plantation des fraisiers" in text(ok)
    with world.ctx():
        assert GardenEvent.objects.count() == 1
        assert Notification.objects.filter(recipient=member, kind="jardins.event.created").exists()
    ics = text(client_for(world.commune).get(f"/jardins/{world.garden.pk}/agenda.ics"))
    assert "SUMMARY:Plantation des fraisiers" in ics
    assert (
        client_for(world.commune, member)
        .post(f"/jardins/{world.garden.pk}/evenements/", {"title": "x"})
        .status_code
        == 403
    )


def test_the_thread_is_for_members_only(
    world, client_for, add_member, resident, other_commune, make_resident
):
    member = add_member(first_name="Iris")
    url = f"/jardins/{world.garden.pk}/discussion/"
    client_for(world.commune, member).post(url, {"body": "Qui a la clé du cabanon ?"})
    html = text(client_for(world.commune, world.coordinator).get(url))
    assert "Qui a la clé du cabanon ?" in html and "Iris D." in html
    assert client_for(world.commune, resident).get(url).status_code == 403
    assert client_for(world.commune, resident).post(url, {"body": "intrus"}).status_code == 403
    assert (
        client_for(other_commune, make_resident(other_commune))
        .post(url, {"body": "intrus"})
        .status_code
        == 404
    )
    empty = client_for(world.commune, member).post(url, {"body": "   "})
    assert empty.status_code == 400
    with world.ctx():
        assert list(GardenMessage.objects.values_list("body", flat=True)) == [
            "Qui a la clé du cabanon ?"
        ]


def test_export_and_forget(world, add_member):
    member = add_member(first_name="Iris")
    held = plot(world, 3, status=Plot.Status.ASSIGNED, holder=member)
    with world.ctx():
        services.post_message(garden=world.garden, author=member, body="Bonjour !")
        services.announce_harvest(garden=world.garden, author=member, title="Radis")
        data = exports.export_for(member)
        assert data["plots"][0]["number"] == 3
        assert data["messages"][0]["body"] == "Bonjour !"
        assert data["harvests"][0]["title"] == "Radis"
        exports.forget(member)
        held.refresh_from_db()
        assert held.status == Plot.Status.FREE and held.holder is None
        assert GardenMessage.objects.get().author is None
        assert not Harvest.objects.exists()
        assert not Membership.objects.filter(resident=member).exists()
        member.delete()


def test_deleting_an_account_frees_its_plot(world, add_member):
    from voisinages.services.data import delete_account

    member = add_member(first_name="Iris", password="un-mot-de-passe-solide")
    held = plot(world, 5, status=Plot.Status.ASSIGNED, holder=member)
    with world.ctx():
        services.post_message(garden=world.garden, author=member, body="Au revoir")
        delete_account(resident=member, password="un-mot-de-passe-solide", confirmation=True)
        held.refresh_from_db()
        assert held.holder is None and held.status == Plot.Status.FREE
        assert GardenMessage.objects.get().author is None

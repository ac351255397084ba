"""Every page of a garden renders for the people who use it, and the harvest
reaches the commune's feed through discussions' publish_post when chosen."""

from datetime import timedelta

import pytest
from django.utils import timezone

from jardins import services
from jardins.models import Harvest, Task
from jardins.services import community

from .conftest import plot, text

pytestmark = pytest.mark.django_db


def test_coordinator_pages_render(world, client_for, add_member):
    member = add_member()
    free = plot(world, 1)
    with world.ctx():
        task = services.create_task(
            garden=world.garden,
            by=world.coordinator,
            title="Arrosage",
            kind=Task.Kind.WATERING,
            first_at=timezone.now() + timedelta(days=1),
            every_days=7,
            count=2,
        )
        slot = task.slots.first()
        services.sign_up(slot=slot, member=world.coordinator)
    client = client_for(world.commune, world.coordinator)
    base = f"/jardins/{world.garden.pk}"
    for path, expected in [
        (f"{base}/", "Modifier le jardin"),
        (f"{base}/modifier/", "Modifier le jardin"),
        (f"{base}/parcelles/nouvelle/", "Ajouter une parcelle"),
        (f"{base}/parcelles/{free.pk}/", "Parcelle 1"),
        (f"{base}/liste-d-attente/", "Parcelles libres"),
        (f"{base}/taches/", "Je m'en charge"),
        (f"{base}/taches/nouvelle/", "Ajouter une tâche au planning"),
        (f"{base}/creneaux/{slot.pk}/echange/", "Mila D."),
        (f"{base}/recoltes/", "Partager une récolte"),
        (f"{base}/evenements/", "Prévoir un événement"),
        (f"{base}/discussion/", "Discussion des membres"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert expected in text(response), path
    assert member.pk  # the member is offered for the swap


def test_a_harvest_can_be_offered_in_the_feed(world, add_member, monkeypatch):
    member = add_member()
    published = []

    class FakePost:
        pk = 42

    def fake_publish_post(*, author, kind, title, body, **extra):
        published.append({"author": author, "kind": kind, "title": title, "body": body})
        return FakePost()

    monkeypatch.setattr(community, "publish_post", fake_publish_post)
    with world.ctx():
        harvest = services.announce_harvest(
            garden=world.garden, author=member, title="Tomates anciennes", to_feed=True
        )
        assert Harvest.objects.get(pk=harvest.pk).post_id == 42
    assert published[0]["kind"] == "offre" and published[0]["author"] == member
    assert "Jardin des Lilas" in published[0]["body"]


def test_a_harvest_dated_in_the_past_is_refused(world, add_member):
    member = add_member()
    with world.ctx():
        with pytest.raises(Exception, match="La date ne peut pas être passée."):
            services.announce_harvest(
                garden=world.garden,
                author=member,
                title="Poires",
                available_until=timezone.localdate() - timedelta(days=1),
            )
        assert not Harvest.objects.exists()


def test_a_harvest_reaches_the_real_feed_as_an_offer(world, add_member, client_for):
    """With discussions installed: the form offers the option and the post exists."""
    discussions = pytest.importorskip("discussions.services")
    assert discussions.publish_post
    from discussions.models import Post

    member = add_member(first_name="Iris")
    client = client_for(world.commune, member)
    form = text(client.get(f"/jardins/{world.garden.pk}/recoltes/"))
    assert "Le proposer aussi dans le fil de la commune" in form
    response = client.post(
        f"/jardins/{world.garden.pk}/recoltes/",
        {"title": "Tomates cerises en trop", "description": "Un plein panier", "to_feed": "on"},
        follow=True,
    )
    assert "aussi dans le fil" in text(response)
    with world.ctx():
        harvest = Harvest.objects.get()
        post = Post.objects.get(pk=harvest.post_id)
        assert post.kind == "offre" and post.title == "Tomates cerises en trop"
        assert post.author == member


def test_shared_tools_are_the_objects_owned_by_the_garden(world, make_resident, client_for):
    """With objets installed: a tool owned by the garden shows on its page."""
    objets_services = pytest.importorskip("objets.services")
    from objets.models import Category

    ambassador = make_resident(world.commune, roles=("ambassador",))
    with world.ctx():
        objets_services.create_item(
            actor=ambassador,
            title="Brouette du jardin",
            category=Category.objects.order_by("pk").first(),
            garden=world.garden,
        )
    page = text(client_for(world.commune).get(f"/jardins/{world.garden.pk}/"))
    assert "Brouette du jardin" in page
    assert "Aucun outil partagé" not in page

"""Gardens: the public list with a map, the garden page, management by
coordinators, photos, and another commune that cannot touch any of it."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_tenants.utils import schema_context
from PIL import Image

from jardins.models import Garden, GardenPhoto, Plot
from tests.images import BOMB_MESSAGE, bomb_upload, stored_files
from voisinages import roles

from .conftest import plot, text

pytestmark = pytest.mark.django_db


def _png(size=(2400, 1200)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (40, 160, 60)).save(buffer, format="PNG")
    return SimpleUploadedFile("jardin.png", buffer.getvalue(), content_type="image/png")


def test_list_shows_gardens_with_a_map(world, client_for, settings):
    plot(world, 1)
    response = client_for(world.commune).get("/jardins/")
    html = text(response)
    assert response.status_code == 200
    assert "Jardin des Lilas" in html
    assert "1 parcelle" in html
    assert "vendor/leaflet/leaflet.js" in html
    assert settings.RESEAU_MAP_TILE_URL in html
    assert '"lat": 48.88' in html
    # Without tiles (or JavaScript) the page still says where the garden is.
    assert "2 rue des Lilas" in html


def test_garden_page_is_public_with_a_coloured_plan(world, client_for, add_member):
    holder = add_member(first_name="Hugo")
    plot(world, 1, status=Plot.Status.ASSIGNED, holder=holder)
    plot(world, 2)
    plot(world, 3, status=Plot.Status.RESERVED, reserved_for="École Voltaire")
    with world.ctx():
        world.garden.rules = (
            "**Pas de pesticides.**\n\n<script>alert(1)</script>[lien](javascript:alert(1))"
        )
        world.garden.opening_hours = "Samedi 9h-12h"
        world.garden.save()
    response = client_for(world.commune).get(f"/jardins/{world.garden.pk}/")
    html = text(response)
    assert response.status_code == 200
    assert '<rect class="plot-assigned"' in html
    assert '<rect class="plot-free"' in html
    assert '<rect class="plot-reserved"' in html
    assert "École Voltaire" in html
    assert "<strong>Pas de pesticides.</strong>" in html
    assert "<script>alert" not in html and "javascript:" not in html
    assert "Samedi 9h-12h" in html
    assert "Rose" not in html  # visitors read no names
    assert "Hugo D." not in html  # holders' names are for members


def test_an_ambassador_opens_a_garden_and_becomes_coordinator(commune, make_resident, client_for):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    response = client_for(commune, ambassador).post(
        "/jardins/nouveau/",
        {
            "name": "Jardin du Moulin",
            "address": "Quai",
            "plan_columns": 5,
            "latitude": "48.9",
            "longitude": "2.2",
        },
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        garden = Garden.objects.get(name="Jardin du Moulin")
        assert garden.memberships.get().resident == ambassador


def test_a_resident_cannot_open_a_garden(commune, resident, client_for):
    response = client_for(commune, resident).post(
        "/jardins/nouveau/", {"name": "X", "plan_columns": 5}
    )
    assert response.status_code == 403


def test_coordinator_edits_and_member_cannot(world, client_for, add_member):
    member = add_member()
    url = f"/jardins/{world.garden.pk}/modifier/"
    data = {"name": "Jardin des Lilas", "description": "Nouveau", "plan_columns": 4}
    assert client_for(world.commune, member).post(url, data).status_code == 403
    assert client_for(world.commune, world.coordinator).post(url, data).status_code == 302
    with world.ctx():
        world.garden.refresh_from_db()
        assert world.garden.description == "Nouveau"


def test_half_a_location_is_rejected(world, client_for):
    response = client_for(world.commune, world.coordinator).post(
        f"/jardins/{world.garden.pk}/modifier/",
        {"name": "Jardin des Lilas", "latitude": "48.9", "plan_columns": 4},
    )
    assert response.status_code == 400
    assert "la latitude et la longitude" in text(response)


def test_coordinator_adds_a_resized_photo(world, client_for):
    client = client_for(world.commune, world.coordinator)
    response = client.post(
        f"/jardins/{world.garden.pk}/photos/",
        {"image": _png(), "caption": "Les tomates"},
        follow=True,
    )
    assert "Photo ajoutée." in text(response)
    with world.ctx():
        photo = GardenPhoto.objects.get()
        with Image.open(photo.image) as image:
            assert max(image.size) == 1600


def test_a_file_that_is_not_a_photo_is_rejected(world, client_for):
    client = client_for(world.commune, world.coordinator)
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = client.post(f"/jardins/{world.garden.pk}/photos/", {"image": fake}, follow=True)
    assert response.status_code == 200
    assert "image" in text(response).lower()
    with world.ctx():
        assert not GardenPhoto.objects.exists()


def test_negative_plot_size_is_rejected_and_nothing_created(world, client_for):
    client = client_for(world.commune, world.coordinator)
    for area in ("-4", "0"):
        response = client.post(
            f"/jardins/{world.garden.pk}/parcelles/nouvelle/", {"number": 1, "area_m2": area}
        )
        assert response.status_code == 400
        assert "doit être supérieure à 0 m²" in text(response)
    with world.ctx():
        assert not Plot.objects.exists()


def test_plot_numbers_are_unique_in_a_garden(world, client_for):
    plot(world, 1)
    response = client_for(world.commune, world.coordinator).post(
        f"/jardins/{world.garden.pk}/parcelles/nouvelle/", {"number": 1, "area_m2": "10"}
    )
    assert response.status_code == 400
    assert "déjà une parcelle avec ce numéro" in text(response)


def test_coordinator_adds_a_reserved_plot(world, client_for):
    response = client_for(world.commune, world.coordinator).post(
        f"/jardins/{world.garden.pk}/parcelles/nouvelle/",
        {"number": 4, "area_m2": "8.5", "reserved_for": "Association Graines"},
    )
    assert response.status_code == 302
    with world.ctx():
        created = Plot.objects.get()
        assert created.status == Plot.Status.RESERVED and created.area_m2 == Decimal("8.5")


def test_another_commune_cannot_see_or_change_the_garden(
    world, other_commune, make_resident, client_for
):
    stranger = make_resident(other_commune, roles=(roles.AMBASSADOR,))
    client = client_for(other_commune, stranger)
    pk = world.garden.pk
    assert client.get(f"/jardins/{pk}/").status_code == 404
    response = client.post(f"/jardins/{pk}/modifier/", {"name": "Pris", "plan_columns": 3})
    assert response.status_code == 404
    response = client.post(f"/jardins/{pk}/parcelles/nouvelle/", {"number": 9, "area_m2": "3"})
    assert response.status_code == 404
    assert client.post(f"/jardins/{pk}/photos/", {"image": _png((10, 10))}).status_code == 404
    with world.ctx():
        world.garden.refresh_from_db()
        assert world.garden.name == "Jardin des Lilas"
        assert not Plot.objects.exists() and not GardenPhoto.objects.exists()


def test_ical_feed_lists_the_events(world, client_for):
    from datetime import timedelta

    from django.utils import timezone

    from jardins.models import GardenEvent

    start = timezone.now() + timedelta(days=3)
    with world.ctx():
        GardenEvent.objects.create(
            garden=world.garden,
            kind=GardenEvent.Kind.HARVEST_PARTY,
            title="Fête des récoltes, soupe; pain",
            starts_at=start,
            ends_at=start + timedelta(hours=3),
        )
    response = client_for(world.commune).get(reverse("garden_ical", args=[world.garden.pk]))
    ics = response.content.decode()
    assert response["Content-Type"].startswith("text/calendar")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.endswith("END:VCALENDAR\r\n")
    assert "SUMMARY:Fête des récoltes\\, soupe\\; pain" in ics
    assert "LOCATION:2 rue des Lilas" in ics
    assert all(len(line.encode()) <= 75 for line in ics.split("\r\n"))


def test_a_decompression_bomb_photo_is_refused_and_nothing_stored(world, client_for):
    client = client_for(world.commune, world.coordinator)
    before = stored_files(world.commune)
    response = client.post(
        f"/jardins/{world.garden.pk}/photos/", {"image": bomb_upload()}, follow=True
    )
    assert response.status_code == 200
    assert BOMB_MESSAGE in text(response)
    with world.ctx():
        assert not GardenPhoto.objects.exists()
    assert stored_files(world.commune) == before

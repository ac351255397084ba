"""The directory /voisins/, the skills /competences/ and the map /voisins/carte/."""

import pytest
from django.conf import settings
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text
from voisinages.models import Quartier, Resident

pytestmark = pytest.mark.django_db


@pytest.fixture
def neighbours(commune, quartier, make_resident):
    with schema_context(commune.schema_name):
        gare = Quartier.objects.create(name="Quartier de la Gare", latitude=48.88, longitude=2.23)
    people = {}
    for first, email, skills, q in (
        ("Léa", "lea@alpha.example", ["couture"], quartier),
        ("Marc", "marc@alpha.example", ["plomberie", "Couture"], gare),
        ("Yves", "yves@alpha.example", [], gare),
    ):
        resident = make_resident(commune, email=email, first_name=first)
        with schema_context(commune.schema_name):
            resident.quartier = q
            resident.is_voisin_solidaire = first != "Yves"
            resident.availability = f"Dispo de {first}"
            resident.latitude, resident.longitude = q.latitude, q.longitude
            resident.save()
            resident.skills.set(skills)
        people[first] = resident
    return people, gare


def test_search_by_name_skill_and_quartier(commune, neighbours, resident, client_for):
    people, gare = neighbours
    client = client_for(commune, resident)
    page = text(client.get("/voisins/?q=lea"))
    assert "Léa D." in page and "Marc D." not in page
    page = text(client.get("/voisins/?competence=COUTURE"))
    assert "Léa D." in page and "Marc D." in page and "Yves D." not in page
    page = text(client.get(f"/voisins/?quartier={gare.pk}"))
    assert "Marc D." in page and "Yves D." in page and "Léa D." not in page
    assert "Aucun voisin ne correspond" in text(client.get("/voisins/?q=zzzz"))


def test_the_directory_is_paginated(commune, resident, make_resident, client_for):
    for n in range(22):
        make_resident(commune, email=f"p{n}@alpha.example", first_name=f"Voisin{n:02d}")
    client = client_for(commune, resident)
    first = text(client.get("/voisins/"))
    assert "Page 1 sur 2" in first
    second = text(client.get("/voisins/?page=2"))
    assert "Page 2 sur 2" in second


def test_hidden_residents_and_other_communes_are_not_listed(
    commune, other_commune, neighbours, resident, make_resident, client_for
):
    people, _gare = neighbours
    with schema_context(commune.schema_name):
        Resident.objects.filter(pk=people["Yves"].pk).update(is_active=False)
        Resident.objects.filter(pk=people["Marc"].pk).update(approval_pending=True)
    make_resident(other_commune, email="zoe@beta.example", first_name="Zoé")
    page = text(client_for(commune, resident).get("/voisins/"))
    assert "Léa D." in page
    assert "Yves D." not in page and "Marc D." not in page and "Zoé" not in page
    # Anonymous visitors see no neighbour, only an invitation to join.
    page = text(client_for(commune).get("/voisins/"))
    assert "Léa" not in page and "Marc" not in page and "/accounts/signup/" in page
    stranger = make_resident(other_commune, email="etranger@beta.example")
    page = text(client_for(other_commune, stranger).get("/voisins/"))
    assert "Léa D." not in page and "Zoé D." in page
    page = text(client_for(commune, resident).get("/voisins/carte/"))
    assert "Marc D." not in page and "Léa D." in page


def test_skills_directory(commune, other_commune, neighbours, resident, make_resident, client_for):
    page = text(client_for(commune, resident).get("/competences/"))
    assert "couture" in page and "plomberie" in page and "Léa D." in page
    stranger = make_resident(other_commune, email="etranger@beta.example")
    assert "Léa D." not in text(client_for(other_commune, stranger).get("/competences/"))


def test_the_map_works_without_tiles(commune, neighbours, resident, client_for):
    page = text(client_for(commune, resident).get("/voisins/carte/"))
    assert "/static/vendor/leaflet/leaflet.js" in page
    assert settings.RESEAU_MAP_TILE_URL in page
    # The same information as a list below the map.
    assert "Dispo de Léa" in page and "Marc D." in page and "Quartier de la Gare" in page
    assert "Yves D." not in page  # not a voisin solidaire

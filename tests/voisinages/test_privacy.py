"""Privacy: no page or JSON of another resident shows an email, a phone or an
unblurred coordinate unless the owner chose, and then only to verified
residents of the same commune. The blurred position is stable."""

import json
import math

import pytest
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text
from voisinages.models import Resident, blur_position

pytestmark = pytest.mark.django_db

LAT, LNG = 48.884321, 2.238765


@pytest.fixture
def private_neighbour(commune, quartier, make_resident):
    resident = make_resident(commune, email="secret.voisine@example.org", first_name="Odile")
    with schema_context(commune.schema_name):
        resident.phone = "06 12 34 56 78"
        resident.latitude, resident.longitude = LAT, LNG
        resident.quartier = quartier
        resident.is_voisin_solidaire = True
        resident.availability = "Le samedi"
        resident.save()
        resident.skills.set(["couture"])
    return resident


def _coordinate_strings():
    return {f"{LAT:.{n}f}" for n in range(4, 7)} | {f"{LNG:.{n}f}" for n in range(4, 7)}


def _leaks(page: str) -> list[str]:
    found = [s for s in ("secret.voisine@example.org", "06 12 34 56 78") if s in page]
    return found + [c for c in _coordinate_strings() if c in page]


def test_no_page_of_another_resident_leaks_private_details(
    commune, private_neighbour, make_resident, client_for
):
    viewer = make_resident(commune, email="lecteur@alpha.example")
    client = client_for(commune, viewer)
    pages = [
        f"/voisins/{private_neighbour.pk}/",
        "/voisins/",
        "/voisins/?q=Odile",
        "/voisins/?competence=couture",
        "/voisins/carte/",
        "/competences/",
    ]
    for url in pages:
        page = text(client.get(url))
        assert "Odile" in page, url
        assert _leaks(page) == [], url


def test_the_map_json_holds_only_the_blurred_position(
    commune, private_neighbour, make_resident, client_for
):
    viewer = make_resident(commune, email="lecteur@alpha.example")
    page = client_for(commune, viewer).get("/voisins/carte/").content.decode()
    raw = page.split('<script id="map-data" type="application/json">')[1].split("</script>")[0]
    data = json.loads(raw)
    (odile,) = [s for s in data["solidaires"] if s["name"] == "Odile D."]
    assert (odile["lat"], odile["lng"]) == blur_position(LAT, LNG)
    assert set(odile) == {"id", "name", "quartier", "availability", "skills", "lat", "lng", "url"}
    assert _leaks(raw) == []


def test_chosen_contact_details_reach_verified_neighbours_only(
    commune, other_commune, private_neighbour, make_resident, client_for
):
    with schema_context(commune.schema_name):
        Resident.objects.filter(pk=private_neighbour.pk).update(show_email=True, show_phone=True)
    verified = make_resident(commune, email="verifie@alpha.example")
    page = text(client_for(commune, verified).get(f"/voisins/{private_neighbour.pk}/"))
    assert "secret.voisine@example.org" in page and "06 12 34 56 78" in page
    unverified = make_resident(commune, email="nouveau@alpha.example", is_verified=False)
    page = text(client_for(commune, unverified).get(f"/voisins/{private_neighbour.pk}/"))
    assert _leaks(page) == []
    # Anonymous visitors are sent to the login page.
    assert client_for(commune).get(f"/voisins/{private_neighbour.pk}/").status_code == 302
    # A verified resident of another commune never sees them, whatever the id.
    stranger = make_resident(other_commune, email="etranger@beta.example")
    response = client_for(other_commune, stranger).get(f"/voisins/{private_neighbour.pk}/")
    assert _leaks(text(response)) == []
    assert "Odile" not in text(response)


def test_the_blurred_position_is_stable_and_about_200_m():
    first = blur_position(LAT, LNG)
    assert all(blur_position(LAT, LNG) == first for _ in range(50))
    # Every point of the same cell gives the same answer (no averaging out).
    assert blur_position(LAT + 0.00001, LNG + 0.00001) == first
    assert first != (LAT, LNG)
    dlat = (first[0] - LAT) * 111_000
    dlng = (first[1] - LNG) * 111_000 * math.cos(math.radians(LAT))
    assert math.hypot(dlat, dlng) < 200
    # Far enough, another cell.
    assert blur_position(LAT + 0.01, LNG) != first


def test_the_blurred_position_is_stable_across_requests(
    commune, private_neighbour, make_resident, client_for
):
    viewer = make_resident(commune, email="lecteur@alpha.example")
    client = client_for(commune, viewer)
    pages = {
        client.get("/voisins/carte/")
        .content.decode()
        .split('id="map-data"')[1]
        .split("</script>")[0]
        for _ in range(3)
    }
    assert len(pages) == 1
    with schema_context(commune.schema_name):
        assert Resident.objects.get(pk=private_neighbour.pk).blurred_position == blur_position(
            LAT, LNG
        )

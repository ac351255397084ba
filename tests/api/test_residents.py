"""me, the residents directory and quartiers."""

from django_tenants.utils import schema_context

from tests.api.conftest import PUBLIC_PROFILE_KEYS, assert_error


def _quartier(commune, name="Les Bords de Seine"):
    from voisinages.models import Quartier

    with schema_context(commune.schema_name):
        return Quartier.objects.create(name=name, latitude=48.88, longitude=2.24)


def test_directory_shows_public_fields_only(commune, make_resident, api_for, resident):
    neighbour = make_resident(
        commune,
        email="secret@alpha.example",
        first_name="Odile",
        last_name="Martin",
    )
    with schema_context(commune.schema_name):
        neighbour.latitude, neighbour.longitude = 48.884321, 2.238765
        neighbour.is_voisin_solidaire = True
        neighbour.save()
        neighbour.skills.add("Bricolage")
    response = api_for(commune, resident).get(f"/residents/{neighbour.pk}")
    body = response.json()
    assert set(body) == PUBLIC_PROFILE_KEYS
    assert body["display_name"] == "Odile M."
    assert body["skills"] == ["Bricolage"] and body["is_voisin_solidaire"] is True
    assert body["position"] != {"latitude": 48.884321, "longitude": 2.238765}
    text = response.content.decode()
    assert "secret@alpha.example" not in text and "48.884321" not in text and "Martin" not in text


def test_directory_filters_and_paginates_with_a_cursor(commune, make_resident, api_for, resident):
    quartier = _quartier(commune)
    for number in range(5):
        make_resident(commune, email=f"q{number}@alpha.example", quartier=quartier)
    api = api_for(commune, resident)
    first = api.get("/residents", {"quartier": quartier.pk, "limit": 2}).json()
    assert len(first["items"]) == 2 and first["next_cursor"]
    seen = [r["id"] for r in first["items"]]
    cursor = first["next_cursor"]
    while cursor:
        page = api.get("/residents", {"quartier": quartier.pk, "limit": 2, "cursor": cursor}).json()
        seen += [r["id"] for r in page["items"]]
        cursor = page["next_cursor"]
    assert len(seen) == len(set(seen)) == 5


def test_directory_hides_suspended_and_pending(commune, make_resident, api_for, resident):
    suspended = make_resident(commune, email="s@alpha.example")
    pending = make_resident(commune, email="p@alpha.example")
    with schema_context(commune.schema_name):
        type(suspended).objects.filter(pk=suspended.pk).update(is_active=False)
        type(pending).objects.filter(pk=pending.pk).update(approval_pending=True)
    api = api_for(commune, resident)
    ids = {r["id"] for r in api.get("/residents", {"limit": 100}).json()["items"]}
    assert suspended.pk not in ids and pending.pk not in ids
    assert_error(api.get(f"/residents/{suspended.pk}"), 404, "not_found")


def test_directory_of_another_commune_is_404(commune, other_commune, make_resident, api_for):
    mine = make_resident(commune, email="a@alpha.example")
    with schema_context(commune.schema_name):
        from voisinages.models import Resident

        ids_here = set(Resident.objects.values_list("pk", flat=True))
    # An id that exists in the other commune only.
    number = 0
    while True:
        number += 1
        only_there = make_resident(other_commune, email=f"b{number}@beta.example").pk
        if only_there not in ids_here:
            break
    assert_error(api_for(commune, mine).get(f"/residents/{only_there}"), 404, "not_found")
    ids = {r["id"] for r in api_for(commune, mine).get("/residents").json()["items"]}
    assert only_there not in ids


def test_directory_needs_authentication(commune, api_for):
    assert_error(api_for(commune).get("/residents"), 401, "not_authenticated")


def test_quartiers(commune, other_commune, resident, api_for):
    quartier = _quartier(commune, "Centre-ville")
    elsewhere = _quartier(other_commune, "Les Hauts")
    api = api_for(commune, resident)
    names = [q["name"] for q in api.get("/quartiers").json()]
    assert "Centre-ville" in names and "Les Hauts" not in names
    assert api.get(f"/quartiers/{quartier.pk}").json()["name"] == "Centre-ville"
    if elsewhere.pk != quartier.pk:
        assert_error(api.get(f"/quartiers/{elsewhere.pk}"), 404, "not_found")
    assert_error(api.get("/quartiers/999999"), 404, "not_found")

"""Offered services and ride seats in the JSON API, with outsiders."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Category, OfferedService, SeatRequest
from discussions.services import publish_post
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def _categories(commune):
    with schema_context(commune.schema_name):
        return list(Category.objects.filter(is_active=True)[:2])


def test_offer_list_filter_and_remove_a_service(commune, resident, make_resident, api_for):
    first, second = _categories(commune)
    api = api_for(commune, resident)
    response = api.post(
        "/services", {"category": first.pk, "rate": "10 € de l'heure", "availability": "le soir"}
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["rate"] == "10 € de l'heure" and created["category"]["slug"] == first.slug
    other = make_resident(commune, first_name="Bob")
    assert api_for(commune, other).post(
        "/services", {"category": second.pk, "rate": "gratuit"}
    ).status_code == 201  # fmt: skip
    listing = api.get("/services").json()
    assert {item["rate"] for item in listing["items"]} >= {"10 € de l'heure", "gratuit"}
    assert listing["next_after"] is None
    only = api.get("/services", {"category": second.slug}).json()["items"]
    assert [item["rate"] for item in only] == ["gratuit"] and only[0]["resident"] == "Bob D."
    assert [s["id"] for s in api.get("/services/mine").json()] == [created["id"]]
    # Someone else's service cannot be removed.
    assert_error(api_for(commune, other).delete(f"/services/{created['id']}"), 404)
    assert api.delete(f"/services/{created['id']}").status_code == 204
    with schema_context(commune.schema_name):
        assert not OfferedService.objects.filter(pk=created["id"]).exists()


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"category": "nexiste-pas"}, 422),
        ({"category": "x" * 500}, 422),
        ({"quartier": "abc"}, 422),
        ({"quartier": "999999"}, 422),
        ({"after": "0"}, 422),
        ({"after": "abc"}, 422),
        ({"after": "99999999999999999999"}, 422),
    ],
)
def test_bad_filters_answer_a_french_error(commune, resident, api_for, params, status):
    body = assert_error(api_for(commune, resident).get("/services", params), status)
    assert "n’existe pas" in body["message"] or body["code"] == "validation_error"


@pytest.mark.parametrize(
    ("payload", "text"),
    [
        ({"rate": ""}, None),
        ({"rate": "x" * 81}, None),
        ({"availability": "y" * 161}, None),
        ({"category": 999999}, "Choisissez une des catégories"),
        ({"rate": "<script>alert(1)</script>"}, "scripts"),
    ],
)
def test_bad_services_are_refused_and_nothing_stored(commune, resident, api_for, payload, text):
    first, _second = _categories(commune)
    data = {"category": first.pk, "rate": "gratuit", **payload}
    body = assert_error(api_for(commune, resident).post("/services", data), 422)
    if text:
        assert text in body["message"]
    with schema_context(commune.schema_name):
        assert not OfferedService.objects.filter(resident=resident).exists()


def test_another_commune_and_visitors_see_nothing(
    commune, other_commune, resident, make_resident, api_for
):
    first, _second = _categories(commune)
    api_for(commune, resident).post("/services", {"category": first.pk, "rate": "tarif-alpha"})
    stranger = make_resident(other_commune)
    listing = api_for(other_commune, stranger).get("/services").json()
    assert "tarif-alpha" not in str(listing)
    assert_error(api_for(commune).get("/services"), 401)
    with schema_context(commune.schema_name):
        service = OfferedService.objects.get(resident=resident)
    api_for(other_commune, stranger).delete(f"/services/{service.pk}")
    with schema_context(commune.schema_name):
        assert OfferedService.objects.filter(pk=service.pk).exists()


def _ride(commune, driver, seats=1):
    with schema_context(commune.schema_name):
        return publish_post(
            author=driver, kind="covoiturage", title="Vers la gare", body="",
            ride_from="Mairie", ride_to="Gare",
            ride_departs_at=timezone.now() + timedelta(days=1), ride_seats=seats,
        )  # fmt: skip


def test_seats_through_the_api(commune, other_commune, make_resident, api_for):
    driver, passenger, late = (make_resident(commune) for _ in range(3))
    ride = _ride(commune, driver, seats=1)
    asked = api_for(commune, passenger).post(f"/posts/{ride.pk}/seats")
    assert asked.status_code == 201 and asked.json()["status"] == "pending"
    assert_error(api_for(commune, passenger).post(f"/posts/{ride.pk}/seats"), 422)
    mine = api_for(commune, passenger).get(f"/posts/{ride.pk}/seats").json()
    assert mine["requests"] == [] and mine["mine"]["status"] == "pending"
    seats = api_for(commune, driver).get(f"/posts/{ride.pk}/seats").json()
    assert seats["is_driver"] and len(seats["requests"]) == 1 and seats["seats_left"] == 1
    seat_id = asked.json()["id"]
    assert_error(
        api_for(commune, passenger).post(
            f"/posts/{ride.pk}/seats/{seat_id}", {"decision": "accept"}
        ),
        403,
    )
    assert_error(
        api_for(commune, driver).post(f"/posts/{ride.pk}/seats/{seat_id}", {"decision": "yes"}),
        422,
    )
    answered = api_for(commune, driver).post(
        f"/posts/{ride.pk}/seats/{seat_id}", {"decision": "accept"}
    )
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    assert api_for(commune, driver).get(f"/posts/{ride.pk}/seats").json()["seats_left"] == 0
    full = assert_error(api_for(commune, late).post(f"/posts/{ride.pk}/seats"), 422)
    assert "complet" in full["message"]
    stranger = make_resident(other_commune)
    assert api_for(other_commune, stranger).post(f"/posts/{ride.pk}/seats").status_code in (
        404, 422,
    )  # fmt: skip
    with schema_context(commune.schema_name):
        assert SeatRequest.objects.filter(post=ride).count() == 1

"""The demo communes open with their accounts (`make run` seeds them)."""

import pytest

from reseau.demo import DEMO_COMMUNES, DEMO_PASSWORD, seed_demo_commune
from tests.factories import in_commune
from voisinages import roles
from voisinages.models import Resident

pytestmark = pytest.mark.django_db


def test_seeding_a_demo_commune_creates_its_accounts_and_roles(second_demo_commune, client_for):
    commune = second_demo_commune  # seeded once per session by seed_demo_commune
    assert commune.slug == DEMO_COMMUNES[1].slug
    assert seed_demo_commune(DEMO_COMMUNES[1]) is None  # idempotent
    with in_commune(commune):
        emails = set(Resident.objects.values_list("email", flat=True))
        assert {"ambassadeur@moulins.example", "mediateur@moulins.example"} <= emails
        assert {f"habitant{i}@moulins.example" for i in range(1, 6)} <= emails
        ambassador = Resident.objects.get(email="ambassadeur@moulins.example")
        assert ambassador.groups.filter(name=roles.AMBASSADOR).exists()
    response = client_for(commune).post(
        "/accounts/login/", {"username": "habitant3@moulins.example", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert "Moulins" in client_for(commune).get("/").content.decode()


def test_the_platform_demo_has_a_staff_account_and_a_request_to_review():
    from django.test import Client

    from tenants.demo import STAFF_EMAIL, seed_platform
    from tenants.models import OnboardingRequest

    seed_platform(password=DEMO_PASSWORD)
    seed_platform(password=DEMO_PASSWORD)  # idempotent
    assert OnboardingRequest.objects.filter(status="pending").count() == 1
    client = Client(HTTP_HOST="localhost")
    response = client.post(
        "/plateforme/connexion/", {"username": STAFF_EMAIL, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    page = client.get("/plateforme/").content.decode()
    assert "Nanterre" in page and "Sophie Lambert" in page
    assert "6 habitants veulent Réseau ici." in client.get("/communes/92050/").content.decode()

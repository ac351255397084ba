"""The demo data of voisinages in a demo commune."""

import pytest

from tests.factories import in_commune
from tests.voisinages.conftest import text
from voisinages.models import Invitation, Notification, Resident

pytestmark = pytest.mark.django_db


def test_the_demo_has_skills_solidaires_a_pending_resident_and_invitations(
    demo_commune, client_for
):
    commune = demo_commune
    with in_commune(commune):
        solidaires = Resident.objects.filter(is_voisin_solidaire=True)
        assert solidaires.count() >= 3
        assert all(r.blurred_position for r in solidaires)
        lucie = Resident.objects.get(email="habitant1@puteaux.example")
        assert "couture" in lucie.skills.names()
        assert Resident.objects.get(email="nouveau@puteaux.example").approval_pending
        assert Invitation.objects.filter(created_by__isnull=False).count() == 3
        assert Notification.objects.filter(recipient=lucie).exists()
    page = text(client_for(commune, lucie).get("/competences/"))
    assert "couture" in page and "Lucie M." in page

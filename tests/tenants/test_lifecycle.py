"""Platform staff suspend, export and delete communes."""

import pytest
from django_tenants.utils import schema_context

from voisinages.models import ActionLog

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _exports_in_tmp(settings, tmp_path):
    settings.RESEAU_EXPORT_ROOT = tmp_path / "exports"


def test_suspension_shows_a_notice_and_keeps_everything(
    staff_client, commune, client_for, resident
):
    assert "Exporter maintenant" in staff_client.get("/plateforme/communes/alpha/").content.decode()
    response = staff_client.post("/plateforme/communes/alpha/suspension/", {"reason": "Impayé"})
    assert response.status_code == 302
    page = client_for(commune, resident).get("/fil/")
    assert page.status_code == 503 and "en pause" in page.content.decode()
    with schema_context(commune.schema_name):
        assert ActionLog.objects.get(code="tenants.commune.suspended").reason == "Impayé"
        from voisinages.models import Resident

        assert Resident.objects.filter(pk=resident.pk).exists()
    staff_client.post("/plateforme/communes/alpha/suspension/", {"action": "resume"})
    assert client_for(commune, resident).get("/").status_code == 200

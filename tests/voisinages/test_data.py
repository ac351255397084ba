"""Data rights: the ZIP of everything, and deleting the account."""

import io
import json
import zipfile

import pytest
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text
from voisinages.models import Invitation, Notification, Resident
from voisinages.notifications import notify
from voisinages.services import create_invitation

pytestmark = pytest.mark.django_db


def test_download_my_data(commune, resident, make_resident, client_for):
    with schema_context(commune.schema_name):
        notify(recipients=[resident], kind="voisinages.role.granted", title="Coucou")
        resident.skills.set(["cuisine"])
    other = make_resident(commune, email="autre@alpha.example")
    client = client_for(commune, resident)
    assert "Télécharger mes données" in text(client.get("/voisins/moi/donnees/"))
    response = client.get("/voisins/moi/donnees/archive.zip")
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    data = json.loads(archive.read("voisinages.json"))
    assert data["profile"]["email"] == resident.email
    assert data["profile"]["skills"] == ["cuisine"]
    assert [n["title"] for n in data["notifications"]] == ["Coucou"]
    assert other.email not in response.content.decode("latin-1")


def test_the_archive_is_my_own_in_each_commune(
    commune, other_commune, resident, make_resident, client_for
):
    stranger = make_resident(other_commune, email="etranger@beta.example")
    response = client_for(other_commune, stranger).get("/voisins/moi/donnees/archive.zip")
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.content)).read("voisinages.json"))
    assert data["profile"]["email"] == "etranger@beta.example"
    assert client_for(commune).get("/voisins/moi/donnees/archive.zip").status_code == 302


def test_delete_needs_password_and_confirmation(commune, resident, client_for):
    client = client_for(commune, resident)
    response = client.post(
        "/voisins/moi/donnees/supprimer/", {"password": "un-mot-de-passe-solide"}
    )
    assert response.status_code == 400 and "Cochez la case pour confirmer" in text(response)
    response = client.post("/voisins/moi/donnees/supprimer/", {"password": "faux", "confirm": "on"})
    assert response.status_code == 400 and "Mot de passe incorrect" in text(response)
    with schema_context(commune.schema_name):
        assert Resident.objects.filter(pk=resident.pk).exists()


def test_delete_my_account(commune, other_commune, resident, make_resident, client_for):
    with schema_context(commune.schema_name):
        notify(recipients=[resident], kind="voisinages.role.granted", title="Coucou")
        invitation = create_invitation(created_by=resident)
    twin = make_resident(other_commune, email=resident.email)
    client = client_for(commune, resident)
    response = client.post(
        "/voisins/moi/donnees/supprimer/",
        {"password": "un-mot-de-passe-solide", "confirm": "on"},
        follow=True,
    )
    assert "Votre compte et vos données ont été supprimés" in text(response)
    with schema_context(commune.schema_name):
        assert not Resident.objects.filter(pk=resident.pk).exists()
        assert not Notification.objects.filter(title="Coucou").exists()
        assert Invitation.objects.get(pk=invitation.pk).created_by is None
    assert client.get("/voisins/moi/").status_code == 302
    # The account of the same person in another commune is untouched.
    with schema_context(other_commune.schema_name):
        assert Resident.objects.filter(pk=twin.pk).exists()

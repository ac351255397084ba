"""Each commune is its own schema, served at its own host."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from tenants.models import Commune

pytestmark = pytest.mark.django_db


def test_each_commune_serves_its_own_name(client_for, commune, other_commune):
    page = client_for(commune).get("/")
    other = client_for(other_commune).get("/")
    assert page.status_code == 200 and other.status_code == 200
    assert "Alpha-sur-Seine" in page.content.decode()
    assert "Bêta-les-Bains" not in page.content.decode()
    assert "Bêta-les-Bains" in other.content.decode()
    assert "Alpha-sur-Seine" not in other.content.decode()


def test_pages_of_the_base_layout_answer(client_for, commune, resident):
    client = client_for(commune, resident)
    for path in (
        "/",
        "/fil/",
        "/objets/",
        "/jardins/",
        "/voisins/",
        "/ma-ville/",
    ):
        assert client.get(path).status_code == 200, path
    anonymous = client_for(commune)
    for path in ("/", "/accounts/login/", "/accounts/signup/"):
        assert anonymous.get(path).status_code == 200, path


def test_the_template_schema_is_never_served(db):
    from django.test import Client

    assert Client(HTTP_HOST="modele.localhost").get("/").status_code == 404


def test_an_unknown_host_is_a_404(db):
    from django.test import Client

    assert Client(HTTP_HOST="nowhere.localhost").get("/").status_code == 404


def test_a_suspended_commune_shows_a_notice_and_keeps_its_data(client_for, commune, resident):
    Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.SUSPENDED)
    try:
        response = client_for(commune).get("/fil/")
        assert response.status_code == 503
        assert "pause" in response.content.decode()
    finally:
        Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.ACTIVE)
    with schema_context(commune.schema_name):
        assert get_user_model().objects.filter(pk=resident.pk).exists()


def test_the_public_site_lists_and_searches_communes(public_client):
    page = public_client.get("/").content.decode()
    assert "Alpha-sur-Seine" in page and "Bêta-les-Bains" in page
    assert "Modèle" not in page
    by_name = public_client.get("/", {"q": "beta"}).content.decode()
    assert "Bêta-les-Bains" in by_name and "Alpha-sur-Seine" not in by_name
    by_postcode = public_client.get("/", {"q": "92001"}).content.decode()
    assert "Alpha-sur-Seine" in by_postcode and "Bêta-les-Bains" not in by_postcode
    assert "http://alpha.localhost:8000/" in page


def test_public_site_404_is_a_404_not_a_500(public_client):
    response = public_client.get("/no-such-page/")
    assert response.status_code == 404


def test_french_by_default_with_an_english_switch(client_for, commune):
    client = client_for(commune)
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en")
    assert 'lang="fr"' in page.content.decode()
    assert "Connexion" in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    english = client.get("/accounts/login/").content.decode()
    assert 'lang="en"' in english and "Log in" in english

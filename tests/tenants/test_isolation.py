"""Accounts, caches and media are kept apart per commune."""

import pytest
from django.core.cache import cache, caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from tests.factories import in_commune

pytestmark = pytest.mark.django_db


def test_a_user_of_one_commune_cannot_log_in_on_another(
    client_for, commune, other_commune, make_resident
):
    make_resident(commune, email="lucie@example.org", password="jardin-partage-42")
    credentials = {"username": "lucie@example.org", "password": "jardin-partage-42"}

    elsewhere = client_for(other_commune).post("/accounts/login/", credentials)
    assert elsewhere.status_code == 200
    assert "_auth_user_id" not in elsewhere.client.session
    assert "Adresse e-mail ou mot de passe incorrect" in elsewhere.content.decode()

    at_home = client_for(commune).post("/accounts/login/", credentials)
    assert at_home.status_code == 302
    assert at_home.client.session["_auth_user_id"]


def test_the_same_email_can_have_separate_accounts_in_two_communes(
    commune, other_commune, make_resident
):
    from voisinages.models import Resident

    make_resident(commune, email="same@example.org", password="mot-de-passe-alpha")
    make_resident(other_commune, email="same@example.org", password="mot-de-passe-beta")
    # Read back from each schema: one account there, with that commune's password.
    with in_commune(commune):
        [alpha] = Resident.objects.filter(email="same@example.org")
        assert alpha.check_password("mot-de-passe-alpha")
        assert not alpha.check_password("mot-de-passe-beta")
    with in_commune(other_commune):
        [beta] = Resident.objects.filter(email="same@example.org")
        assert beta.check_password("mot-de-passe-beta")
        assert not beta.check_password("mot-de-passe-alpha")


@pytest.mark.parametrize("alias", ["default", "renditions"])
def test_cache_keys_are_per_commune(commune, other_commune, alias):
    store = caches[alias]
    with in_commune(commune):
        store.set("wagtail_site_root_paths", "alpha-paths")
        key_alpha = store.make_key("wagtail_site_root_paths")
    with in_commune(other_commune):
        assert store.get("wagtail_site_root_paths") is None
        key_beta = store.make_key("wagtail_site_root_paths")
    assert key_alpha != key_beta
    assert key_alpha.startswith(commune.schema_name + ":")
    with in_commune(commune):
        assert store.get("wagtail_site_root_paths") == "alpha-paths"
        store.delete("wagtail_site_root_paths")
    cache.clear()


def test_wagtail_renders_each_commune_with_its_own_site(client_for, commune, other_commune):
    # The site root paths are cached: the second commune must not get the first's.
    client_for(commune).get("/")
    response = client_for(other_commune).get("/ma-ville/")
    assert response.status_code == 200
    assert "Bêta-les-Bains" in response.content.decode()


def test_media_paths_are_per_commune(client_for, commune, other_commune):
    with in_commune(commune):
        name = default_storage.save("notes/alpha.txt", ContentFile(b"alpha only"))
        path_alpha = default_storage.path(name)
        url = default_storage.url(name)
    with in_commune(other_commune):
        path_beta = default_storage.path(name)
        assert not default_storage.exists(name)
    assert f"/{commune.schema_name}/" in path_alpha
    assert f"/{other_commune.schema_name}/" in path_beta
    assert url.startswith(f"/media/{commune.schema_name}/")

    relative = url.removeprefix("/media/")
    served = client_for(commune).get(url)
    assert served.status_code == 200
    assert b"".join(served.streaming_content) == b"alpha only"
    # The same file asked on the other commune's host: not there.
    assert client_for(other_commune).get(url).status_code == 404
    assert client_for(other_commune).get("/media/" + relative.split("/", 1)[1]).status_code == 404
    with in_commune(commune):
        default_storage.delete(name)

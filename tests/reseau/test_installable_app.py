"""The installable app: a manifest per commune, its icons, the service worker
served from the root with the right headers, and the offline page."""

import json

import pytest

from tests.factories import in_commune

pytestmark = pytest.mark.django_db


def test_each_commune_has_its_manifest(commune, other_commune, client_for):
    with in_commune(other_commune):
        other_commune.primary_colour = "#223344"
        other_commune.save(update_fields=["primary_colour"])
    mine = client_for(commune).get("/manifest.webmanifest")
    theirs = client_for(other_commune).get("/manifest.webmanifest")
    assert mine["Content-Type"] == "application/manifest+json"
    data, other = json.loads(mine.content), json.loads(theirs.content)
    assert commune.name in data["name"] and other_commune.name in other["name"]
    assert other["theme_color"] == "#223344" and data["theme_color"] != "#223344"
    assert data["start_url"] == "/" and data["display"] == "standalone"
    assert {icon["sizes"] for icon in data["icons"]} >= {"192x192", "512x512"}
    for icon in data["icons"]:
        response = client_for(commune).get(icon["src"])
        assert response.status_code == 200 and response["Content-Type"] == "image/png"
        assert response.content[:8] == b"\x89PNG\r\n\x1a\n"
    assert client_for(commune).get("/icone-9999.png").status_code == 404


def test_the_platform_host_has_no_manifest(public_client):
    assert public_client.get("/manifest.webmanifest").status_code == 404


def test_the_service_worker_is_served_from_the_root(commune, client_for):
    response = client_for(commune).get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    assert "no-cache" in response["Cache-Control"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    body = response.content.decode()
    assert '"/hors-ligne/"' in body and "reseau/phone.css" in body
    assert client_for(commune).post("/sw.js").status_code == 405


def test_the_offline_page_is_french(commune, client_for):
    page = client_for(commune).get("/hors-ligne/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Vous êtes hors ligne" in page


def test_pages_link_the_manifest_and_the_script_without_inline_code(commune, client_for):
    page = client_for(commune).get("/fil/").content.decode()
    assert '<link rel="manifest" href="/manifest.webmanifest">' in page
    assert 'id="app-script"' in page and 'data-sw="/sw.js"' in page

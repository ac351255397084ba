"""/entraide/ on the platform site: public offers and requests of every open
commune, filtered, searched without accents, paginated, in constant queries."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from discussions.services import publish_post
from socle.communes import commune_url
from tenants import entraide
from tenants.models import Commune

pytestmark = pytest.mark.django_db


def _publish(commune, author, **fields):
    fields.setdefault("kind", "offre")
    fields.setdefault("body", "")
    fields.setdefault("is_public", True)
    with schema_context(commune.schema_name):
        return publish_post(author=author, **fields)


@pytest.fixture
def listings(commune, other_commune, make_resident, run_jobs):
    here, there = make_resident(commune), make_resident(other_commune)
    posts = {
        "walk": _publish(commune, here, title="Je promène les chiens", body="Le matin."),
        "print": _publish(other_commune, there, kind="demande", title="Imprimer un document"),
        "private": _publish(commune, here, title="Secret de voisin", is_public=False),
    }
    run_jobs()
    return posts


def test_lists_public_listings_of_every_open_commune(
    public_client, listings, commune, other_commune
):
    response = public_client.get("/entraide/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Je promène les chiens" in page and "Imprimer un document" in page
    assert "Secret de voisin" not in page
    assert commune_url(commune, f"/fil/{listings['walk'].pk}/") in page
    assert commune_url(other_commune, f"/fil/{listings['print'].pk}/") in page
    # The departments, named, with their counts: the list the map draws from,
    # and the way in without JavaScript.
    assert '<a href="/entraide/departement/92/">Hauts-de-Seine (92)</a> · 1' in page
    assert '<a href="/entraide/departement/03/">Allier (03)</a> · 1' in page
    assert 'id="entraide-map"' in page and "tenants/carte/departements.json" in page
    assert '{"03": 1, "92": 1}' in page  # the counts the map shades by


def test_a_department_page_lists_its_posts_only(public_client, listings):
    response = public_client.get("/entraide/departement/03/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Allier (03)" in page and "Imprimer un document" in page
    assert "Je promène les chiens" not in page
    # Filters keep the department; an unknown one is a 404, not a 500.
    assert (
        "promène" not in public_client.get("/entraide/departement/03/?q=promene").content.decode()
    )
    assert "Imprimer" in public_client.get("/entraide/departement/03/?q=IMPRIMER").content.decode()
    for code in ("99", "2C", "x" * 300):
        assert public_client.get(f"/entraide/departement/{code}/").status_code == 404
    assert public_client.get("/entraide/departement/%00/").status_code == 400


def test_the_counts_follow_the_index(public_client, listings, commune, make_resident, run_jobs):
    assert "Hauts-de-Seine (92)</a> · 1" in public_client.get("/entraide/").content.decode()
    _publish(commune, make_resident(commune), title="Encore une offre")
    run_jobs()
    assert "Hauts-de-Seine (92)</a> · 2" in public_client.get("/entraide/").content.decode()


def test_the_map_outlines_are_shipped_with_their_licence():
    folder = entraide.MAP_FILE.parent
    outlines = json.loads(entraide.MAP_FILE.read_text(encoding="utf-8"))
    codes = {row["code"] for row in outlines["departments"]}
    assert len(codes) == 96 and {"01", "2A", "2B", "75", "95"} <= codes
    assert all(
        row["d"].startswith("M") and row["d"].endswith("Z") for row in outlines["departments"]
    )
    assert entraide.MAP_FILE.stat().st_size < 300_000
    assert "Attribution 4.0" in (folder / "LICENCE-svg-maps-france-departments.md").read_text()


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("type=demande", "Imprimer", "promène"),
        ("type=offre", "promène", "Imprimer"),
        ("departement=03", "Imprimer", "promène"),
        ("commune=alpha", "promène", "Imprimer"),
        ("q=PROMENE", "promène", "Imprimer"),
        ("q=matin", "promène", "Imprimer"),
    ],
)
def test_filters(public_client, listings, query, shown, hidden):
    page = public_client.get(f"/entraide/?{query}").content.decode()
    assert shown in page and hidden not in page


@pytest.mark.parametrize(
    "query",
    ["type=vente", "departement=999x", "page=0", "page=abc", "q=" + "x" * 101, "commune=a+b!"],
)
def test_bad_parameters_get_a_french_message_not_a_500(public_client, listings, query):
    response = public_client.get(f"/entraide/?{query}")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'role="alert"' in page
    assert any(
        word in page
        for word in ("valide", "Sélectionnez", "département", "caractères", "supérieure")
    ), page


def test_a_nul_byte_is_a_400(public_client):
    assert public_client.get("/entraide/?q=%00").status_code == 400


def test_a_suspended_commune_leaves_the_list(public_client, listings, other_commune):
    Commune.objects.filter(pk=other_commune.pk).update(status=Commune.Status.SUSPENDED)
    assert "Imprimer" not in public_client.get("/entraide/").content.decode()


def test_constant_queries(public_client, commune, other_commune, make_resident, run_jobs):
    author = make_resident(commune)
    _publish(commune, author, title="Offre 0")
    run_jobs()
    with CaptureQueriesContext(connection) as few:
        public_client.get("/entraide/?q=offre")
    for number in range(1, 12):
        _publish(commune, author, title=f"Offre {number}")
    _publish(other_commune, make_resident(other_commune), title="Offre loin")
    run_jobs()
    with CaptureQueriesContext(connection) as many:
        page = public_client.get("/entraide/?q=offre").content.decode()
    assert "Offre loin" in page
    assert len(many) == len(few)


def test_pagination(public_client, commune, make_resident, run_jobs):
    author = make_resident(commune)
    for number in range(25):
        _publish(commune, author, title=f"Annonce numéro {number:02d}")
    run_jobs()
    first = public_client.get("/entraide/").content.decode()
    second = public_client.get("/entraide/?page=2").content.decode()
    assert "Annonce numéro 24" in first and "Annonce numéro 00" not in first
    assert "Annonce numéro 00" in second and "page=2" in first

"""The new-post form fits the kind: the kind first, then only its fields;
categories grouped, the common ones first, the rest folded."""

import re

import pytest
from django_tenants.utils import schema_context

from discussions.models import Category, Post

pytestmark = pytest.mark.django_db


def _html(response):
    return response.content.decode()


def test_the_kind_comes_first_as_large_links(commune, resident, client_for):
    response = client_for(commune, resident).get("/fil/nouveau/")
    assert response.status_code == 200
    html = _html(response)
    assert "Que voulez-vous publier" in html
    assert 'href="?type=demande"' in html and 'href="?type=covoiturage"' in html
    # No form fields before the kind is chosen, and no alert for a resident.
    assert 'name="title"' not in html and 'href="?type=alerte"' not in html


@pytest.mark.parametrize(
    ("kind", "present", "absent"),
    [
        ("demande", [], ["event_place", "ride_from", "ride_seats", "event_starts_at"]),
        ("evenement", ["event_place", "event_starts_at"], ["ride_from", "ride_seats"]),
        ("covoiturage", ["ride_from", "ride_to", "ride_departs_at", "ride_seats"], ["event_place"]),
    ],
)
def test_a_kind_shows_only_its_fields(commune, resident, client_for, kind, present, absent):
    html = _html(client_for(commune, resident).get(f"/fil/nouveau/?type={kind}"))
    assert f'type="hidden" name="kind" value="{kind}"' in html
    assert 'name="title"' in html
    for name in present:
        assert f'name="{name}"' in html
    for name in absent:
        assert f'name="{name}"' not in html


@pytest.mark.parametrize("bad", ["nimporte", "alerte", "x" * 500, "<script>"])
def test_an_unknown_or_forbidden_kind_is_told_in_french(commune, resident, client_for, bad):
    response = client_for(commune, resident).get("/fil/nouveau/", {"type": bad})
    assert response.status_code == 400
    html = _html(response)
    assert "Choisissez ce que vous voulez publier" in html and "<script>" not in html
    assert 'href="?type=demande"' in html


def test_a_post_without_a_kind_goes_back_to_the_choice(commune, resident, client_for):
    response = client_for(commune, resident).post("/fil/nouveau/", {"title": "Sans type"})
    assert response.status_code == 400
    assert "Choisissez ce que vous voulez publier" in _html(response)
    with schema_context(commune.schema_name):
        assert not Post.objects.filter(title="Sans type").exists()


def test_a_request_ignores_event_fields_sent_anyway(commune, resident, client_for):
    response = client_for(commune, resident).post(
        "/fil/nouveau/",
        {"kind": "demande", "title": "Un coup de main", "event_place": "Mairie"},
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        assert Post.objects.get(title="Un coup de main").event_place == ""


def test_the_common_categories_come_first_the_others_folded(commune, resident, client_for):
    html = _html(client_for(commune, resident).get("/fil/nouveau/?type=offre"))
    shown, folded = html.split('<details class="more-categories"', 1)
    for name in ("Bricolage", "Dons", "Garde d&#x27;enfants", "Aide aux devoirs", "Démarches"):
        assert name in shown
    assert "Autres catégories" in folded
    for name in ("Repas pour les soignants", "Matériel médical"):
        assert name in folded and name not in shown


def test_a_ticked_folded_category_keeps_the_fold_open(commune, resident, client_for):
    with schema_context(commune.schema_name):
        folded = Category.objects.get(slug="materiel-medical")
    response = client_for(commune, resident).post(
        "/fil/nouveau/", {"kind": "offre", "title": "", "categories": [folded.pk]}
    )
    assert response.status_code == 400
    html = _html(response)
    assert re.search(r'<details class="more-categories" open', html)


def test_the_town_categories_exist_once(commune, other_commune):
    for town in (commune, other_commune):
        with schema_context(town.schema_name):
            common = list(Category.objects.filter(is_common=True).values_list("name", flat=True))
            assert len(common) == 12 and "Loisirs et passions" in common
            assert (
                Category.objects.filter(name__in=["Informatique", "Aide informatique"]).count() == 1
            )


def test_an_ambassador_switches_the_lockdown_set_off_and_on(
    commune, other_commune, ambassador, resident, client_for
):
    def active(town, slug="repas-pour-les-soignants"):
        with schema_context(town.schema_name):
            return Category.objects.get(slug=slug).is_active

    client = client_for(commune, ambassador)
    page = client.get("/moderation/categories/").content.decode()
    assert "Catégories d'entraide du confinement" in page
    response = client.post("/moderation/categories/", {"lockdown": "off"})
    assert response.status_code == 302
    assert not active(commune) and not active(commune, "materiel-medical")
    assert active(commune, "courses") and active(other_commune)
    html = client_for(commune, resident).get("/fil/nouveau/?type=offre").content.decode()
    assert "Repas pour les soignants" not in html
    # A resident cannot; the other commune's list is untouched.
    assert (
        client_for(commune, resident)
        .post("/moderation/categories/", {"lockdown": "on"})
        .status_code
        == 403
    )
    assert not active(commune)
    client.post("/moderation/categories/", {"lockdown": "on"})
    assert active(commune)
    assert client.post("/moderation/categories/", {"lockdown": "x" * 300}).status_code == 400

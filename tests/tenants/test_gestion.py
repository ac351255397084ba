"""Ambassadors run their commune from /gestion/: settings, quartiers, domain, dashboard."""

import html
import io
import json

import pytest
import time_machine
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context
from model_bakery import baker
from PIL import Image

from tenants.models import Commune, Domain
from tests.images import BOMB_MESSAGE, bomb_upload, stored_files
from voisinages import roles
from voisinages.models import ActionLog, Quartier

pytestmark = pytest.mark.django_db

SETTINGS = {
    "name": "Alpha-sur-Seine",
    "tagline": "",
    "primary_colour": "#1f6f5c",
    "secondary_colour": "#f4b942",
    "moderation_mode": "a_posteriori",
    "listing_lifetime_days": "60",
    "renewals_allowed": "1",
    "registration_policy": "open",
    "auto_hide_threshold": "3",
    "confidential_retention_months": "12",
    "guest_premoderation": "on",
}


@pytest.fixture
def ambassador(commune, make_resident):
    return make_resident(commune, email="amb@alpha.example", roles=(roles.AMBASSADOR,))


@pytest.fixture
def gestion(client_for, commune, ambassador):
    return client_for(commune, ambassador)


def _row(commune):
    connection.set_schema_to_public()
    return Commune.objects.get(pk=commune.pk)


def test_settings_take_effect_and_are_logged(gestion, commune, client_for):
    page = gestion.get("/gestion/").content.decode()
    assert "Réglages de Alpha-sur-Seine" in page
    response = gestion.post(
        "/gestion/",
        {
            **SETTINGS,
            "moderation_mode": "a_priori",
            "listing_lifetime_days": "30",
            "tagline": "Entre voisins",
        },
    )
    assert response.status_code == 302
    row = _row(commune)
    assert row.moderation_mode == Commune.ModerationMode.A_PRIORI
    assert row.listing_lifetime_days == 30 and row.tagline == "Entre voisins"
    # The next request of the commune sees the new settings.
    fresh = client_for(commune)
    fresh.get("/")
    assert fresh.get("/").wsgi_request.commune.moderation_mode == "a_priori"
    with schema_context(commune.schema_name):
        fields = sorted(
            log.data["field"] for log in ActionLog.objects.filter(code="tenants.settings.changed")
        )
    assert fields == ["listing_lifetime_days", "moderation_mode", "tagline"]


def test_low_contrast_colours_are_refused_and_nothing_changes(gestion, commune):
    response = gestion.post(
        "/gestion/", {**SETTINGS, "primary_colour": "#f0e68c", "listing_lifetime_days": "10"}
    )
    assert response.status_code == 400
    assert "contraste" in response.content.decode() and "4,5:1" in response.content.decode()
    response = gestion.post("/gestion/", {**SETTINGS, "secondary_colour": "#202020"})
    assert response.status_code == 400 and "plus claire" in response.content.decode()
    row = _row(commune)
    assert row.primary_colour == "#1f6f5c" and row.listing_lifetime_days == 60
    with schema_context(commune.schema_name):
        assert not ActionLog.objects.filter(code="tenants.settings.changed").exists()


def test_bad_numbers_are_refused(gestion, commune):
    response = gestion.post("/gestion/", {**SETTINGS, "listing_lifetime_days": "0"})
    assert response.status_code == 400 and "supérieure ou égale à 1" in response.content.decode()
    assert _row(commune).listing_lifetime_days == 60


def test_a_logo_is_validated_and_resized(gestion, commune, settings):
    picture = io.BytesIO()
    Image.new("RGB", (1200, 600), "#336699").save(picture, format="PNG")
    picture.name = "logo.png"
    picture.seek(0)
    assert gestion.post("/gestion/", {**SETTINGS, "logo": picture}).status_code == 302
    row = _row(commune)
    path = settings.MEDIA_ROOT / commune.schema_name / row.logo.name
    with Image.open(path) as stored:
        assert stored.size == (512, 256)
    fake = io.BytesIO(b"not an image")
    fake.name = "logo.png"
    response = gestion.post("/gestion/", {**SETTINGS, "logo": fake})
    assert response.status_code == 400
    assert "JPEG, PNG, WebP ou GIF" in html.unescape(response.content.decode())
    assert _row(commune).logo.name == row.logo.name


def test_quartiers_with_an_outline(gestion, commune):
    outline = {
        "type": "Polygon",
        "coordinates": [[[2.2, 48.8], [2.3, 48.8], [2.3, 48.9], [2.2, 48.8]]],
    }
    response = gestion.post(
        "/gestion/quartiers/nouveau/",
        {"name": "Les Bords de Seine", "outline": json.dumps(outline)},
    )
    assert response.status_code == 302
    bad = gestion.post(
        "/gestion/quartiers/nouveau/", {"name": "Ailleurs", "outline": '{"type": "Point"}'}
    )
    assert bad.status_code == 400 and "polygone GeoJSON" in bad.content.decode()
    with schema_context(commune.schema_name):
        quartier = Quartier.objects.get()
        assert quartier.name == "Les Bords de Seine" and quartier.outline == outline
        assert ActionLog.objects.filter(code="tenants.quartier.created").count() == 1
    page = gestion.get("/gestion/").content.decode()
    assert "Les Bords de Seine" in page and "quartier-outlines" in page and "leaflet.js" in page
    edit = gestion.get(f"/gestion/quartiers/{quartier.pk}/").content.decode()
    assert "Les Bords de Seine" in edit and "2.2" in edit and "data-outline-input" in edit
    gestion.post(f"/gestion/quartiers/{quartier.pk}/", {"name": "Bords de Seine", "outline": ""})
    with schema_context(commune.schema_name):
        quartier.refresh_from_db()
        assert quartier.name == "Bords de Seine" and quartier.outline is None


def test_a_custom_domain_is_checked_then_served(gestion, commune, other_commune, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "voisins.alpha-sur-seine.fr"]
    response = gestion.post("/gestion/domaine/", {"domain": "voisins.alpha-sur-seine.fr"})
    assert response.status_code == 302
    connection.set_schema_to_public()
    assert Domain.objects.get(domain="voisins.alpha-sur-seine.fr").tenant_id == commune.pk
    from django.test import Client

    assert (
        "Alpha-sur-Seine"
        in Client(HTTP_HOST="voisins.alpha-sur-seine.fr").get("/").content.decode()
    )
    for bad, message in (
        ("beta.localhost", "attribuées par la plateforme"),
        ("pas un domaine", "n’est pas un nom de domaine valide"),
        ("voisins.alpha-sur-seine.fr", "déjà utilisé"),
    ):
        response = gestion.post("/gestion/domaine/", {"domain": bad})
        assert response.status_code == 400 and message in response.content.decode(), bad
    connection.set_schema_to_public()
    Domain.objects.create(domain="voisins.beta.fr", tenant=other_commune, is_primary=False)
    response = gestion.post("/gestion/domaine/", {"domain": "VOISINS.beta.fr"})
    assert response.status_code == 400 and "déjà utilisé" in response.content.decode()
    connection.set_schema_to_public()
    assert Domain.objects.get(domain="voisins.beta.fr").tenant_id == other_commune.pk
    assert Domain.objects.filter(tenant=commune).count() == 2


def test_dashboard_members_over_time_and_small_counts_hidden(gestion, commune, make_resident):
    with schema_context(commune.schema_name):
        big = Quartier.objects.create(name="Centre")
        small = Quartier.objects.create(name="Hameau")
    with time_machine.travel("2026-09-10 10:00 +0200", tick=False):
        for i in range(5):
            make_resident(commune, email=f"centre{i}@alpha.example", quartier=big)
    for i in range(2):
        make_resident(commune, email=f"hameau{i}@alpha.example", quartier=small)
    page = gestion.get("/gestion/tableau-de-bord/").content.decode()
    assert "Tableau de bord de Alpha-sur-Seine" in page and "<svg" in page
    rows = page.split("<tbody>")[1]
    assert "<td>Centre</td><td data-quartier-count>5</td>" in rows
    assert "<td>Hameau</td><td data-quartier-count>&lt; 5</td>" in rows
    csv_text = gestion.get("/gestion/tableau-de-bord/export.csv").content.decode()
    assert "Centre,5" in csv_text and "Hameau,< 5" in csv_text
    members = next(line for line in csv_text.splitlines() if line.startswith("Membres"))
    values = [int(v) for v in members.split(",")[1:]]
    assert values == sorted(values) and values[-1] >= 8  # cumulative; 7 here + the ambassador


URLS = [
    ("get", "/gestion/"),
    ("post", "/gestion/"),
    ("get", "/gestion/quartiers/nouveau/"),
    ("post", "/gestion/quartiers/nouveau/"),
    ("post", "/gestion/domaine/"),
    ("get", "/gestion/tableau-de-bord/"),
    ("get", "/gestion/tableau-de-bord/export.csv"),
]


def test_residents_and_other_communes_ambassadors_cannot_manage(
    commune, other_commune, make_resident, client_for, public_client
):
    resident = make_resident(commune, email="simple@alpha.example")
    foreign = make_resident(other_commune, email="amb@beta.example", roles=(roles.AMBASSADOR,))
    data = {
        **SETTINGS,
        "moderation_mode": "a_priori",
        "name": "Pirate",
        "domain": "pirate.example.fr",
    }
    resident_client = client_for(commune, resident)
    foreign_client = client_for(commune)
    # Logged in on the other commune: that session means nothing on this host.
    with schema_context(other_commune.schema_name):
        foreign_client.force_login(foreign, backend="django.contrib.auth.backends.ModelBackend")
    for method, url in URLS:
        assert getattr(resident_client, method)(url, data).status_code == 403, url
        response = getattr(foreign_client, method)(url, data)
        assert response.status_code in (302, 403) and (
            response.status_code == 403 or "/accounts/login/" in response["Location"]
        ), url
        assert getattr(public_client, method)(url, data).status_code == 404, url
    row = _row(commune)
    assert row.name == "Alpha-sur-Seine" and row.moderation_mode == "a_posteriori"
    assert not Domain.objects.filter(domain="pirate.example.fr").exists()
    with schema_context(commune.schema_name):
        assert not Quartier.objects.exists()


def test_other_apps_add_their_monthly_figures(gestion):
    from socle import registry
    from tests.tenants.fakeapp import dashboard

    with registry.isolated():
        registry.dashboard_figure("loans", title="Prêts", compute=dashboard.loans)
        page = gestion.get("/gestion/tableau-de-bord/").content.decode()
        csv_text = gestion.get("/gestion/tableau-de-bord/export.csv").content.decode()
    assert 'data-series="loans"' in page and "Prêts" in page
    assert "Prêts,0,1,2,3,4,5,6,7,8,9,10,11" in csv_text


def test_dashboard_counts_posts_answered_requests_and_reports(gestion, commune, make_resident):
    from discussions.models import Comment, Post, Report

    asker = make_resident(commune, email="demande@alpha.example")
    helper = make_resident(commune, email="aide@alpha.example")
    with schema_context(commune.schema_name):
        answered = Post.objects.create(author=asker, kind="demande", title="Une perceuse ?")
        Comment.objects.create(post=answered, author=helper, body="Je vous la prête.")
        alone = Post.objects.create(author=asker, kind="demande", title="Un escabeau ?")
        Comment.objects.create(post=alone, author=asker, body="Toujours personne ?")
        Post.objects.create(author=helper, kind="discussion", title="Bonjour")
        Report.objects.create(
            post=alone, reporter=helper, reason="spam", resolved_at=alone.created_at
        )
        today = timezone.localdate()
        item = baker.make("objets.Item", owner=helper, garden=None, association=None)
        for status in ("completed", "declined"):
            baker.make(
                "objets.Loan",
                item=item,
                borrower=asker,
                status=status,
                starts_on=today,
                ends_on=today,
            )
    csv_text = gestion.get("/gestion/tableau-de-bord/export.csv").content.decode()
    rows = {line.split(",")[0]: line.split(",")[1:] for line in csv_text.splitlines() if line}
    assert rows["Nouvelles publications"][-1] == "3"
    assert rows["Demandes ayant reçu une réponse"][-1] == "1"
    assert rows["Signalements traités"][-1] == "1"
    assert rows["Prêts"][-1] == "1"
    assert "Sans quartier indiqué,< 5,< 5" in csv_text  # 3 posts, 4 members: hidden
    page = gestion.get("/gestion/tableau-de-bord/").content.decode()
    assert 'data-series="posts"' in page and 'data-series="reports"' in page


def test_dashboard_shows_garden_occupancy(gestion, commune, make_resident):
    from jardins.models import Garden, Plot

    holder = make_resident(commune, email="jardinier@alpha.example")
    with schema_context(commune.schema_name):
        garden = Garden.objects.create(name="Les Lilas")
        Plot.objects.create(
            garden=garden,
            number=1,
            area_m2=10,
            status="assigned",
            holder=holder,
            assigned_at=timezone.now(),
        )
        Plot.objects.create(
            garden=garden, number=2, area_m2=10, status="reserved", reserved_for="École Jean-Jaurès"
        )
        Plot.objects.create(garden=garden, number=3, area_m2=10)
        Plot.objects.create(garden=garden, number=4, area_m2=10)
    csv_text = gestion.get("/gestion/tableau-de-bord/export.csv").content.decode()
    line = next(row for row in csv_text.splitlines() if row.startswith("Occupation des jardins"))
    values = [int(v) for v in line.split(",")[1:]]
    assert values[-1] == 50  # 1 held + 1 reserved out of 4
    assert values[0] == 25  # the held plot was assigned this month


def test_a_decompression_bomb_logo_is_refused_and_nothing_stored(gestion, commune):
    before_logo, before = _row(commune).logo.name, stored_files(commune)
    response = gestion.post("/gestion/", {**SETTINGS, "logo": bomb_upload("logo.png")})
    assert response.status_code == 400
    assert BOMB_MESSAGE in html.unescape(response.content.decode())
    assert _row(commune).logo.name == before_logo
    assert stored_files(commune) == before

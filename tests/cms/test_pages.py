"""The page tree every commune starts with, served per commune."""

import pytest
from django_tenants.utils import schema_context
from wagtail.models import Page

from cms.models import (
    AssociationIndexPage,
    ConfidentialFormPage,
    EventIndexPage,
    EventPage,
    HomePage,
    MaVillePage,
    NewsIndexPage,
    NewsPage,
)
from tenants.services import onboard_commune

pytestmark = pytest.mark.django_db

TREE = {
    "/": HomePage,
    "/actualites/": NewsIndexPage,
    "/agenda/": EventIndexPage,
    "/associations/": AssociationIndexPage,
    "/ma-ville/": MaVillePage,
    "/ma-ville/demander-de-l-aide/": ConfidentialFormPage,
    "/ma-ville/signaler-une-personne-isolee/": ConfidentialFormPage,
}


def test_a_freshly_onboarded_commune_has_the_whole_tree_and_serves_each_page(client_for):
    commune = onboard_commune(
        name="Saint-Éloi", slug="saint-eloi", insee_code="01001", ambassador_email="a@eloi.example"
    ).commune
    with schema_context(commune.schema_name):
        home = Page.objects.get(depth=2).specific
        assert isinstance(home, HomePage) and home.title == "Saint-Éloi"
        pages = {page.url: page.specific for page in Page.objects.filter(depth__gt=1).live()}
        assert {url: type(page) for url, page in pages.items()} == TREE
        assert [block.block_type for block in home.body] == [
            "latest_news",
            "upcoming_events",
            "newest_posts",
            "join",
        ]
        kinds = {p.slug: p.kind for p in ConfidentialFormPage.objects.all()}
        assert kinds == {
            "demander-de-l-aide": "help",
            "signaler-une-personne-isolee": "vulnerable",
        }
    client = client_for(commune)
    for url in TREE:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Saint-Éloi" in response.content.decode()
    ma_ville = client.get("/ma-ville/").content.decode()
    assert "Horaires d’ouverture : Mairie" in ma_ville or "Mairie" in ma_ville
    assert "Demander de l&#x27;aide" in ma_ville or "Demander de l'aide" in ma_ville
    assert "Rejoignez vos voisins" in client.get("/").content.decode()


def test_page_types_shape_the_tree(commune):
    with schema_context(commune.schema_name):
        ma_ville = MaVillePage.objects.get()
        news_index = NewsIndexPage.objects.get()
        home = HomePage.objects.get()
        assert not NewsPage.can_create_at(ma_ville)
        assert NewsPage.can_create_at(news_index)
        assert not EventPage.can_create_at(news_index)
        assert not ConfidentialFormPage.can_create_at(home)
        # one of each section under the home page
        assert not NewsIndexPage.can_create_at(home)
        assert not MaVillePage.can_create_at(home)
        assert set(HomePage.allowed_subpage_models()) == {
            NewsIndexPage,
            EventIndexPage,
            AssociationIndexPage,
            MaVillePage,
        }


def test_news_and_events_appear_on_the_home_page_and_their_indexes(
    client_for, commune, add_news, add_event
):
    add_news(commune, "Travaux rue Voltaire", summary="La rue sera fermée lundi.")
    add_event(commune, "Fête des voisins", in_days=4, place="Square Léon-Blum")
    add_event(commune, "Brocante passée", in_days=-30)
    client = client_for(commune)
    home = client.get("/").content.decode()
    assert "Travaux rue Voltaire" in home
    assert "Fête des voisins" in home
    assert "Brocante passée" not in home
    assert "Travaux rue Voltaire" in client.get("/actualites/").content.decode()
    agenda = client.get("/agenda/").content.decode()
    assert agenda.index("Fête des voisins") < agenda.index("Brocante passée")
    article = client.get("/actualites/travaux-rue-voltaire/")
    assert article.status_code == 200
    assert "La rue sera fermée lundi." in article.content.decode()


def test_an_event_downloads_as_ical(client_for, commune, other_commune, add_event):
    event = add_event(commune, "Fête des voisins, édition 2026", place="Square; Léon-Blum")
    page = client_for(commune).get("/agenda/fete-des-voisins-edition-2026/").content.decode()
    assert f"/pages/evenement/{event.pk}/agenda.ics" in page
    response = client_for(commune).get(f"/pages/evenement/{event.pk}/agenda.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.startswith("BEGIN:VCALENDAR\r\n")
    assert "SUMMARY:Fête des voisins\\, édition 2026" in body
    assert "LOCATION:Square\\; Léon-Blum" in body
    assert "DTSTART:" + event.starts_at.strftime("%Y%m%d") in body
    # The same id on another commune's host is not there.
    assert (
        client_for(other_commune).get(f"/pages/evenement/{event.pk}/agenda.ics").status_code == 404
    )


def test_an_association_page_shows_its_activities_contact_and_news(
    client_for, commune, add_association
):
    association = add_association(
        commune,
        "Les Jardiniers du Centre",
        description="<p>Un potager partagé derrière l'école.</p>",
        contact_email="contact@jardiniers.example",
        activities=[
            ("activity", {"name": "Atelier semis", "schedule": "Samedi 10h", "place": "Serre"})
        ],
    )
    with schema_context(commune.schema_name):
        association.add_child(instance=NewsPage(title="Récolte des courges"))
        url = association.url
    response = client_for(commune).get(url)
    content = response.content.decode()
    assert response.status_code == 200
    assert "Atelier semis" in content and "contact@jardiniers.example" in content
    assert "Récolte des courges" in content
    assert "Les Jardiniers du Centre" in client_for(commune).get("/associations/").content.decode()


def test_pages_of_one_commune_never_appear_in_another(
    client_for, commune, other_commune, add_news, add_event
):
    add_news(commune, "Nouvelle piste cyclable")
    add_event(commune, "Repas de quartier")
    other = client_for(other_commune)
    assert other.get("/actualites/nouvelle-piste-cyclable/").status_code == 404
    assert other.get("/agenda/repas-de-quartier/").status_code == 404
    for url in ("/", "/actualites/", "/agenda/"):
        content = other.get(url).content.decode()
        assert "Nouvelle piste cyclable" not in content
        assert "Repas de quartier" not in content


def test_search_uses_fr_unaccent_and_stays_in_its_commune(
    client_for, commune, other_commune, add_event
):
    add_event(commune, "Fête des écoles", summary="Kermesse et spectacle des élèves")
    found = client_for(commune).get("/pages/recherche/", {"q": "fete ecole"})
    assert found.status_code == 200
    assert "Fête des écoles" in found.content.decode()
    elsewhere = client_for(other_commune).get("/pages/recherche/", {"q": "fete ecole"})
    assert "Fête des écoles" not in elsewhere.content.decode()
    # The default pages of a fresh commune are searchable too.
    assert (
        "Demander de l"
        in client_for(other_commune).get("/pages/recherche/", {"q": "aide"}).content.decode()
    )
    assert client_for(commune).get("/pages/recherche/").status_code == 200


def test_an_event_page_beyond_two_years_is_refused(commune, add_event):
    from django.core.exceptions import ValidationError
    from django.utils import translation

    from cms.models import EventPage

    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        add_event(commune, "Dans trois ans", in_days=3 * 365)
    assert refused.value.message_dict["starts_at"][0].startswith(
        "La date doit être au plus tard le "
    )
    with schema_context(commune.schema_name):
        assert not EventPage.objects.filter(title="Dans trois ans").exists()

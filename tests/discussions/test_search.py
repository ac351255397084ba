"""French full-text search: accents ignored, stems, websearch syntax, ranking."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def posts(commune, resident, publish):
    return {
        "fete": publish(
            resident,
            kind="evenement",
            title="Fête des voisins",
            body="Dans la cour, samedi.",
            event_place="Cour",
            event_starts_at=__import__("django.utils.timezone").utils.timezone.now()
            + __import__("datetime").timedelta(days=2),
        ),  # fmt: skip
        "doudou": publish(
            resident,
            kind="perdu",
            title="J'ai perdu le doudou de ma fille",
            body="Un lapin bleu, près de l'école.",
        ),  # fmt: skip
        "velo": publish(
            resident,
            kind="offre",
            title="Vélo à donner",
            body="Un vélo d'enfant.",
            tags=["voisins"],
        ),  # fmt: skip
    }


def _search(client, q):
    return client.get("/recherche/", {"q": q}).content.decode()


def test_accents_and_stems_are_ignored(commune, resident, client_for, posts):
    client = client_for(commune, resident)
    html = _search(client, "fete des voisins")
    assert "Fête des voisins" in html and "Vélo à donner" not in html
    assert "J&#x27;ai perdu le doudou" in _search(client, "doudou perdu")
    assert "Fête des voisins" in _search(client, "FÊTES")


def test_title_matches_rank_first(commune, resident, client_for, posts):
    # "voisins" is in the event's title and only in the bike's tags.
    html = _search(client_for(commune, resident), "voisins")
    assert html.index("Fête des voisins") < html.index("Vélo à donner")


def test_websearch_syntax(commune, resident, client_for, posts):
    client = client_for(commune, resident)
    html = _search(client, "voisins -vélo")
    assert "Fête des voisins" in html and "Vélo à donner" not in html
    assert "Vélo à donner" in _search(client, '"vélo à donner"')
    html = _search(client, "lapin or vélo")
    assert "doudou" in html and "Vélo à donner" in html


def test_search_stays_in_its_commune(commune, other_commune, resident, make_resident,
                                     client_for, posts):  # fmt: skip
    stranger = make_resident(other_commune)
    html = _search(client_for(other_commune, stranger), "fete des voisins")
    assert "Fête des voisins" not in html


def test_hidden_posts_are_not_found(commune, resident, client_for, posts):
    from django_tenants.utils import schema_context

    from discussions.models import Post

    with schema_context(commune.schema_name):
        Post.objects.filter(pk=posts["doudou"].pk).update(status=Post.Status.HIDDEN)
    assert "le doudou de ma fille" not in _search(client_for(commune, resident), "doudou perdu")

"""The filters of the feed, the objects and the neighbours: to htmx, the list
alone (the page's region the form targets); to a plain form or a history
restore, the whole page. Another commune's content never shows."""

import pytest

from tests.factories import in_commune

pytestmark = pytest.mark.django_db


def _hx(target):
    return {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": target}


def _html(response):
    return response.content.decode()


def _publish(commune, author, **fields):
    from discussions.services import publish_post

    with in_commune(commune):
        return publish_post(author=author, body="", **fields)


def test_the_feed_filters_answer_the_list(commune, other_commune, resident, make_resident,
                                          client_for):  # fmt: skip
    _publish(commune, resident, kind="demande", title="Besoin d'une échelle")
    _publish(commune, resident, kind="discussion", title="Bonjour à tous")
    stranger = make_resident(other_commune, email="etranger@beta.example")
    _publish(other_commune, stranger, kind="demande", title="Demande d'ailleurs")
    client = client_for(commune, resident)
    page = _html(client.get("/fil/"))
    assert 'hx-get="/fil/"' in page and 'hx-target="#feed-results"' in page
    assert 'hx-push-url="true"' in page and 'id="feed-results"' in page
    response = client.get("/fil/", {"type": "demande"}, **_hx("feed-results"))
    html = _html(response)
    assert response.status_code == 200 and "<html" not in html
    assert html.lstrip().startswith('<div id="feed-results"')
    assert "Besoin d" in html and "Bonjour à tous" not in html
    assert "Demande d'ailleurs" not in html and "Demande d&#x27;ailleurs" not in html
    assert "HX-Request" in response["Vary"]
    # The same filter as a plain form, and a history restore: the whole page.
    for extra in ({}, {"HTTP_HX_REQUEST": "true", "HTTP_HX_HISTORY_RESTORE_REQUEST": "true"}):
        html = _html(client.get("/fil/", {"type": "demande"}, **extra))
        assert "<html" in html and "Besoin d" in html and "Bonjour à tous" not in html


def test_the_objects_filters_answer_the_list(commune, other_commune, make_resident, client_for):
    from objets.models import Category
    from objets.services import create_item

    owner = make_resident(commune, email="preteuse@alpha.example")
    stranger = make_resident(other_commune, email="etranger@beta.example")
    for place, person, title in (
        (commune, owner, "Perceuse"),
        (commune, owner, "Tente"),
        (other_commune, stranger, "Perceuse d'ailleurs"),
    ):
        with in_commune(place):
            create_item(
                actor=person,
                title=title,
                description="En bon état.",
                category=Category.objects.order_by("pk").first(),
                max_loan_days=7,
            )
    client = client_for(commune, owner)
    assert 'hx-target="#item-results"' in _html(client.get("/objets/"))
    response = client.get("/objets/", {"q": "perceuse"}, **_hx("item-results"))
    html = _html(response)
    assert response.status_code == 200 and "<html" not in html
    assert html.startswith('<div id="item-results"')
    assert "Perceuse" in html and "Tente" not in html and "ailleurs" not in html
    html = _html(client.get("/objets/", {"q": "perceuse"}))
    assert "<html" in html and "Perceuse" in html and "Tente" not in html


def test_the_neighbours_filters_answer_the_list(commune, other_commune, make_resident,
                                                client_for):  # fmt: skip
    me = make_resident(commune, email="moi@alpha.example", first_name="Hélène")
    make_resident(commune, email="z@alpha.example", first_name="Zoé", last_name="Lemaire")
    make_resident(other_commune, email="zz@beta.example", first_name="Zoé", last_name="Ailleurs")
    client = client_for(commune, me)
    assert 'hx-target="#directory-results"' in _html(client.get("/voisins/"))
    response = client.get("/voisins/", {"q": "Zoé"}, **_hx("directory-results"))
    html = _html(response)
    assert response.status_code == 200 and "<html" not in html
    assert 'id="directory-results"' in html and "Zoé" in html
    assert "Hélène" not in html and "Ailleurs" not in html
    html = _html(client.get("/voisins/", {"q": "Zoé"}))
    assert "<html" in html and "Zoé" in html
    # A visitor gets the invitation, not the list, with or without htmx.
    html = _html(client_for(commune).get("/voisins/", {"q": "Zoé"}, **_hx("directory-results")))
    assert "Zoé" not in html

"""Malformed values in query strings, paths and API bodies (issue class 6):
NUL bytes, non-ASCII digits ("²".isdigit() is true), impossible months, ids
past PostgreSQL's bigint. Never a 500: a 400/404/422 with a French message, or
the value ignored, and nothing written."""

import pytest
from django_tenants.utils import schema_context

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Ce texte contient des caractères qui ne sont pas autorisés"


@pytest.mark.parametrize(
    "path",
    ["/recherche/?q=a%00b", "/voisins/?q=%00", "/objets/?q=v%00lo", "/fil/?categorie=%00"],
)
def test_a_nul_byte_in_a_query_string_is_refused_in_french(path, commune, resident, client_for):
    response = client_for(commune, resident).get(path)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


def test_a_nul_byte_in_a_path_value_is_refused(commune, client_for, other_commune):
    response = client_for(commune).get("/objets/calendrier/abc%00def.ics")
    assert response.status_code == 400
    response = client_for(other_commune).get("/notifications/desabonnement/a%00b/")
    assert response.status_code == 400


def test_a_nul_byte_in_a_form_field_read_by_hand_is_refused(commune, make_resident, client_for):
    from voisinages import roles

    ambassador = make_resident(commune, roles=[roles.AMBASSADOR])
    response = client_for(commune, ambassador).post(
        "/moderation/", {"posts": ["1"], "action": "hide", "reason": "spam\x00"}
    )
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999999", "-4"])
def test_non_ascii_or_huge_numbers_in_filters_are_ignored(value, commune, resident, client_for):
    client = client_for(commune, resident)
    assert client.get("/voisins/", {"quartier": value}).status_code == 200
    assert client.get("/fil/", {"quartier": value, "avant": value, "n": value}).status_code == 200
    response = client.get("/notifications/depuis/", {"after": value})
    assert response.status_code == 400
    assert "notification" in response.json()["error"]


@pytest.mark.parametrize("month", ["9999-12", "2024-13", "²⁰²⁴-01", "0-1", "2024-٣"])
def test_an_impossible_month_in_the_object_calendar_shows_this_month(
    month, commune, resident, make_resident, client_for
):
    from objets.models import Category
    from objets.services import create_item

    with schema_context(commune.schema_name):
        item = create_item(
            actor=make_resident(commune), title="Perceuse", category=Category.objects.first()
        )
    response = client_for(commune, resident).get(f"/objets/{item.pk}/", {"mois": month})
    assert response.status_code == 200


@pytest.mark.parametrize("path", ["/fil/9223372036854775808/", "/objets/99999999999999999999/"])
def test_an_id_past_bigint_is_not_found(path, commune, resident, client_for):
    assert client_for(commune, resident).get(path).status_code == 404


def test_a_nul_byte_in_an_api_body_is_refused_in_french(commune, resident, api_for):
    from discussions.models import Post

    api = api_for(commune, resident, language="fr")
    response = api.post("/posts", {"kind": "discussion", "title": "Bon\x00jour", "body": "Texte"})
    body = assert_error(response, 422, "validation_error")
    assert NUL_MESSAGE in body["fields"]["title"][0]
    with schema_context(commune.schema_name):
        assert not Post.objects.exists()


def test_a_nul_byte_in_an_api_query_is_refused(commune, resident, api_for):
    response = api_for(commune, resident, language="fr").get("/posts/search", {"q": "a\x00"})
    body = assert_error(response, 400, "bad_request")
    assert NUL_MESSAGE in body["message"]


def test_a_cursor_with_non_ascii_digits_is_refused(commune, resident, api_for):
    import base64

    cursor = base64.urlsafe_b64encode("id:²".encode()).decode().rstrip("=")
    response = api_for(commune, resident, language="fr").get("/posts", {"cursor": cursor})
    assert_error(response, 422, "validation_error")


def test_the_other_commune_gets_no_further(other_commune, make_resident, api_for, client_for):
    outsider = make_resident(other_commune)
    assert client_for(other_commune, outsider).get("/voisins/?quartier=²").status_code == 200
    response = api_for(other_commune, outsider).post("/posts", {"title": "\x00"})
    assert response.status_code == 422

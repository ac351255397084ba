"""The API's framework: documents, authentication, errors, language, pagination."""

from django_tenants.utils import schema_context

from tests.api.conftest import ApiClient, assert_error
from tests.conftest import host_of


def test_openapi_document_lists_the_resources(commune, client_for):
    response = client_for(commune).get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["info"]["title"] == "Réseau API"
    for path in ("/api/v1/me", "/api/v1/residents", "/api/v1/notifications", "/api/v1/quartiers"):
        assert path in document["paths"], path
    schemes = document["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert {"type": "apiKey", "in": "cookie", "name": "sessionid"} in schemes.values()


def test_docs_page_uses_local_assets_only(commune, client_for):
    response = client_for(commune).get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html


def test_anonymous_call_is_refused_with_the_error_body(commune, api_for):
    body = assert_error(api_for(commune).get("/me"), 401, "not_authenticated")
    assert body["fields"] == {}


def test_unknown_api_path_answers_json_404(commune, api_for):
    assert_error(api_for(commune).get("/nothing/here"), 404, "not_found")
    # An id that is not a number, with an encoded newline (found by fuzzing).
    assert_error(api_for(commune).post("/loans/a%0Ab/review", {}), 404, "not_found")


def test_token_authenticates_and_records_use(commune, resident, make_token):
    raw = make_token(commune, resident, "read")
    response = ApiClient(commune, raw).get("/me")
    assert response.status_code == 200
    assert response.json()["email"] == resident.email
    with schema_context(commune.schema_name):
        token = resident.access_tokens.get()
        assert token.last_used_at is not None
        assert token.key_hash != raw and raw not in token.key_hash
        assert raw.startswith(token.prefix)


def test_revoked_token_is_refused(commune, resident, make_token):
    from api.services import revoke_token

    raw = make_token(commune, resident)
    with schema_context(commune.schema_name):
        revoke_token(resident=resident, token_id=resident.access_tokens.get().pk)
    assert_error(ApiClient(commune, raw).get("/me"), 401, "invalid_token")


def test_token_of_another_commune_is_unknown_here(
    commune, other_commune, make_resident, make_token
):
    stranger = make_resident(other_commune, email="x@beta.example")
    raw = make_token(other_commune, stranger)
    assert_error(ApiClient(commune, raw).get("/me"), 401, "invalid_token")


def test_suspended_resident_token_is_refused(commune, resident, make_token):
    raw = make_token(commune, resident)
    with schema_context(commune.schema_name):
        type(resident).objects.filter(pk=resident.pk).update(is_active=False)
    assert_error(ApiClient(commune, raw).get("/me"), 401, "invalid_token")


def test_read_token_cannot_write(commune, resident, api_for):
    api = api_for(commune, resident, scope="read")
    assert_error(api.post("/notifications/read", {}), 403, "read_only_token")
    assert api.get("/notifications").status_code == 200


def test_session_needs_csrf_for_writes(commune, resident, client_for):
    from django.test import Client

    client = Client(HTTP_HOST=host_of(commune), enforce_csrf_checks=True)
    with schema_context(commune.schema_name):
        client.force_login(resident, backend="django.contrib.auth.backends.ModelBackend")
    api = ApiClient(commune, client=client)
    assert api.get("/me").status_code == 200
    assert_error(api.post("/notifications/read", {}), 403, "csrf_failed")
    # With the token from the cookie, as the site's scripts send it.
    client.get("/voisins/moi/jetons/")
    csrf = client.cookies["csrftoken"].value
    response = api.post("/notifications/read", {}, headers={"X-CSRFToken": csrf})
    assert response.status_code == 200, response.content


def test_validation_errors_name_fields_in_french_by_default(commune, resident, api_for):
    body = assert_error(
        api_for(commune, resident).get("/residents", {"limit": "many"}), 422, "validation_error"
    )
    assert body["fields"] == {"limit": ["Saisissez un nombre entier."]}


def test_accept_language_english(commune, resident, api_for):
    api = api_for(commune, resident, language="en-GB,en;q=0.8")
    body = assert_error(api.get("/residents", {"limit": 0}), 422)
    assert body["fields"] == {"limit": ["Ensure this value is at least 1."]}
    assert api.get("/me").headers["Content-Language"] == "en"


def test_unknown_language_falls_back_to_french(commune, api_for):
    body = assert_error(api_for(commune, language="de").get("/me"), 401)
    assert "jeton" in body["message"]


def test_site_still_ignores_accept_language(commune, client_for):
    response = client_for(commune).get("/accounts/login/", headers={"Accept-Language": "en"})
    assert response.headers["Content-Language"] == "fr"


def test_bad_cursor_is_a_field_error(commune, resident, api_for):
    body = assert_error(
        api_for(commune, resident).get("/residents", {"cursor": "nope"}), 422, "validation_error"
    )
    assert list(body["fields"]) == ["cursor"]


def test_server_errors_answer_the_error_body(commune, resident, api_for, monkeypatch):
    from voisinages import selectors

    def boom(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(selectors, "inbox", boom)
    body = assert_error(api_for(commune, resident).get("/notifications"), 500, "server_error")
    assert "boom" not in body["message"]


def test_export_and_forget_tokens(commune, resident, make_token):
    from api.exports import export_for, forget

    raw = make_token(commune, resident, "read")
    with schema_context(commune.schema_name):
        exported = export_for(resident)
        assert [t["name"] for t in exported["access_tokens"]] == ["Tests"]
        assert raw not in str(exported)
        forget(resident)
        assert not resident.access_tokens.exists()


def test_wrong_method_answers_the_error_body(commune, resident, api_for):
    response = api_for(commune, resident, language="en").delete("/me")
    body = assert_error(response, 405, "method_not_allowed")
    assert body["message"] == "This method is not allowed here."
    assert "GET" in response["Allow"]


def test_malformed_json_is_a_400(commune, resident, api_for):
    api = api_for(commune, resident)
    response = api.client.patch(
        "/api/v1/me", data="{not json", content_type="application/json", headers=api.headers
    )
    assert assert_error(response, 400, "malformed_body")["message"] == (
        "Le corps de la requête n’est pas du JSON valide."
    )

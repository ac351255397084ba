"""Personal access tokens: the /voisins/moi/jetons/ page, POST /auth/token, /tokens."""

from django.conf import settings
from django_tenants.utils import schema_context

from api.models import ApiToken
from tests.api.conftest import ApiClient, assert_error

PASSWORD = "un-mot-de-passe-solide"


def test_page_creates_a_token_shown_once_and_stored_hashed(commune, resident, client_for):
    client = client_for(commune, resident)
    response = client.post("/voisins/moi/jetons/", {"name": "Appli de la ville", "scope": "read"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Copiez-le maintenant" in html
    secret = response.context["created"]["secret"]
    assert secret in html
    with schema_context(commune.schema_name):
        token = ApiToken.objects.get(resident=resident)
        assert token.name == "Appli de la ville" and token.scope == "read"
        assert secret not in (token.key_hash, token.prefix)
    # Listed afterwards without the secret.
    again = client.get("/voisins/moi/jetons/").content.decode()
    assert "Appli de la ville" in again and secret not in again
    assert ApiClient(commune, secret).get("/me").status_code == 200


def test_page_rejects_a_nameless_token(commune, resident, client_for):
    response = client_for(commune, resident).post("/voisins/moi/jetons/", {"scope": "read"})
    assert "Ce champ est obligatoire." in response.content.decode()
    with schema_context(commune.schema_name):
        assert not ApiToken.objects.exists()


def test_page_needs_login(commune, client_for):
    response = client_for(commune).get("/voisins/moi/jetons/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_page_revokes_own_token_only(commune, resident, make_resident, client_for, make_token):
    raw = make_token(commune, resident)
    neighbour = make_resident(commune, email="voisine@alpha.example")
    with schema_context(commune.schema_name):
        token = ApiToken.objects.get(resident=resident)
    url = f"/voisins/moi/jetons/{token.pk}/revoquer/"
    assert client_for(commune, neighbour).post(url).status_code == 404
    assert ApiClient(commune, raw).get("/me").status_code == 200
    response = client_for(commune, resident).post(url, follow=True)
    assert "est révoqué" in response.content.decode()
    assert ApiClient(commune, raw).get("/me").status_code == 401


def test_revoking_from_another_commune_is_404(
    commune, other_commune, resident, make_resident, client_for, make_token
):
    make_token(commune, resident)
    stranger = make_resident(other_commune, email="habitant@alpha.example")
    with schema_context(commune.schema_name):
        token = ApiToken.objects.get(resident=resident)
    response = client_for(other_commune, stranger).post(f"/voisins/moi/jetons/{token.pk}/revoquer/")
    assert response.status_code == 404
    with schema_context(commune.schema_name):
        token.refresh_from_db()
        assert token.revoked_at is None


def test_password_exchange_gives_a_token(commune, resident, api_for):
    response = api_for(commune).post(
        "/auth/token",
        {"email": resident.email.upper(), "password": PASSWORD, "name": "Script", "scope": "read"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["scope"] == "read" and body["token"].startswith("rsx_")
    me = ApiClient(commune, body["token"]).get("/me")
    assert me.json()["id"] == resident.pk


def test_password_exchange_refuses_wrong_password(commune, resident, api_for):
    body = assert_error(
        api_for(commune).post("/auth/token", {"email": resident.email, "password": "faux"}),
        401,
        "invalid_credentials",
    )
    assert body["message"] == "Adresse e-mail ou mot de passe incorrect."


def test_password_exchange_in_another_commune_fails(other_commune, resident, api_for):
    assert_error(
        api_for(other_commune).post("/auth/token", {"email": resident.email, "password": PASSWORD}),
        401,
        "invalid_credentials",
    )


def test_password_exchange_validates_fields(commune, api_for):
    body = assert_error(
        api_for(commune).post("/auth/token", {"email": "", "scope": "admin"}),
        422,
        "validation_error",
    )
    assert body["fields"] == {
        "email": ["Ce champ ne peut pas être vide."],
        "password": ["Ce champ est obligatoire."],
        "scope": ["Choisissez une valeur valide."],
    }


def test_password_exchange_is_throttled_like_login(commune, resident, api_for):
    api = api_for(commune)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        api.post("/auth/token", {"email": resident.email, "password": "faux"})
    # Locked out: even the right password is refused for now, in JSON.
    body = assert_error(
        api.post("/auth/token", {"email": resident.email, "password": PASSWORD}), 429, "throttled"
    )
    assert "réessayez" in body["message"]
    # The login form shares the lock (same axes counters).
    with schema_context(commune.schema_name):
        from axes.models import AccessAttempt

        assert AccessAttempt.objects.filter(username=resident.email).exists()


def test_tokens_resource(commune, resident, make_resident, api_for):
    api = api_for(commune, resident)
    created = api.post("/tokens", {"name": "Deuxième", "scope": "read"})
    assert created.status_code == 201
    listed = api.get("/tokens").json()
    assert {t["name"] for t in listed} == {"Tests", "Deuxième"}
    assert all("token" not in t for t in listed)
    neighbour_api = api_for(commune, make_resident(commune, email="n@alpha.example"))
    assert_error(neighbour_api.delete(f"/tokens/{created.json()['id']}"), 404, "not_found")
    assert api.delete(f"/tokens/{created.json()['id']}").status_code == 204
    assert ApiClient(commune, created.json()["token"]).get("/me").status_code == 401


def test_read_token_cannot_create_tokens(commune, resident, api_for):
    api = api_for(commune, resident, scope="read")
    assert_error(api.post("/tokens", {"name": "x"}), 403, "read_only_token")
    assert_error(api.delete("/tokens/1"), 403, "read_only_token")

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


def _reset_password(client, email, new_password, run_jobs):
    import re

    from django.core import mail

    client.post("/accounts/password_reset/", {"email": email})
    run_jobs()  # the email leaves from a job
    path = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[-1].body).group(1)
    form_url = client.get(path, follow=True).redirect_chain[-1][0]
    return client.post(form_url, {"new_password1": new_password, "new_password2": new_password})


def test_a_password_reset_revokes_the_residents_tokens(
    run_jobs, commune, resident, make_resident, make_token, client_for
):
    raw = make_token(commune, resident)
    neighbour = make_resident(commune, email="voisine@alpha.example")
    neighbours_raw = make_token(commune, neighbour)
    assert ApiClient(commune, raw).get("/me").status_code == 200
    response = _reset_password(
        client_for(commune), resident.email, "nouveau-secret-solide", run_jobs
    )
    assert response.status_code == 302
    assert_error(ApiClient(commune, raw).get("/me"), 401)
    with schema_context(commune.schema_name):
        assert ApiToken.objects.get(resident=resident).revoked_at is not None
    # Only the resident whose password changed loses their tokens.
    assert ApiClient(commune, neighbours_raw).get("/me").status_code == 200


def test_a_password_change_revokes_the_residents_tokens(
    commune, other_commune, make_resident, make_token, client_for
):
    ambassador = make_resident(commune, email="amb@alpha.example", roles=["ambassador"])
    raw = make_token(commune, ambassador)
    # The same email in another commune is another account: its token lives on.
    elsewhere = make_resident(other_commune, email="amb@alpha.example")
    elsewhere_raw = make_token(other_commune, elsewhere)
    # The form of the editorial admin's account page (Wagtail's password panel).
    from django.contrib.auth.forms import PasswordChangeForm

    with schema_context(commune.schema_name):
        form = PasswordChangeForm(
            ambassador,
            {
                "old_password": PASSWORD,
                "new_password1": "nouveau-secret-solide",
                "new_password2": "nouveau-secret-solide",
            },
        )
        assert form.is_valid(), form.errors
        form.save()
    assert_error(ApiClient(commune, raw).get("/me"), 401)
    assert ApiClient(other_commune, elsewhere_raw).get("/me").status_code == 200


def test_password_exchange_shares_the_login_forms_lock_across_case_variants(
    commune, resident, make_resident, api_for, client_for
):
    form = client_for(commune)
    for attempt in range(3):
        form.post(
            "/accounts/login/",
            {"username": resident.email.upper(), "password": "faux"},
            REMOTE_ADDR=f"10.9.0.{attempt}",
        )
    api = api_for(commune)
    for attempt in range(settings.AXES_FAILURE_LIMIT - 3):
        api.post("/auth/token", {"email": f" {resident.email.title()} ", "password": "faux"},
                 REMOTE_ADDR=f"10.9.1.{attempt}")  # fmt: skip
    assert_error(
        api.post("/auth/token", {"email": resident.email, "password": PASSWORD}), 429, "throttled"
    )
    # A neighbour on the same connection is not locked out.
    neighbour = make_resident(commune, email="voisine@alpha.example")
    response = api.post(
        "/auth/token", {"email": neighbour.email, "password": PASSWORD}, REMOTE_ADDR="10.9.1.0"
    )
    assert response.status_code == 201

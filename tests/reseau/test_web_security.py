"""Safe redirects and links, the headers and production settings, and the
French error pages."""

import html
import os
import re
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.test import RequestFactory
from django_tenants.utils import schema_context

from tests.conftest import host_of

pytestmark = pytest.mark.django_db

DUMMY_KEY = "test-only-dummy-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


# --- 10. Redirects and links ------------------------------------------------------


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/x", "http://beta.localhost/"]
)
def test_a_posted_next_never_leaves_the_commune(commune, make_resident, client_for, target):
    pending = make_resident(commune, is_verified=False)
    response = client_for(commune, pending).post("/accounts/confirmer-renvoyer/", {"next": target})
    assert response.status_code == 302 and response["Location"] == "/"


def test_a_posted_next_on_the_same_host_is_followed(commune, make_resident, client_for):
    pending = make_resident(commune, is_verified=False)
    response = client_for(commune, pending).post("/accounts/confirmer-renvoyer/", {"next": "/fil/"})
    assert response["Location"] == "/fil/"


def test_ambassador_moderation_next_never_leaves_the_commune(commune, make_resident, client_for):
    ambassador = make_resident(commune, roles=("ambassador",))
    member = make_resident(commune, is_verified=False)
    response = client_for(commune, ambassador).post(
        f"/gestion/membres/{member.pk}/approuver/", {"next": "https://evil.example/"}
    )
    assert response.status_code == 302 and response["Location"] == "/gestion/membres/"


def test_login_next_never_leaves_the_commune(commune, make_resident, client_for):
    make_resident(commune, email="lea@alpha.example")
    response = client_for(commune).post(
        "/accounts/login/?next=https://evil.example/",
        {"username": "lea@alpha.example", "password": "un-mot-de-passe-solide"},
    )
    assert response.status_code == 302 and "evil" not in response["Location"]


def test_reset_link_ignores_the_host_headers_port(
    run_jobs, commune, other_commune, make_resident, client_for, django_capture_on_commit_callbacks
):
    make_resident(commune, email="lea@alpha.example")
    make_resident(other_commune, email="lea@alpha.example")
    client = client_for(commune)
    client.defaults["HTTP_HOST"] = f"{host_of(commune)}:6666"
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/accounts/password_reset/", {"email": "lea@alpha.example"})
    run_jobs()
    assert len(mail.outbox) == 1
    run_jobs()
    body = mail.outbox[0].body
    assert f"http://{host_of(commune)}:{settings.RESEAU_PORT}/accounts/reset/" in body
    assert "6666" not in body and host_of(other_commune) not in body


def test_invitation_link_ignores_the_host_headers_port(commune, make_resident, client_for):
    inviter = make_resident(commune)
    client = client_for(commune, inviter)
    client.defaults["HTTP_HOST"] = f"{host_of(commune)}:6666"
    response = client.post("/voisins/moi/inviter/", {"email": "ami@example.org"})
    assert f"http://{host_of(commune)}:{settings.RESEAU_PORT}/" in _text(response)
    assert ":6666" not in _text(response)


def _settings_value(module: str, expression: str, **env) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "DEBUG"}
    environment.update(DJANGO_SETTINGS_MODULE=module, **env)
    code = f"import django; django.setup(); from django.conf import settings; print({expression})"
    result = subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code], env=environment, capture_output=True, text=True, check=True
    )
    return result.stdout.strip().splitlines()[-1]


def test_production_wagtail_base_url_has_no_dev_port():
    value = _settings_value(
        "reseau.settings.production",
        "settings.WAGTAILADMIN_BASE_URL",
        SECRET_KEY=DUMMY_KEY,
        RESEAU_BASE_DOMAIN="reseau.example.fr",
        PORT="8000",
    )
    assert value == "https://reseau.example.fr"


# --- 11. Headers and production settings -----------------------------------------


def test_every_page_carries_a_strict_policy(commune, resident, client_for, public_client):
    for response in (
        client_for(commune, resident).get("/fil/"),
        client_for(commune).get("/accounts/login/"),
        public_client.get("/"),
    ):
        policy = response["Content-Security-Policy"]
        directives = dict((part.split(" ", 1) + [""])[:2] for part in policy.split("; ") if part)
        assert directives["default-src"] == "'self'"
        assert "'unsafe-inline'" not in directives["script-src"]
        assert "'unsafe-eval'" not in directives["script-src"]
        assert "tile.openstreetmap.org" in directives["img-src"]
        assert "ws://" in directives["connect-src"]


def test_inline_styles_carry_the_nonce_of_the_header(commune, resident, client_for):
    response = client_for(commune, resident).get("/fil/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    for tag in re.findall(r"<(?:script|style)\b[^>]*>", response.content.decode()):
        assert "src=" in tag or f'nonce="{nonce}"' in tag, tag


def test_deploy_check_passes_with_the_production_settings():
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "reseau.settings.production",
        "SECRET_KEY": DUMMY_KEY,
    }
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS"):
        environment.pop(name, None)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )
    assert result.returncode == 0, result.stdout + result.stderr


# --- 12. Dead ends ----------------------------------------------------------------


def test_make_run_serves_without_debug_pages():
    assert _settings_value("reseau.settings.dev", "settings.DEBUG") == "False"
    assert _settings_value("reseau.settings.dev", "settings.DEBUG", DEBUG="1") == "True"


def test_a_communes_404_is_french_and_in_its_layout(commune, client_for):
    response = client_for(commune).get("/nulle-part/")
    assert response.status_code == 404
    page = _text(response)
    assert "Page introuvable" in page
    assert commune.name in page and 'class="site-header"' in page
    assert "urlpatterns" not in page.lower() and "URLconf" not in page


def test_the_platforms_404_is_french_and_in_its_layout(public_client):
    response = public_client.get("/nulle-part/")
    assert response.status_code == 404
    page = _text(response)
    assert "Page introuvable" in page and "Trouvez votre commune" in page
    assert "urlpatterns" not in page.lower() and "URLconf" not in page


def test_a_pending_resident_who_clicks_to_post_is_told_what_to_do(
    commune, other_commune, make_resident, client_for
):
    pending = make_resident(commune, is_verified=False)
    response = client_for(commune, pending).get("/fil/nouveau/")
    assert response.status_code == 403
    page = _text(response)
    assert "Confirmez d'abord votre adresse e-mail" in page
    assert "/accounts/confirmer-renvoyer/" in page and "Forbidden" not in page
    # A resident of another commune is a visitor here: sent to log in.
    outsider = make_resident(other_commune)
    client = client_for(other_commune, outsider)
    client.defaults["HTTP_HOST"] = host_of(commune)
    response = client.get("/fil/nouveau/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_resident_waiting_for_approval_is_told_so(commune, make_resident, client_for):
    waiting = make_resident(commune, is_verified=False)
    with schema_context(commune.schema_name):
        waiting.email_confirmed, waiting.approval_pending = True, True
        waiting.save(update_fields=["email_confirmed", "approval_pending"])
    response = client_for(commune, waiting).get("/fil/nouveau/")
    assert response.status_code == 403
    assert "en attente de validation" in _text(response)


def test_a_403_is_french_and_says_what_to_do(commune, resident, client_for):
    response = client_for(commune, resident).get("/gestion/membres/")
    assert response.status_code == 403
    page = _text(response)
    assert "Accès refusé" in page and "ambassadeur" in page and commune.name in page


def test_a_500_is_french_even_when_the_layout_cannot_be_drawn(commune):
    from reseau import views_errors

    request = RequestFactory().get("/", HTTP_HOST=host_of(commune))
    response = views_errors.server_error(request)  # no commune, no user on it
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.content.decode()

"""Login, logout, throttling per account and per IP (django-axes), password reset."""

import re

import pytest
from django.core import mail

from tests.voisinages.conftest import text

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"


def _login(client, email, password, ip="10.0.0.1"):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_login_and_logout(commune, client_for, resident):
    client = client_for(commune)
    assert _login(client, resident.email, PASSWORD).status_code == 302
    page = text(client.get("/voisins/"))
    assert "Camille D." in page and "data-live-unread" in page
    client.post("/accounts/logout/")
    assert client.get("/voisins/moi/").status_code == 302


def test_an_account_of_another_commune_cannot_log_in_here(
    commune, other_commune, client_for, make_resident
):
    make_resident(other_commune, email="zoe@beta.example")
    response = _login(client_for(commune), "zoe@beta.example", PASSWORD)
    assert response.status_code == 200
    assert "Adresse e-mail ou mot de passe incorrect" in text(response)


def test_too_many_failures_lock_the_account(
    commune, other_commune, client_for, resident, make_resident
):
    client = client_for(commune)
    for attempt in range(5):
        # Each attempt from another address: the account itself is throttled.
        _login(client, resident.email, "mauvais", ip=f"10.0.1.{attempt}")
    response = _login(client, resident.email, PASSWORD, ip="10.0.2.1")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in text(response)
    # The same email in another commune is a different account, not locked.
    make_resident(other_commune, email=resident.email)
    assert _login(client_for(other_commune), resident.email, PASSWORD).status_code == 302


# Per-address locking (spraying) and shared computers: test_login_throttle.py.


def test_password_reset(run_jobs, commune, other_commune, client_for, resident):
    client = client_for(commune)
    response = client.post("/accounts/password_reset/", {"email": resident.email}, follow=True)
    assert "Consultez vos e-mails" in text(response)
    run_jobs()
    assert len(mail.outbox) == 1
    run_jobs()
    path = re.search(r"https?://[^/]+(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)
    # The link means nothing in another commune.
    response = client_for(other_commune).get(path, follow=True)
    assert "n'est plus valide" in text(response)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url,
        {"new_password1": "nouveau-secret-solide", "new_password2": "nouveau-secret-solide"},
        follow=True,
    )
    assert "Mot de passe modifié" in text(response)
    assert _login(client_for(commune), resident.email, "nouveau-secret-solide").status_code == 302


def test_password_reset_for_an_unknown_address_sends_nothing(run_jobs, commune, client_for):
    client_for(commune).post("/accounts/password_reset/", {"email": "personne@example.org"})
    run_jobs()
    assert mail.outbox == []

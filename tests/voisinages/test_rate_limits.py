"""Sign-ups and every account form that sends an email are rate-limited per
address and per target email: 429 in French, no more email."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import override_settings
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text
from voisinages.models import Resident

pytestmark = pytest.mark.django_db

LIMITS = {
    **settings.RESEAU_RATE_LIMITS,
    "signup": {"address": "2/h"},
    "email": {"account": "10/h", "address": "4/h"},
    "invitation": {"account": "2/h", "address": "60/h"},
}


def _signup(client, quartier, email, ip):
    data = {
        "first_name": "Inès",
        "last_name": "Petit",
        "email": email,
        "password": "un-mot-de-passe-solide",
        "quartier": quartier.pk,
    }
    return client.post("/accounts/signup/", data, REMOTE_ADDR=ip)


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_signups_are_rate_limited_per_address(commune, quartier, client_for):
    for index in range(2):
        assert _signup(client_for(commune), quartier, f"jetable{index}@example.org", "10.3.0.1").status_code == 302  # fmt: skip
    response = _signup(client_for(commune), quartier, "jetable9@example.org", "10.3.0.1")
    assert response.status_code == 429
    assert "Trop de comptes ont été créés depuis cette connexion" in text(response)
    with schema_context(commune.schema_name):
        assert not Resident.objects.filter(email="jetable9@example.org").exists()
    # Someone at another address still signs up.
    assert _signup(client_for(commune), quartier, "ines@example.org", "10.3.0.2").status_code == 302


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_password_reset_is_rate_limited_per_target_email(run_jobs, commune, client_for, resident):
    for index in range(3):
        response = client_for(commune).post(
            "/accounts/password_reset/", {"email": resident.email.upper()}, REMOTE_ADDR=f"10.4.0.{index}"
        )  # fmt: skip
        assert response.status_code == 302
    run_jobs()
    assert len(mail.outbox) == 3
    response = client_for(commune).post(
        "/accounts/password_reset/", {"email": resident.email}, REMOTE_ADDR="10.4.1.1"
    )
    assert response.status_code == 429
    assert "Trop d’e-mails ont été envoyés à cette adresse" in text(response)
    run_jobs()
    assert len(mail.outbox) == 3


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_password_reset_is_rate_limited_per_address(run_jobs, commune, client_for, make_resident):
    emails = [make_resident(commune).email for _ in range(5)]
    for email in emails[:4]:
        client_for(commune).post(
            "/accounts/password_reset/", {"email": email}, REMOTE_ADDR="10.5.0.1"
        )
    response = client_for(commune).post(
        "/accounts/password_reset/", {"email": emails[4]}, REMOTE_ADDR="10.5.0.1"
    )
    assert response.status_code == 429
    run_jobs()
    assert len(mail.outbox) == 4
    # Another address is not blocked by this one.
    ok = client_for(commune).post("/accounts/password_reset/", {"email": emails[4]}, REMOTE_ADDR="10.5.0.2")  # fmt: skip
    run_jobs()
    assert ok.status_code == 302 and len(mail.outbox) == 5


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_the_confirmation_link_is_resent_a_few_times_only(
    run_jobs, commune, client_for, make_resident, django_capture_on_commit_callbacks
):
    pending = make_resident(commune, is_verified=False)
    client = client_for(commune, pending)
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(3):
            assert client.post("/accounts/confirmer-renvoyer/").status_code == 302
        response = client.post("/accounts/confirmer-renvoyer/")
    assert response.status_code == 429
    run_jobs()
    assert len(mail.outbox) == 3


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_invitations_are_rate_limited_per_account(commune, client_for, make_resident):
    ambassador = make_resident(commune, roles=["ambassador"])
    client = client_for(commune, ambassador)
    for _ in range(2):
        assert client.post("/gestion/membres/invitations/nouvelle/", {"role": "resident", "max_uses": 1}).status_code == 302  # fmt: skip
    response = client.post(
        "/gestion/membres/invitations/nouvelle/", {"role": "resident", "max_uses": 1}
    )
    assert response.status_code == 429
    assert "Trop de tentatives" in text(response)
    # Another ambassador is not blocked by this one's limit.
    other = client_for(commune, make_resident(commune, roles=["ambassador"]))
    assert other.post("/gestion/membres/invitations/nouvelle/", {"role": "resident", "max_uses": 1}).status_code == 302  # fmt: skip


def test_wagtails_own_password_reset_is_off(run_jobs, commune, client_for):
    """It would email reset links without any limit: /accounts/password_reset/ is the one."""
    response = client_for(commune).post("/cms/password_reset/", {"email": "x@example.org"})
    assert response.status_code == 404
    run_jobs()
    assert mail.outbox == []

"""Login throttling that cannot be walked round: failures are
keyed on the normalised email, per account; the address comes from trusted
proxies only; a shared computer does not lock its other residents out."""

import pytest
from django.conf import settings
from django.test import override_settings
from django_tenants.utils import schema_context

from tests.voisinages.conftest import text

pytestmark = pytest.mark.django_db

PASSWORD = "un-mot-de-passe-solide"


def _login(client, email, password, ip="10.0.0.1", **extra):
    return client.post(
        "/accounts/login/", {"username": email, "password": password}, REMOTE_ADDR=ip, **extra
    )


def _attempt_ips(commune):
    from axes.models import AccessAttempt

    with schema_context(commune.schema_name):
        return set(AccessAttempt.objects.values_list("ip_address", flat=True))


def test_case_and_space_variants_count_as_one_account(commune, client_for, resident):
    client = client_for(commune)
    variants = ["Habitant@Alpha.example", "habitant@alpha.example ", "HABITANT@ALPHA.EXAMPLE",
                " habitant@ALPHA.example", "hAbItAnT@alpha.EXAMPLE"]  # fmt: skip
    for attempt, email in enumerate(variants):
        _login(client, email, "mauvais", ip=f"10.0.5.{attempt}")
    response = _login(client, resident.email, PASSWORD, ip="10.0.6.1")
    assert response.status_code == 429
    assert "Trop de tentatives de connexion" in text(response)


def test_a_forged_forwarded_for_from_an_untrusted_peer_does_not_change_the_key(
    commune, client_for, resident
):
    with override_settings(RESEAU_TRUSTED_PROXIES=["127.0.0.1"]):
        _login(client_for(commune), resident.email, "mauvais", ip="203.0.113.7",
               HTTP_X_FORWARDED_FOR="1.2.3.4")  # fmt: skip
    assert _attempt_ips(commune) == {"203.0.113.7"}


def test_behind_a_trusted_proxy_its_forwarded_address_is_the_key(commune, client_for, resident):
    with override_settings(RESEAU_TRUSTED_PROXIES=["127.0.0.1"]):
        _login(client_for(commune), resident.email, "mauvais", ip="127.0.0.1",
               HTTP_X_FORWARDED_FOR="1.2.3.4, 198.51.100.9")  # fmt: skip
    # Neither the proxy nor the leftmost value, which the client chose itself.
    assert _attempt_ips(commune) == {"198.51.100.9"}


def test_success_on_ones_own_account_does_not_unlock_the_attacked_one(
    commune, client_for, resident, make_resident
):
    attacker = make_resident(commune, email="attaquant@alpha.example")
    client = client_for(commune)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, resident.email, "mauvais", ip="10.0.7.7")
    # The attacker logs into their own account from the same address...
    assert _login(client_for(commune), attacker.email, PASSWORD, ip="10.0.7.7").status_code == 302
    # ...and the next failure on the victim still locks it.
    _login(client, resident.email, "mauvais", ip="10.0.7.7")
    assert _login(client_for(commune), resident.email, PASSWORD, ip="10.0.8.8").status_code == 429


def test_two_residents_behind_one_address_one_locked_the_other_logs_in(
    commune, client_for, resident, make_resident
):
    neighbour = make_resident(commune, email="voisine@alpha.example")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client_for(commune), resident.email, "mauvais", ip="10.0.9.9")
    assert _login(client_for(commune), resident.email, PASSWORD, ip="10.0.9.9").status_code == 429
    # The same library computer: the other resident still logs in.
    assert _login(client_for(commune), neighbour.email, PASSWORD, ip="10.0.9.9").status_code == 302


@override_settings(RESEAU_LOGIN_ADDRESS_FAILURE_LIMIT=8)
def test_spraying_many_accounts_from_one_address_locks_the_address(
    commune, other_commune, client_for, resident
):
    client = client_for(commune)
    for attempt in range(8):
        _login(client, f"inconnu{attempt}@example.org", "mauvais", ip="10.0.3.3")
    assert _login(client, resident.email, PASSWORD, ip="10.0.3.3").status_code == 429
    # From another address the account still logs in; other communes are not concerned.
    assert _login(client_for(commune), resident.email, PASSWORD, ip="10.0.4.4").status_code == 302

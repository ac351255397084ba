"""The platform's forms that send an email are rate-limited per address and per
target email: 429 in French and no more email."""

import pytest
from django.conf import settings
from django.test import override_settings

from tenants.models import InterestSignup, OnboardingRequest

pytestmark = pytest.mark.django_db

# A commune no test and no demo opens: its page shows the interest form.
BOULOGNE = "92012"
LIMITS = {**settings.RESEAU_RATE_LIMITS, "email": {"account": "10/h", "address": "4/h"}}


def _interest(client, email, ip):
    return client.post(f"/communes/{BOULOGNE}/", {"email": email}, REMOTE_ADDR=ip)


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_showing_interest_is_rate_limited_per_target_email(public_client, mailoutbox, run_jobs):
    for index in range(3):
        assert _interest(public_client, "Cible@Example.org", f"10.6.0.{index}").status_code == 302
    response = _interest(public_client, "cible@example.org ", "10.6.1.1")
    run_jobs()
    assert response.status_code == 429
    assert "Trop d’e-mails ont été envoyés à cette adresse" in response.content.decode()
    assert len(mailoutbox) <= 3


@override_settings(RESEAU_RATE_LIMITS=LIMITS)
def test_platform_forms_are_rate_limited_per_address(public_client, mailoutbox, run_jobs):
    for index in range(4):
        _interest(public_client, f"personne{index}@example.org", "10.7.0.1")
    run_jobs()
    sent = len(mailoutbox)
    assert sent == 4
    response = public_client.post(
        "/ouvrir/",
        {
            "insee_code": BOULOGNE,
            "contact_name": "Claire Martin",
            "contact_email": "c.martin@mairie-puteaux.example",
            "role": "Adjointe à la vie locale",
            "message": "Nous aimerions ouvrir Réseau.",
        },
        REMOTE_ADDR="10.7.0.1",
    )
    run_jobs()
    assert response.status_code == 429
    assert "Trop de tentatives" in response.content.decode()
    assert len(mailoutbox) == sent and not OnboardingRequest.objects.exists()
    # Another address is not blocked.
    assert _interest(public_client, "autre@example.org", "10.7.0.2").status_code == 302
    assert InterestSignup.objects.filter(email="autre@example.org").exists()

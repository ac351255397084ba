import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client


@pytest.fixture
def make_public_account(db):
    """An account of the public schema (platform staff when is_staff)."""
    from voisinages.models import Resident

    def make(email="equipe@reseau.example", *, is_staff=True):
        connection.set_schema_to_public()
        return Resident.objects.create_user(
            email=email,
            password="mot-de-passe-equipe",
            first_name="Équipe",
            last_name="Réseau",
            is_staff=is_staff,
        )

    return make


@pytest.fixture
def staff(make_public_account):
    return make_public_account()


@pytest.fixture
def staff_client(staff):
    client = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
    client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    return client


def link_in(message, path_start: str) -> str:
    """The path of the first link of an email starting with `path_start`."""
    match = re.search(r"https?://[^/\s]+(" + re.escape(path_start) + r"\S*)", message.body)
    assert match, message.body
    return match.group(1)

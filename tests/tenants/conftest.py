import re

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from tenants.models import CommuneExport, CommuneRestore


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


@pytest.fixture
def committed_staff(django_db_setup, django_db_blocker, settings, tmp_path):
    """Platform staff committed for real (exports and restores run pg_dump and
    psql on their own connections), and a client logged in as them."""
    from voisinages.models import Resident

    settings.RESEAU_EXPORT_ROOT = tmp_path / "exports"
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        staff = Resident.objects.create_user(
            email="export@reseau.example",
            password="x",
            first_name="É",
            last_name="R",
            is_staff=True,
        )
        client = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
        client.force_login(staff, backend="django.contrib.auth.backends.ModelBackend")
    yield staff, client
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        CommuneExport.objects.filter(created_by=staff).delete()
        CommuneRestore.objects.filter(created_by=staff).delete()
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM procrastinate_jobs WHERE task_name IN"
                " ('tenants.tasks.export_commune', 'tenants.tasks.restore_commune')"
            )
        # Raw: the ORM's cascade would look for Wagtail tables the public schema lacks.
        with connection.cursor() as cursor:
            cursor.execute("DELETE FROM voisinages_resident WHERE id = %s", [staff.pk])

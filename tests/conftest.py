"""Shared fixtures: two test communes cloned once per session, residents,
and clients bound to a commune's host."""

import itertools
import shutil
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

_scratch_ids = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django migrated the public schema of the test database:
    the platform row, the template schema (migrated once) and two communes
    cloned from it."""
    from tenants.dataset import load_communes
    from tenants.services import ensure_platform, ensure_template, onboard_commune

    with django_db_blocker.unblock():
        load_communes()  # the official list of communes, by COPY (~1 s)
        ensure_platform(domain=settings.RESEAU_BASE_DOMAIN)
        ensure_template()
        for name, slug, insee in (
            ("Alpha-sur-Seine", "alpha", "92002"),
            ("Bêta-les-Bains", "beta", "03002"),
        ):
            onboard_commune(
                name=name,
                slug=slug,
                insee_code=insee,
                ambassador_email=f"ambassadeur@{slug}.example",
            )
    yield
    media = Path(settings.MEDIA_ROOT)
    if media.name == "test-media":
        shutil.rmtree(media, ignore_errors=True)


@pytest.fixture(autouse=True)
def _public_schema_after_test():
    """The connection keeps the last tenant after a request: start and end each
    test on the public schema."""
    connection.set_schema_to_public()
    yield
    connection.set_schema_to_public()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """Rate-limit counters live in a cache, not in the rolled-back database."""
    from django.core.cache import caches

    caches[settings.RATELIMIT_USE_CACHE].clear()
    yield


def _commune(slug):
    from tenants.models import Commune

    return Commune.objects.get(slug=slug)


@pytest.fixture(scope="session")
def commune(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _commune("alpha")


@pytest.fixture(scope="session")
def other_commune(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        return _commune("beta")


def host_of(commune) -> str:
    return f"{commune.slug}.{settings.RESEAU_BASE_DOMAIN}"


@pytest.fixture
def make_resident(db):
    """make_resident(commune, email=..., roles=(...), is_verified=True) -> a Resident
    of that commune (verified by default, so it can post)."""
    from voisinages.services import grant_role, register_resident

    counter = itertools.count(1)

    def make(
        commune,
        *,
        email=None,
        password="un-mot-de-passe-solide",
        first_name="Camille",
        last_name="Durand",
        roles=(),
        is_verified=True,
        **extra,
    ):
        with schema_context(commune.schema_name):
            resident = register_resident(
                email=email or f"voisin{next(counter)}@{commune.slug}.example",
                password=password,
                first_name=first_name,
                last_name=last_name,
                is_verified=is_verified,
                **extra,
            )
            for role in roles:
                grant_role(resident=resident, role=role)
        return resident

    return make


@pytest.fixture
def resident(commune, make_resident):
    return make_resident(commune, email="habitant@alpha.example")


@pytest.fixture
def client_for(db):
    """client_for(commune, resident=None) -> a test client on the commune's host,
    logged in as `resident` when given."""

    def make(commune, resident=None):
        client = Client(HTTP_HOST=host_of(commune))
        if resident is not None:
            with schema_context(commune.schema_name):
                client.force_login(resident, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def public_client(db):
    return Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)


@pytest.fixture
def scratch_commune(django_db_blocker):
    """A commune committed for real (for tests across connections or threads),
    dropped with its schema and media afterwards."""
    from tenants.services import onboard_commune

    with django_db_blocker.unblock():
        number = next(_scratch_ids)
        onboarded = onboard_commune(
            name=f"Scratch {number}",
            slug=f"scratch-{number}",
            insee_code="75056",
            ambassador_email="ambassadeur@scratch.example",
        )
        commune = onboarded.commune
        try:
            yield commune
        finally:
            connection.set_schema_to_public()
            commune.domains.all().delete()
            commune.delete(force_drop=True)
            shutil.rmtree(Path(settings.MEDIA_ROOT) / commune.schema_name, ignore_errors=True)

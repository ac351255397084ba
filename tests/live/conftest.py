"""Fixtures of the live tests: communes and residents committed for real (the
consumer reads them from the database_sync_to_async thread), websocket
communicators bound to a commune's host."""

import itertools
import shutil
from pathlib import Path

import pytest
from channels.testing import WebsocketCommunicator
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from tenants.selectors import commune_host
from tests.factories import make_resident

_ids = itertools.count(1)


@pytest.fixture
def live_db(django_db_setup, django_db_blocker):
    """Database access without a test transaction: what a test writes is
    committed, so the consumer's thread sees it."""
    with django_db_blocker.unblock():
        yield


@pytest.fixture(scope="module")
def make_scratch_commune(django_db_setup, django_db_blocker):
    """make_scratch_commune() -> a really-committed commune, dropped at the end
    of the module (cloning costs seconds on a busy machine: share them)."""
    from tenants.services import onboard_commune

    made = []

    def make():
        number = next(_ids)
        with django_db_blocker.unblock():
            commune = onboard_commune(
                name=f"Direct {number}",
                slug=f"direct-{number}",
                insee_code="75056",
                ambassador_email="ambassadeur@direct.example",
            ).commune
            commune.live_host = commune_host(commune)  # read now: sockets run in async code
        made.append(commune)
        return commune

    yield make
    with django_db_blocker.unblock():
        for commune in made:
            connection.set_schema_to_public()
            commune.domains.all().delete()
            commune.delete(force_drop=True)
            shutil.rmtree(Path(settings.MEDIA_ROOT) / commune.schema_name, ignore_errors=True)


@pytest.fixture(scope="module")
def alpha(make_scratch_commune):
    return make_scratch_commune()


@pytest.fixture(scope="module")
def beta(make_scratch_commune):
    return make_scratch_commune()


def committed_resident(commune, **fields):
    """A resident committed for real (the tests here run under `live_db`)."""
    return make_resident(commune, **fields)


def same_id_residents(alpha, beta):
    """A resident in each commune with the same primary key."""
    a, b = committed_resident(alpha), committed_resident(beta)
    for _ in range(50):
        if a.pk == b.pk:
            return a, b
        if a.pk < b.pk:
            a = committed_resident(alpha)
        else:
            b = committed_resident(beta)
    raise AssertionError("could not align resident ids")


def session_for(commune, resident) -> str:
    """A logged-in session of `resident` in its commune: the session key."""
    from importlib import import_module

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    engine = import_module(settings.SESSION_ENGINE)
    with schema_context(commune.schema_name):
        session = engine.SessionStore()
        session[SESSION_KEY] = str(resident.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = resident.get_session_auth_hash()
        session.save()
        return session.session_key


def socket_for(commune, session_key=None, *, origin_host=None, host=None):
    """A communicator on `/ws/` of the commune's host."""
    from reseau.routing import build_application

    host = host or commune.live_host
    headers = [(b"host", host.encode())]
    if origin_host is not False:
        headers.append((b"origin", f"http://{origin_host or host}".encode()))
    if session_key:
        headers.append((b"cookie", f"{settings.SESSION_COOKIE_NAME}={session_key}".encode()))
    return WebsocketCommunicator(build_application(None), "/ws/", headers=headers)

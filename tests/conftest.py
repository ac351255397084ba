"""Shared fixtures: two test communes cloned once per session, the demo
communes seeded once per session, residents, clients bound to a commune's host
and the live events a block publishes."""

import itertools
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tests import factories

_scratch_ids = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(
    request, django_test_environment, django_db_modify_db_settings, django_db_blocker
):
    """The test database: the public schema, the platform row, the template
    schema (migrated once) and two communes cloned from it. Building it costs
    a minute and a half of migrations, so it is kept as a PostgreSQL template
    database named after everything it depends on (tests/database_cache.py): a
    later session whose code is unchanged copies it in seconds. Under
    pytest-xdist each worker has its own database (pytest-django's
    django_db_modify_db_settings names it after the worker), its own kept copy."""
    from django.test.utils import setup_databases, teardown_databases

    from tests import database_cache

    verbosity = request.config.option.verbose
    with django_db_blocker.unblock(), database_cache.building():
        copied = not request.config.getoption("create_db") and database_cache.restore()
        # keepdb: a copied database is kept and only checked by migrate.
        config = setup_databases(
            verbosity=verbosity,
            interactive=False,
            aliases={"default"},
            serialized_aliases=set(),
            keepdb=copied,
        )
        if not copied:
            _populate()
            database_cache.save()
    yield
    media = Path(settings.MEDIA_ROOT)
    if media.name.startswith("test-media"):
        shutil.rmtree(media, ignore_errors=True)
    with django_db_blocker.unblock():
        teardown_databases(config, verbosity=verbosity)


def _populate():
    from tenants.dataset import load_communes
    from tenants.services import ensure_platform, ensure_template, onboard_commune

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


DEMO_FIXTURES = ("demo_commune", "second_demo_commune")


def _seeded_demo(django_db_blocker, index):
    """Seed DEMO_COMMUNES[index] for real: it takes seconds, so once per session."""
    from reseau.demo import DEMO_COMMUNES, seed_demo_commune
    from tenants.models import Commune

    demo = DEMO_COMMUNES[index]
    with django_db_blocker.unblock():
        commune = seed_demo_commune(demo) or Commune.objects.get(slug=demo.slug)
    yield commune
    # Its schema goes with the test database; its media are removed here.
    shutil.rmtree(Path(settings.MEDIA_ROOT) / commune.schema_name, ignore_errors=True)


@pytest.fixture(scope="session")
def demo_commune(django_db_setup, django_db_blocker):
    """Puteaux, the first demo commune, seeded once for every demo test. Tests
    only read it (their own writes roll back); they run last (see
    pytest_collection_modifyitems), so no other test sees an extra commune."""
    yield from _seeded_demo(django_db_blocker, 0)


@pytest.fixture(scope="session")
def second_demo_commune(django_db_setup, django_db_blocker):
    """Moulins, the second demo commune, seeded once (see `demo_commune`)."""
    yield from _seeded_demo(django_db_blocker, 1)


def _uses_demo(item) -> bool:
    return any(name in DEMO_FIXTURES for name in item.fixturenames)


def pytest_collection_modifyitems(items):
    """The tests of the demo communes run last: a committed demo commune is
    one more served commune for the commands that loop over communes. Whole
    files move: pytest-xdist (make test) hands a file to one worker at once, in
    this order, so on each worker every file without a demo test has run
    before the first demo commune is seeded in that worker's database."""
    with_demo = {item.path for item in items if _uses_demo(item)}
    # The long files (browsers, servers, sweeps) first: the last file a worker
    # takes is a short one, and no worker waits long for the other at the end.
    heavy = {item.path for item in items if _is_heavy(item)}
    items.sort(key=lambda item: (item.path in with_demo, item.path not in heavy, _uses_demo(item)))


def _is_heavy(item) -> bool:
    return any(item.get_closest_marker(name) for name in ("e2e", "slow"))


def host_of(commune) -> str:
    return f"{commune.slug}.{settings.RESEAU_BASE_DOMAIN}"


@pytest.fixture
def make_resident(db):
    """make_resident(commune, email=..., roles=(...), is_verified=True, **fields)
    -> a Resident of that commune (tests/factories.py)."""
    return factories.make_resident


@pytest.fixture
def in_commune():
    """`with in_commune(commune): ...`: the block runs in the commune's schema
    (tests/factories.py; import it from there in helpers)."""
    return factories.in_commune


@pytest.fixture
def resident(commune, make_resident):
    return make_resident(commune, email="habitant@alpha.example")


class _LiveEvents(list):
    """The live events sent to the channel layer, as (group, event) pairs in
    the order they left: every send (a service's, a notification's), so a
    duplicate or a stray event shows."""

    def __init__(self, layer):
        super().__init__()
        self.layer = layer

    async def group_send(self, group, message):
        self.append((group, message.get("event", message)))

    def start(self):
        self.layer.group_send = self.group_send  # an instance attribute hides the method

    def stop(self):
        self.layer.__dict__.pop("group_send", None)


@pytest.fixture
def captured_events(django_capture_on_commit_callbacks):
    """`with captured_events(expected=2) as events: ...` -> the live events the
    block sends, as (group, event) pairs in order. On leaving the block its
    on-commit callbacks run (services publish after commit), then the number of
    events must be `expected` exactly: a duplicate or stray event fails here,
    and the test asserts the list itself (`assert events == [...]`)."""
    from channels.layers import get_channel_layer

    @contextmanager
    def capture(*, expected: int):
        sent = _LiveEvents(get_channel_layer())
        sent.start()
        try:
            with django_capture_on_commit_callbacks(execute=True):
                yield sent
        finally:
            sent.stop()
        assert len(sent) == expected, f"{len(sent)} live events, not {expected}: {sent!r}"

    return capture


@pytest.fixture
def run_jobs(db):
    """run_jobs(queues=None) -> how many queued jobs ran, in this test's
    transaction (tests/job_runner.py). The queue starts empty: jobs other
    tests committed (servers, demo communes; under pytest-xdist in any order)
    are deleted inside this test's transaction, so they are back after it."""
    from tests.job_runner import empty_queue, run_jobs

    empty_queue()
    return run_jobs


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
def scratch_commune(django_db_setup, django_db_blocker):
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

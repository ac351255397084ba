"""The world the hostile-input sweep attacks: both test communes filled with the
demo content (posts, objects, loans, gardens, pages…), four actors, and a
snapshot of the database to prove that a refused request changed nothing."""

import dataclasses
import hashlib
import itertools
from dataclasses import dataclass, field

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tests.api import conftest as api_conftest
from tests.conftest import host_of

# Tables that a refused request may legitimately write, with the reason.
BOOKKEEPING_TABLES = {
    "django_session": "a GET may open or refresh the visitor's session",
    "axes_accessattempt": "a failed login is recorded by design (the login throttle)",
    "axes_accessfailurelog": "a failed login is recorded by design (the login throttle)",
    "axes_accesslog": "logins are logged by design",
}


make_token = api_conftest.make_token  # the API fixtures, shared
api_for = api_conftest.api_for


@dataclass
class Actor:
    name: str
    client: Client
    commune: object  # the commune whose host the actor talks to
    token: str | None = None  # API token (None for the visitor)
    ids: dict = field(default_factory=dict)


def _seed(commune, demo):
    """The demo content of `demo`, poured into the test commune `commune`."""
    from reseau.demo import _seed_accounts, seed_apps

    with schema_context(commune.schema_name):
        residents = _seed_accounts(dataclasses.replace(demo, slug=commune.slug))
        seed_apps(commune=commune, residents=residents)
    return residents


@pytest.fixture
def world(db, commune, other_commune, make_token):
    """Both communes seeded; actors: visitor, resident, ambassador (of alpha) and
    a resident of beta (talking to beta's host with alpha's ids)."""
    from django.core.cache import caches

    from reseau.demo import DEMO_COMMUNES

    alpha = _seed(commune, DEMO_COMMUNES[0])
    beta = _seed(other_commune, DEMO_COMMUNES[1])

    def logged_in(commune_, resident):
        client = Client(HTTP_HOST=host_of(commune_), raise_request_exception=False)
        with schema_context(commune_.schema_name):
            client.force_login(resident, backend="django.contrib.auth.backends.ModelBackend")
        return client

    actors = [
        Actor(
            "visitor", Client(HTTP_HOST=host_of(commune), raise_request_exception=False), commune
        ),
        Actor(
            "resident",
            logged_in(commune, alpha["habitant1"]),
            commune,
            make_token(commune, alpha["habitant1"]),
        ),
        Actor(
            "ambassador",
            logged_in(commune, alpha["ambassadeur"]),
            commune,
            make_token(commune, alpha["ambassadeur"]),
        ),
        Actor(
            "other-commune resident",
            logged_in(other_commune, beta["habitant1"]),
            other_commune,
            make_token(other_commune, beta["habitant1"]),
        ),
    ]
    for cache in caches.all():
        cache.clear()  # throttles counted by an earlier test must not answer 429 here
    return {"alpha": commune, "beta": other_commune, "actors": actors}


def public_client():
    return Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN, raise_request_exception=False)


class Snapshot:
    """The state of every table of the given schemas (bookkeeping tables
    excepted): `take()` gives its row count and a checksum of its max(id), in one
    query; `writes()` gives, cheaply, the rows this transaction inserted,
    updated or deleted in it so far (PostgreSQL's own per-transaction counters:
    a refused request must add nothing to them, and they catch an UPDATE that
    row counts would miss)."""

    def __init__(self, schemas):
        self.schemas = list(schemas)
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT t.table_schema, t.table_name,"
                " EXISTS (SELECT 1 FROM information_schema.columns c"
                "  WHERE c.table_schema = t.table_schema AND c.table_name = t.table_name"
                "  AND c.column_name = 'id')"
                " FROM information_schema.tables t"
                " WHERE t.table_schema = ANY(%s) AND t.table_type = 'BASE TABLE'"
                " ORDER BY 1, 2",
                [self.schemas],
            )
            tables = [row for row in cursor.fetchall() if row[1] not in BOOKKEEPING_TABLES]
        qn = connection.ops.quote_name
        parts = []
        for schema, table, has_id in tables:
            name = f"{qn(schema)}.{qn(table)}"
            max_id = "max(id)::text" if has_id else "''"
            parts.append(f"SELECT '{schema}.{table}', count(*), {max_id} FROM {name}")  # noqa: S608
        # Names from the catalogue, quoted: no user input in this statement.
        self.sql = " UNION ALL ".join(parts)

    def take(self) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(self.sql)
            rows = cursor.fetchall()
        return {
            table: (count, hashlib.sha256(str(top).encode()).hexdigest()[:8])
            for table, count, top in rows
        }

    def writes(self) -> dict:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT schemaname || '.' || relname, n_tup_ins, n_tup_upd, n_tup_del"
                " FROM pg_stat_xact_user_tables WHERE schemaname = ANY(%s)"
                " AND relname <> ALL(%s) AND n_tup_ins + n_tup_upd + n_tup_del > 0",
                [self.schemas, list(BOOKKEEPING_TABLES)],
            )
            return {table: counts for table, *counts in cursor.fetchall()}


def diff(before: dict, after: dict) -> dict:
    return {
        table: (before.get(table), after.get(table))
        for table in sorted(set(before) | set(after))
        if before.get(table) != after.get(table)
    }


counter = itertools.count()

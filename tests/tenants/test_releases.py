"""Releases cost what changed (tenants/releases.py): the schemas behind are
found in one query, only they are migrated, a failure stays on its schema.

These tests commit for real (a release runs in other connections and forked
processes) on the session's two communes; each ends with a release that puts
them back at the code's migrations."""

import threading
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection, connections, migrations, models
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from tenants import pool, releases
from tenants.models import SchemaState

OLD = "0" * 64  # the fingerprint of "the previous release's code"


@pytest.fixture
def two_communes(commune, other_commune):
    """The session's two communes (committed): whatever a test changes in
    them, the `committed` fixture's last release brings back."""
    return [commune, other_commune]


@pytest.fixture
def committed(django_db_blocker):
    with django_db_blocker.unblock():
        yield
        connection.set_schema_to_public()
        releases.release(workers=1)  # whatever a test left behind is brought back


def _objets_leaf():
    executor = MigrationExecutor(connection)
    leaf = next(node for node in executor.loader.graph.leaf_nodes() if node[0] == "objets")
    parent = next(p.key for p in executor.loader.graph.node_map[leaf].parents if p[0] == "objets")
    return leaf, parent


def _applied(schema, node) -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT count(*) FROM "{schema}".django_migrations WHERE app = %s AND name = %s',
            list(node),
        )
        return cursor.fetchone()[0] == 1


def _put_behind(commune):
    """Unapply the last migration of `objets` in the commune and record the
    previous release's state, as a schema the last release did not reach."""
    leaf, parent = _objets_leaf()
    connection.set_schema(commune.schema_name)
    MigrationExecutor(connection).migrate([parent])
    connection.set_schema_to_public()
    SchemaState.objects.filter(schema_name=commune.schema_name).update(fingerprint=OLD)
    assert not _applied(commune.schema_name, leaf)
    return leaf


def test_a_schema_behind_is_found_and_only_it_is_migrated(two_communes, committed, capsys):
    behind, current = two_communes
    leaf = _put_behind(behind)
    assert releases.schemas_behind() == [behind.schema_name]
    call_command("migrate_communes", "--dry-run")
    assert capsys.readouterr().out.splitlines() == [behind.schema_name, "1 schema(s) behind."]

    call_command("migrate_communes", "--workers", "1", "--verbosity", "2")

    out = capsys.readouterr().out
    assert f"{behind.schema_name}: migrated" in out and "1 migrated, 0 failed" in out
    assert current.schema_name not in out
    assert _applied(behind.schema_name, leaf)
    state = SchemaState.objects.get(schema_name=behind.schema_name)
    assert state.fingerprint == releases.code_fingerprint() and state.error == ""
    assert releases.schemas_behind() == []


def test_an_up_to_date_platform_migrates_nothing_in_the_same_queries_whatever_n(
    two_communes, committed
):
    releases.release(workers=1)
    counts = []
    try:
        for more in (0, 1):
            if more:  # one schema more (a pooled one): not one query more
                assert pool.refill(size=1) == 1
            with CaptureQueriesContext(connection) as queries:
                result = releases.release(workers=1)
            assert result.outcomes == [] and result.behind == [] and not result.public_migrated
            counts.append(len(queries))
    finally:
        pool.drain()
    assert counts[0] == counts[1] <= 10
    # The schemas behind are found by one statement on the public tables.
    assert sum("tenants_schemastate" in q["sql"] for q in queries.captured_queries) == 1


def test_a_failing_schema_is_reported_the_others_proceed_in_parallel_and_it_is_retried(
    two_communes, committed
):
    locked, other = two_communes
    # Behind by their recorded state (the code of a previous release).
    SchemaState.objects.filter(schema_name__in=[c.schema_name for c in two_communes]).update(
        fingerprint=OLD
    )
    holding, release_lock = threading.Event(), threading.Event()

    def hold_lock():
        # Live traffic holding a lock the migration needs.
        try:
            with connection.cursor() as cursor:
                cursor.execute("BEGIN")
                cursor.execute(
                    f'LOCK TABLE "{locked.schema_name}".django_migrations IN ACCESS EXCLUSIVE MODE'
                )
                holding.set()
                release_lock.wait(30)
                cursor.execute("ROLLBACK")
        finally:
            connections.close_all()

    thread = threading.Thread(target=hold_lock)
    thread.start()
    try:
        assert holding.wait(30)
        result = releases.release(workers=2, lock_timeout="300ms")  # two processes
    finally:
        release_lock.set()
        thread.join(30)

    assert [o.schema for o in result.failed] == [locked.schema_name]
    assert "lock" in result.failed[0].error.lower()
    assert [o.schema for o in result.migrated] == [other.schema_name]
    state = SchemaState.objects.get(schema_name=locked.schema_name)
    assert state.fingerprint == OLD and "lock" in state.error.lower() and state.failed_at
    assert releases.schemas_behind() == [locked.schema_name]

    retried = releases.release(workers=1)

    assert [o.schema for o in retried.migrated] == [locked.schema_name]
    state.refresh_from_db()
    assert state.fingerprint == releases.code_fingerprint() and state.error == ""


def test_a_schema_without_state_is_checked_and_adopted_without_migrating(two_communes, committed):
    commune = two_communes[0]
    SchemaState.objects.filter(schema_name=commune.schema_name).delete()

    result = releases.release(workers=1)

    assert result.adopted == 1 and result.outcomes == []
    assert SchemaState.objects.get(schema_name=commune.schema_name).fingerprint == (
        releases.code_fingerprint()
    )


def _constraints(schema, table) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass",
            [f'"{schema}".{table}'],
        )
        return {name for (name,) in cursor.fetchall()}


def test_a_release_that_only_alters_replays_the_templates_sql_in_the_schemas_at_its_state(
    two_communes, committed, monkeypatch
):
    template = SimpleNamespace(schema_name=settings.TENANT_BASE_SCHEMA)
    for schema in (template, *two_communes):
        leaf = _put_behind(schema)  # objets' last migration adds two check constraints
        assert "loan_dates_in_range" not in _constraints(schema.schema_name, "objets_loan")
    replay = releases.plan_replay(template.schema_name, lock_timeout="5s")
    assert replay.start == OLD and replay.migrations == (leaf,)
    assert any("loan_dates_in_range" in sql for sql in replay.statements)
    assert not any(settings.TENANT_BASE_SCHEMA in sql for sql in replay.statements)

    monkeypatch.setattr(releases, "REPLAY_BATCH", 1)
    result = releases.release(workers=2)  # one commune per batch: two worker processes

    outcomes = {outcome.schema: outcome for outcome in result.outcomes}
    assert outcomes[template.schema_name].ok and not outcomes[template.schema_name].replayed
    for commune in two_communes:
        assert outcomes[commune.schema_name].ok and outcomes[commune.schema_name].replayed
        assert _applied(commune.schema_name, leaf)
        assert {"loan_dates_in_range"} <= _constraints(commune.schema_name, "objets_loan")
        assert {"blackout_dates_in_range"} <= _constraints(commune.schema_name, "objets_blackout")
        state = SchemaState.objects.get(schema_name=commune.schema_name)
        assert state.fingerprint == releases.code_fingerprint() and state.error == ""
    assert releases.schemas_behind() == []


def test_a_replay_that_fails_rolls_its_schema_back_the_others_proceed_and_django_retries_it(
    two_communes, committed
):
    broken, other = two_communes
    template = SimpleNamespace(schema_name=settings.TENANT_BASE_SCHEMA)
    for schema in (template, broken, other):
        leaf = _put_behind(schema)
    with connection.cursor() as cursor:  # a constraint of that name is there already
        cursor.execute(
            f'ALTER TABLE "{broken.schema_name}".objets_blackout '
            "ADD CONSTRAINT blackout_dates_in_range CHECK (true)"
        )

    result = releases.release(workers=2)  # two communes, one batch: replayed in this process

    assert [o.schema for o in result.failed] == [broken.schema_name]
    assert result.failed[0].replayed and "already exists" in result.failed[0].error
    assert other.schema_name in [o.schema for o in result.migrated]
    # Rolled back whole: neither constraint, no migration row, the old state.
    assert "loan_dates_in_range" not in _constraints(broken.schema_name, "objets_loan")
    assert not _applied(broken.schema_name, leaf)
    state = SchemaState.objects.get(schema_name=broken.schema_name)
    assert state.fingerprint == OLD and "already exists" in state.error

    with connection.cursor() as cursor:
        cursor.execute(
            f'ALTER TABLE "{broken.schema_name}".objets_blackout '
            "DROP CONSTRAINT blackout_dates_in_range"
        )
    retried = releases.release(workers=1)  # the template is current: Django migrates it

    assert [(o.schema, o.replayed) for o in retried.migrated] == [(broken.schema_name, False)]
    assert _applied(broken.schema_name, leaf)


def test_a_plan_with_python_or_a_new_model_is_not_replayed():
    def noop(apps, schema_editor):
        pass

    def plan_of(*operations):
        migration = migrations.Migration("0099_x", "objets")
        migration.operations = list(operations)
        return [(migration, False)]

    field = migrations.AddField("item", "note", models.CharField(max_length=5, null=True))
    assert releases._replayable(plan_of(field))
    assert not releases._replayable(plan_of(field, migrations.RunPython(noop)))
    assert not releases._replayable(plan_of(migrations.CreateModel("Extra", fields=[])))
    assert not releases._replayable([(plan_of(field)[0][0], True)])  # backwards
    assert not releases._replayable([])

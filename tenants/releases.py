"""Releases that cost what changed, not how many communes exist.

Every commune, the template and every pooled schema has a row in
`tenants.SchemaState`: the fingerprint of the migrations it holds, written in
the same transaction as its migrations. A release

1. migrates the public schema, only if it has something to apply;
2. finds the schemas behind in ONE query (their fingerprint is not the code's);
3. migrates the template first (new communes are cloned from it), then the
   others in parallel, each in a process of its own with its own connection,
   each in one transaction under `lock_timeout`.

When every pending migration only alters what exists (REPLAYABLE: fields,
indexes, constraints, SQL; no model created or deleted, so nothing for
post_migrate to add), the SQL Django writes for the template (`sqlmigrate`'s
way, before the template runs it) is replayed as is in the schemas that were at
the template's state: one transaction per schema, a few statements, no
migration graph or model rendering per schema. The others, and any plan with
a RunPython or a new model, go through Django's migrate as above.

A schema whose migration fails is rolled back whole (PostgreSQL DDL is
transactional): it stays at its previous state, its row says why, the others
go on, and the next release tries it again. Nothing is ever half-applied and
unknown. An up-to-date platform costs a constant number of queries, whatever N.

A schema without a row yet (a platform from before this module) is checked
against its own `django_migrations`, a few hundred schemas per statement,
and adopted without migrating when it is complete.
"""

import hashlib
import io
import multiprocessing
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.sql import emit_post_migrate_signal, emit_pre_migrate_signal
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.operations import (
    AddConstraint,
    AddField,
    AddIndex,
    AlterField,
    RemoveConstraint,
    RemoveField,
    RemoveIndex,
    RenameField,
    RenameIndex,
    RunSQL,
)
from django.db.migrations.recorder import MigrationRecorder
from django.db.migrations.state import ModelState, ProjectState
from django.utils import timezone

from tenants.models import SchemaState
from tenants.schema import quote_schema

# Schemas checked per statement when adopting schemas without a state row:
# each statement reads (and locks for its duration) one table per schema.
ADOPT_BATCH = 200
ERROR_MAX = 2000
# Operations whose SQL is the same in every schema at the same state (the
# clones keep their template's constraint and index names) and after which
# post_migrate has nothing to create: no model appears, goes or is renamed.
REPLAYABLE = (
    AddField,
    RemoveField,
    AlterField,
    RenameField,
    AddIndex,
    RemoveIndex,
    RenameIndex,
    AddConstraint,
    RemoveConstraint,
    RunSQL,
)
# Schemas replayed on one connection before it is closed (a backend keeps the
# catalog caches of what it touched).
REPLAY_BATCH = 25


@dataclass(frozen=True)
class Outcome:
    schema: str
    ok: bool
    seconds: float
    error: str = ""
    replayed: bool = False


@dataclass(frozen=True)
class Replay:
    """The SQL of a release's migrations, for the schemas at `start` (a
    fingerprint), and the migrations it records."""

    start: str
    migrations: tuple[tuple[str, str], ...]
    statements: tuple[str, ...]


@dataclass
class Release:
    public_migrated: bool = False
    adopted: int = 0
    behind: list[str] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def failed(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if not outcome.ok]

    @property
    def migrated(self) -> list[Outcome]:
        return [outcome for outcome in self.outcomes if outcome.ok]


def tenant_migrations() -> list[str]:
    """Every migration of the code that a commune's schema holds: the nodes of
    the apps in TENANT_APPS, as `app.name`, sorted."""
    labels = {
        config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS
    }
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    return sorted(f"{app}.{name}" for app, name in graph.nodes if app in labels)


@cache
def code_fingerprint() -> str:
    """The state a schema is in once migrated by this code (computed once per process)."""
    return hashlib.sha256("\n".join(tenant_migrations()).encode()).hexdigest()


def schemas_behind(fingerprint: str | None = None) -> list[str]:
    """In one query: the schemas (communes, the template first, and the pool)
    whose recorded state is not `fingerprint`, or that have no state yet."""
    fingerprint = fingerprint or code_fingerprint()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT s.name FROM (
                SELECT schema_name AS name, is_template AS first FROM tenants_commune
                WHERE schema_name <> 'public'
                UNION ALL
                SELECT schema_name, false FROM tenants_poolschema
            ) s LEFT JOIN tenants_schemastate st ON st.schema_name = s.name
            WHERE st.fingerprint IS DISTINCT FROM %s
            ORDER BY s.first DESC, s.name
            """,
            [fingerprint],
        )
        return [name for (name,) in cursor.fetchall()]


def complete_schemas(schemas: list[str], expected: list[str]) -> list[str]:
    """Of `schemas`, those whose django_migrations holds every `expected`
    migration (one statement per ADOPT_BATCH schemas)."""
    complete = []
    for start in range(0, len(schemas), ADOPT_BATCH):
        batch = schemas[start : start + ADOPT_BATCH]
        # Identifiers cannot be parameters; quote_schema refuses anything but [a-z0-9_].
        parts = [
            f"SELECT %s, (SELECT count(*) FROM {quote_schema(name)}.django_migrations m "  # noqa: S608
            "WHERE m.app || '.' || m.name = ANY(%s))"
            for name in batch
        ]
        params = [value for name in batch for value in (name, expected)]
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts), params)
            complete += [name for name, count in cursor.fetchall() if count == len(expected)]
    return complete


def adopt(schemas: list[str], fingerprint: str) -> list[str]:
    """Give a state row to the schemas among `schemas` that have none and are
    complete already; returns them."""
    known = set(
        SchemaState.objects.filter(schema_name__in=schemas).values_list("schema_name", flat=True)
    )
    unknown = [name for name in schemas if name not in known]
    if not unknown:
        return []
    existing = _existing_schemas(unknown)
    complete = complete_schemas([name for name in unknown if name in existing], tenant_migrations())
    SchemaState.objects.bulk_create(
        [SchemaState(schema_name=name, fingerprint=fingerprint) for name in complete]
    )
    return complete


def _existing_schemas(names: list[str]) -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT nspname FROM pg_namespace WHERE nspname = ANY(%s)", [names])
        return {name for (name,) in cursor.fetchall()}


def public_is_behind() -> bool:
    connection.set_schema_to_public()
    executor = MigrationExecutor(connection)
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


# The project state before a plan, by the set of migrations applied: the
# schemas behind at a release are mostly at the same state, and rendering it
# (every model of every app) is most of what migrating one schema costs. The
# parent computes the first one before the workers are forked.
_pre_states: dict[frozenset, ProjectState] = {}


def _pre_state(executor: MigrationExecutor) -> ProjectState:
    applied = frozenset(executor.loader.applied_migrations)
    if applied not in _pre_states:
        state = executor._create_project_state(with_applied_migrations=True)
        state.apps  # noqa: B018 (rendered once, cloned for each schema)
        _pre_states[applied] = state
    return _pre_states[applied].clone()


def apply_pending() -> int:
    """What `manage.py migrate` does in the current schema, with the project
    state before the plan rendered once per state (`_pre_state`); returns the
    number of migrations applied."""
    executor = MigrationExecutor(connection)
    executor.loader.check_consistent_history(connection)
    if executor.loader.detect_conflicts():
        raise CommandError("Conflicting migrations: run makemigrations --merge.")
    targets = executor.loader.graph.leaf_nodes()
    plan = executor.migration_plan(targets)
    if not plan:
        return 0
    state = _pre_state(executor)
    emit_pre_migrate_signal(0, False, connection.alias, apps=state.apps, plan=plan)
    post_state = executor.migrate(targets, plan=plan, state=state, fake=False, fake_initial=False)
    # As the migrate command: post_migrate receivers see every real model.
    post_state.clear_delayed_apps_cache()
    post_apps = post_state.apps
    with post_apps.bulk_update():
        keys = []
        for model_state in post_apps.real_models:
            keys.append((model_state.app_label, model_state.name_lower))
            post_apps.unregister_model(*keys[-1])
    post_apps.render_multiple([ModelState.from_model(apps.get_model(*key)) for key in keys])
    emit_post_migrate_signal(0, False, connection.alias, apps=post_apps, plan=plan)
    return len(plan)


def migrate_schema(schema: str, *, fingerprint: str, lock_timeout: str) -> Outcome:
    """Apply the missing migrations of `schema` and record its new state, all
    in one transaction under `lock_timeout`: it moves whole or not at all."""
    started = time.monotonic()
    try:
        # django_migrations must exist in the schema itself, not be found in public.
        connection.set_schema(schema, include_public=False)
        MigrationRecorder(connection).ensure_schema()
        connection.set_schema(schema)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
            apply_pending()
            SchemaState.objects.update_or_create(
                schema_name=schema,
                defaults={
                    "fingerprint": fingerprint,
                    "migrated_at": timezone.now(),
                    "error": "",
                    "failed_at": None,
                },
            )
        return Outcome(schema, True, time.monotonic() - started)
    except Exception as error:  # reported and retried at the next release
        message = f"{type(error).__name__}: {error}"[:ERROR_MAX]
        return Outcome(schema, False, time.monotonic() - started, message)
    finally:
        connection.set_schema_to_public()


def _migrate_in_worker(schema: str, fingerprint: str, lock_timeout: str) -> Outcome:
    """One schema in a worker process, on a fresh connection closed afterwards:
    a backend keeps the catalog caches of every schema it touched."""
    try:
        return migrate_schema(schema, fingerprint=fingerprint, lock_timeout=lock_timeout)
    finally:
        connections.close_all()


def _replayable(plan) -> bool:
    return bool(plan) and all(
        not backwards
        and migration.atomic
        and all(type(operation) in REPLAYABLE for operation in migration.operations)
        for migration, backwards in plan
    )


def plan_replay(schema: str, *, lock_timeout: str) -> Replay | None:
    """The SQL that brings `schema` (the template, before its own migration)
    to the code's migrations, when the plan can be replayed elsewhere; None
    otherwise (the schemas behind are then migrated one by one by Django)."""
    start = (
        SchemaState.objects.filter(schema_name=schema, error="")
        .values_list("fingerprint", flat=True)
        .first()
    )
    if not start:
        return None
    try:
        connection.set_schema(schema)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
            executor = MigrationExecutor(connection)
            plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
            if not _replayable(plan):
                return None
            state = _pre_state(executor)
            statements = []
            for migration, _backwards in plan:
                # Django writes the SQL against this schema (constraint names
                # are read from it) without running it: what sqlmigrate shows.
                with connection.schema_editor(collect_sql=True, atomic=False) as editor:
                    state = migration.apply(state, editor, collect_sql=True)
                statements += [sql for sql in editor.collected_sql if not sql.startswith("--")]
    except Exception:  # the plan cannot be read here: Django migrates each schema
        return None
    finally:
        connection.set_schema_to_public()
    return Replay(
        start=start,
        migrations=tuple((migration.app_label, migration.name) for migration, _ in plan),
        statements=tuple(statements),
    )


def replay_schema(schema: str, replay: Replay, *, fingerprint: str, lock_timeout: str) -> Outcome:
    """Run `replay` in `schema` and record its migrations and new state, in one
    transaction under `lock_timeout`; refused (rolled back) when the schema is
    no longer at `replay.start`."""
    started = time.monotonic()
    try:
        connection.set_schema(schema)
        with transaction.atomic():
            moved = SchemaState.objects.filter(schema_name=schema, fingerprint=replay.start).update(
                fingerprint=fingerprint, migrated_at=timezone.now(), error="", failed_at=None
            )
            if moved != 1:
                raise RuntimeError(f"{schema} is not at the state the release replays from.")
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
                for statement in replay.statements:
                    cursor.execute(statement)
                # Unqualified: the schema's own django_migrations (search_path).
                cursor.execute(
                    "INSERT INTO django_migrations (app, name, applied) "
                    "SELECT app, name, now() FROM unnest(%s::text[], %s::text[]) AS m(app, name)",
                    [
                        [app for app, _ in replay.migrations],
                        [name for _, name in replay.migrations],
                    ],
                )
        return Outcome(schema, True, time.monotonic() - started, replayed=True)
    except Exception as error:  # reported and retried at the next release
        message = f"{type(error).__name__}: {error}"[:ERROR_MAX]
        return Outcome(schema, False, time.monotonic() - started, message, replayed=True)
    finally:
        connection.set_schema_to_public()


def _replay_in_worker(
    schemas: list[str], replay: Replay, fingerprint: str, lock_timeout: str
) -> list[Outcome]:
    """A batch of schemas on one fresh connection, closed afterwards."""
    try:
        return [
            replay_schema(schema, replay, fingerprint=fingerprint, lock_timeout=lock_timeout)
            for schema in schemas
        ]
    finally:
        connections.close_all()


def _replay_all(
    schemas: list[str],
    replay: Replay,
    *,
    workers: int,
    fingerprint: str,
    lock_timeout: str,
    report: Callable,
) -> list[Outcome]:
    batches = [schemas[i : i + REPLAY_BATCH] for i in range(0, len(schemas), REPLAY_BATCH)]
    outcomes = []
    if workers <= 1 or len(batches) <= 1:
        for schema in schemas:
            outcomes.append(
                replay_schema(schema, replay, fingerprint=fingerprint, lock_timeout=lock_timeout)
            )
            report(outcomes[-1])
        return outcomes
    connections.close_all()  # forked workers must not share the parent's socket
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(batches)), mp_context=context) as pool:
        futures = {
            pool.submit(_replay_in_worker, batch, replay, fingerprint, lock_timeout): batch
            for batch in batches
        }
        for future in as_completed(futures):
            try:
                done = future.result()
            except Exception as error:  # the worker process itself died
                done = [
                    Outcome(
                        schema, False, 0.0, f"worker: {type(error).__name__}: {error}"[:ERROR_MAX]
                    )
                    for schema in futures[future]
                ]
            for outcome in done:
                outcomes.append(outcome)
                report(outcome)
    return outcomes


def _warm(schema: str, lock_timeout: str) -> None:
    """Render the state the schemas behind start from, once, before forking."""
    try:
        connection.set_schema(schema)
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config('lock_timeout', %s, true)", [lock_timeout])
            _pre_state(MigrationExecutor(connection))
    except Exception:  # noqa: S110 (each worker renders it then, and reports what fails)
        pass
    finally:
        connection.set_schema_to_public()


def _migrate_all(
    schemas: list[str], *, workers: int, fingerprint: str, lock_timeout: str, report: Callable
) -> list[Outcome]:
    if workers <= 1 or len(schemas) <= 1:
        outcomes = []
        for schema in schemas:
            outcomes.append(
                migrate_schema(schema, fingerprint=fingerprint, lock_timeout=lock_timeout)
            )
            report(outcomes[-1])
        return outcomes
    _warm(schemas[0], lock_timeout)
    # Forked workers must not share the parent's socket.
    connections.close_all()
    outcomes = []
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(schemas)), mp_context=context) as pool:
        futures = {
            pool.submit(_migrate_in_worker, schema, fingerprint, lock_timeout): schema
            for schema in schemas
        }
        for future in as_completed(futures):
            try:
                outcome = future.result()
            except Exception as error:  # the worker process itself died
                outcome = Outcome(
                    futures[future],
                    False,
                    0.0,
                    f"worker: {type(error).__name__}: {error}"[:ERROR_MAX],
                )
            outcomes.append(outcome)
            report(outcome)
    return outcomes


def _record_failures(outcomes: Iterable[Outcome]) -> None:
    now = timezone.now()
    for outcome in outcomes:
        if outcome.ok:
            continue
        updated = SchemaState.objects.filter(schema_name=outcome.schema).update(
            error=outcome.error, failed_at=now
        )
        if not updated:
            SchemaState.objects.create(
                schema_name=outcome.schema, fingerprint="", error=outcome.error, failed_at=now
            )


def release(
    *,
    workers: int | None = None,
    lock_timeout: str | None = None,
    report: Callable[[Outcome], None] = lambda outcome: None,
) -> Release:
    """Bring the public schema and every schema behind to the code's
    migrations (see the module's docstring); `report` hears each schema's
    outcome as it comes."""
    workers = settings.RESEAU_RELEASE_WORKERS if workers is None else workers
    lock_timeout = lock_timeout or settings.RESEAU_RELEASE_LOCK_TIMEOUT
    fingerprint = code_fingerprint()
    result = Release()
    if public_is_behind():
        call_command(
            "migrate_schemas", shared=True, interactive=False, verbosity=0, stdout=io.StringIO()
        )
        result.public_migrated = True
    connection.set_schema_to_public()
    behind = schemas_behind(fingerprint)
    if behind:
        result.adopted = len(adopt(behind, fingerprint))
        if result.adopted:
            behind = schemas_behind(fingerprint)
    result.behind = behind
    template = settings.TENANT_BASE_SCHEMA
    first = [name for name in behind if name == template]
    rest = [name for name in behind if name != template]
    # The template first, alone: clones made during the release come from it.
    replay = plan_replay(template, lock_timeout=lock_timeout) if first else None
    result.outcomes = _migrate_all(
        first, workers=1, fingerprint=fingerprint, lock_timeout=lock_timeout, report=report
    )
    replayed = []
    if replay and all(outcome.ok for outcome in result.outcomes):
        at_start = set(
            SchemaState.objects.filter(schema_name__in=rest, fingerprint=replay.start).values_list(
                "schema_name", flat=True
            )
        )
        replayed = [name for name in rest if name in at_start]
        rest = [name for name in rest if name not in at_start]
        result.outcomes += _replay_all(
            replayed,
            replay,
            workers=workers,
            fingerprint=fingerprint,
            lock_timeout=lock_timeout,
            report=report,
        )
    result.outcomes += _migrate_all(
        rest, workers=workers, fingerprint=fingerprint, lock_timeout=lock_timeout, report=report
    )
    connection.set_schema_to_public()
    _record_failures(result.outcomes)
    return result

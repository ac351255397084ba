"""make bench-scale N=50: many communes on one PostgreSQL (docs/SCALING.md).

In a database of its own (`reseau_bench_scale` on SCALE_DATABASE_URL, default
the machine's PostgreSQL at postgres://postgres@127.0.0.1:5432; dropped at the
end unless KEEP=1), it sets the platform up as `setup_platform` does, opens N
communes the way the platform does (clone of the template, through
`onboard_commune`, the connection recycled every 20 communes), and measures:

* onboarding p50 with an empty pool (every clone of the build), from the warm
  pool (POOL_SAMPLES claims), and by running every migration (2 samples);
* a page of a commune (`/fil/`, anonymous) p50/p95 and its statements at 2
  communes and at N (once autovacuum has gone through the new catalog rows) (every commune in turn, twice): at N once with the
  connection keeping every commune it served (a worker behind `hash $host
  consistent`, docs/DEPLOYMENT.md), once with RESEAU_CONN_MAX_SCHEMAS as set
  (`*_recycled`: past it, each visit opens a fresh backend with cold caches).
  `page_p95_ms_n` (and the ratio) is measured by a new process, as the page at
  2 was by a process that had only set the platform up; `*_same_process` and
  `page_p95_ms_2_again_at_n` by the process that onboarded the N communes;
* relations, bytes and catalog rows per commune;
* a release with nothing to migrate, then one adding a nullable column to
  `objets.Item` in every schema (a migration added for the run only, through
  MIGRATION_MODULES; the database is dropped afterwards);
* one backend's private memory after reading every commune, with and without
  recycling (`backend_memory_mb`), and a whole-cluster physical base backup
  (`whole_platform_backup_s`, pg_basebackup): fill or replace these two with
  the platform's own settings and script when they exist.

The last line is one JSON object."""

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import django
import psycopg

DATABASE = "reseau_bench_scale"
POOL_SAMPLES = 5
RECYCLE_AFTER = int(os.environ.get("RECYCLE_AFTER", "20"))
PAGE = "/fil/"
# What "serving a commune" reads in the backend-memory step: its main pages.
SERVED = ("/", "/fil/", "/objets/", "/jardins/")


def percentile(values, q):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def server_url() -> str:
    return os.environ.get("SCALE_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def create_database(keep: bool) -> bool:
    """A fresh bench database (or the kept one); returns whether it existed."""
    with psycopg.connect(server_url(), autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE]).fetchone()
        if exists and keep:
            return True
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DATABASE}"')
    return False


def drop_database() -> None:
    with psycopg.connect(server_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def setup(n: int, keep: bool):
    existed = create_database(keep)
    parts = urlsplit(server_url())
    os.environ["DATABASE_URL"] = parts._replace(path=f"/{DATABASE}").geturl()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    os.environ["RESEAU_SCHEMA_POOL_SIZE"] = "0"  # the build clones; the pool is measured apart
    django.setup()
    return existed


def onboard(slug: str) -> float:
    from tenants.services import onboard_commune

    started = time.perf_counter()
    onboard_commune(
        name=f"Bench {slug}", slug=slug, insee_code="75056", ambassador_email=f"a@{slug}.example"
    )
    return time.perf_counter() - started


def commune_slugs() -> list[str]:
    from socle.communes import served_communes

    return list(served_communes().order_by("pk").values_list("slug", flat=True))


def build(count: int) -> list[float]:
    """Open communes until `count` are served; the onboarding time of each."""
    from django.db import connection

    times = []
    existing = len(commune_slugs())
    for i in range(existing, count):
        times.append(onboard(f"bench-{i}"))
        if (i + 1) % RECYCLE_AFTER == 0:
            connection.close()  # a backend keeps every schema's catalog caches
        if (i + 1) % 10 == 0:
            print(f"built {i + 1}/{count} ({times[-1]:.2f} s)", file=sys.stderr, flush=True)
    connection.close()
    return times


def measure_page(slugs: list[str], rounds: int) -> dict:
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    clients = [Client(HTTP_HOST=f"{slug}.{settings.RESEAU_BASE_DOMAIN}") for slug in slugs]
    # Warm alike at 2 and at N (templates, the process, the connection's caches
    # of each schema): at least 20 requests, and each commune's page once.
    for _ in range(max(1, 20 // len(clients))):
        for client in clients:
            assert client.get(PAGE).status_code == 200
    times = []
    for _ in range(rounds):
        for client in clients:
            started = time.perf_counter()
            response = client.get(PAGE)
            times.append(time.perf_counter() - started)
            assert response.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        clients[-1].get(PAGE)
    return {
        "p50_ms": round(statistics.median(times) * 1000, 2),
        "p95_ms": round(percentile(times, 0.95) * 1000, 2),
        "queries": len(queries),
    }


def pool_onboarding(samples: int) -> list[float]:
    from django.test import override_settings

    from tenants import pool

    with override_settings(RESEAU_SCHEMA_POOL_SIZE=samples):
        assert pool.refill() == samples
        times = [onboard(f"bench-pool-{i}") for i in range(samples)]
        pool.drain()
    return times


def migrate_onboarding(samples: int) -> list[float]:
    """A commune whose schema is made by running every migration (the way
    before the template), then dropped."""
    from django.conf import settings
    from django.db import connection
    from django.test import override_settings

    from tenants.models import Commune, Domain
    from tenants.schema import schema_name_for

    times = []
    for i in range(samples):
        slug = f"bench-migrate-{i}"
        started = time.perf_counter()
        with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False, TENANT_BASE_SCHEMA=None):
            commune = Commune(schema_name=schema_name_for(slug), name=slug, slug=slug)
            commune.save(verbosity=0)
        Domain.objects.create(
            domain=f"{slug}.{settings.RESEAU_BASE_DOMAIN}", tenant=commune, is_primary=True
        )
        times.append(time.perf_counter() - started)
        connection.set_schema_to_public()
        commune.domains.all().delete()
        commune.delete(force_drop=True)
    return times


def catalog(n_schemas: int) -> dict:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH s AS (SELECT oid FROM pg_namespace WHERE nspname = 'c_bench_0'),
            own AS (SELECT c.oid, c.reltoastrelid FROM pg_class c, s WHERE c.relnamespace = s.oid),
            toast AS (SELECT t.oid FROM pg_class t JOIN own ON t.oid = own.reltoastrelid),
            toast_idx AS (SELECT i.indexrelid AS oid FROM pg_index i JOIN toast ON i.indrelid = toast.oid)
            SELECT (SELECT count(*) FROM own) + (SELECT count(*) FROM toast)
                   + (SELECT count(*) FROM toast_idx),
                   (SELECT coalesce(sum(pg_relation_size(oid)), 0) FROM own)
                   + (SELECT coalesce(sum(pg_relation_size(oid)), 0) FROM toast)
                   + (SELECT coalesce(sum(pg_relation_size(oid)), 0) FROM toast_idx),
                   (SELECT count(*) FROM pg_class), (SELECT count(*) FROM pg_attribute),
                   (SELECT sum(pg_total_relation_size(c.oid)) FROM pg_class c
                    JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE n.nspname = 'pg_catalog' AND c.relkind = 'r'),
                   pg_database_size(current_database())
            """
        )
        relations, bytes_, pg_class, pg_attribute, catalog_bytes, db_bytes = cursor.fetchone()
    catalog_bytes, db_bytes = int(catalog_bytes), int(db_bytes)
    return {
        "relations_per_commune": int(relations),
        "bytes_per_empty_commune": int(bytes_),
        "pg_class_rows": int(pg_class),
        "pg_attribute_rows": int(pg_attribute),
        "catalog_mb": round(catalog_bytes / 2**20, 1),
        "catalog_kb_per_schema": round(catalog_bytes / 1024 / max(n_schemas, 1), 1),
        "database_mb": round(db_bytes / 2**20, 1),
    }


def timed_release(workers: int):
    from tenants import releases

    releases.code_fingerprint.cache_clear()
    started = time.perf_counter()
    result = releases.release(workers=workers)
    return time.perf_counter() - started, result


def with_column_migration(directory: Path) -> None:
    """MIGRATION_MODULES points `objets` at a copy of its migrations plus one
    that adds a nullable column (the run's database is dropped afterwards)."""
    from django.conf import settings
    from django.db.migrations.loader import MigrationLoader

    import objets

    package = directory / "bench_objets_migrations"
    shutil.copytree(Path(objets.__file__).parent / "migrations", package)
    leaf = next(
        name
        for app, name in MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
        if app == "objets"
    )
    (package / "9999_bench_column.py").write_text(
        "from django.db import migrations, models\n\n\n"
        "class Migration(migrations.Migration):\n"
        f"    dependencies = [('objets', '{leaf}')]\n"
        "    operations = [migrations.AddField('item', 'bench_note', "
        "models.CharField(max_length=20, null=True))]\n"
    )
    sys.path.insert(0, str(directory))
    settings.MIGRATION_MODULES = {**settings.MIGRATION_MODULES, "objets": package.name}


def backend_memory_mb(slugs: list[str], recycle_after: int | None) -> float:
    """The private memory (RssAnon) of the backend that serves the SERVED pages
    of each commune in turn, the largest seen; the platform's own recycling
    (socle/connections.py) retires the connection after `recycle_after`
    communes (None: never)."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client

    limit = settings.RESEAU_CONN_MAX_SCHEMAS
    settings.RESEAU_CONN_MAX_SCHEMAS = recycle_after or len(slugs) + 1
    connection.close()
    largest = 0.0
    try:
        for slug in slugs:
            client = Client(HTTP_HOST=f"{slug}.{settings.RESEAU_BASE_DOMAIN}")
            for path in SERVED[:-1]:
                assert client.get(path).status_code == 200, path
            # The last page's backend, before the middleware may retire it.
            largest = max(largest, _rss_anon_mb(connection))
            assert client.get(SERVED[-1]).status_code == 200, SERVED[-1]
    finally:
        settings.RESEAU_CONN_MAX_SCHEMAS = limit
        connection.close()
    return round(largest, 1)


def _rss_anon_mb(connection) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:  # the server runs elsewhere
        return float("nan")
    kb = next(int(line.split()[1]) for line in status.splitlines() if line.startswith("RssAnon"))
    return kb / 1024


def whole_platform_backup_s() -> float | None:
    """A physical base backup of the whole cluster: it copies files and takes
    no lock per table, so it works at any N. pg_basebackup (WAL streamed
    along) when the server accepts a replication connection; else the same
    through SQL (pg_backup_start, a copy of the data directory, pg_backup_stop
    and the WAL written meanwhile), which needs the data directory on this
    machine."""
    parts = urlsplit(server_url())
    target = Path(tempfile.mkdtemp(prefix="reseau-basebackup-"))
    started = time.perf_counter()
    try:
        done = subprocess.run(
            ["pg_basebackup", "-h", parts.hostname or "127.0.0.1", "-p", str(parts.port or 5432),
             "-U", parts.username or "postgres", "-D", str(target / "base"), "-X", "stream",
             "-c", "fast", "--no-sync"],
            capture_output=True, timeout=3600, check=False,
        )  # fmt: skip
        if done.returncode != 0:
            print(f"pg_basebackup: {done.stderr.decode().strip()}; SQL backup API", file=sys.stderr)
            started = time.perf_counter()
            _backup_through_sql(target)
        return round(time.perf_counter() - started, 2)
    except (OSError, subprocess.SubprocessError, psycopg.Error) as error:
        print(f"whole-platform backup failed: {error}", file=sys.stderr)
        return None
    finally:
        shutil.rmtree(target, ignore_errors=True)


def _backup_through_sql(target: Path) -> None:
    def tar(source: str, archive: Path, *excludes: str) -> None:
        excluded = [f"--exclude={pattern}" for pattern in excludes]
        done = subprocess.run(
            ["tar", "-C", source, *excluded, "-cf", str(archive), "."],
            capture_output=True,
            timeout=3600,
            check=False,
        )
        if done.returncode not in (0, 1):  # 1: a file changed while read (WAL replays it)
            raise subprocess.SubprocessError(done.stderr.decode())

    with psycopg.connect(server_url(), autocommit=True) as conn:
        data = conn.execute("SHOW data_directory").fetchone()[0]
        conn.execute("SELECT pg_backup_start('reseau-bench-scale', true)")
        tar(data, target / "base.tar", "./pg_wal/*", "./postmaster.pid", "./postmaster.opts")
        label, _ = conn.execute(
            "SELECT labelfile, spcmapfile FROM pg_backup_stop(false)"
        ).fetchone()
        (target / "backup_label").write_text(label)
        tar(f"{data}/pg_wal", target / "pg_wal.tar")


def wait_for_autovacuum(limit_s: float = 900) -> float:
    """After N onboardings autovacuum works through the catalog (millions of
    new pg_attribute and pg_depend rows) for minutes, on one of the two cores:
    pages are measured once it is done (or after `limit_s`). Returns the wait."""
    started = time.perf_counter()
    with psycopg.connect(server_url(), autocommit=True) as conn:
        while time.perf_counter() - started < limit_s:
            (busy,) = conn.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'autovacuum worker'"
            ).fetchone()
            if not busy:
                break
            time.sleep(2)
    return time.perf_counter() - started


def pages_in_a_fresh_process() -> dict:
    """The page at N measured by a new process (as at 2, where the process had
    only set the platform up): what the builder process carries from a
    thousand onboardings is left out. The database is the one at N."""
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-m", "tests.bench.scale", "--pages"],
        env=os.environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def pages_only() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    django.setup()
    from django.conf import settings

    slugs = commune_slugs()
    measure_page(slugs[:2], rounds=20)  # this process's first pages, as at 2
    settings.RESEAU_CONN_MAX_SCHEMAS = len(slugs) + 1
    return measure_page(slugs, rounds=2)


def main(n: int, keep: bool, workers: int) -> dict:
    n = max(n, 2 + POOL_SAMPLES + 1)
    setup(n, keep)
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("setup_platform", verbosity=0)
    print(f"platform set up in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    clone_times = build(2)
    at_2 = measure_page(commune_slugs()[:2], rounds=max(20, n))
    clone_times += build(n - POOL_SAMPLES)
    pool_times = pool_onboarding(POOL_SAMPLES)
    migrate_times = migrate_onboarding(2)
    slugs = commune_slugs()
    connection.close()
    autovacuum_s = wait_for_autovacuum()
    # As a worker behind `hash $host consistent` whose connection keeps the
    # communes routed to it (RESEAU_CONN_MAX_SCHEMAS above their number), then
    # with the default limit, past which every visit finds a fresh backend.
    limit = settings.RESEAU_CONN_MAX_SCHEMAS
    settings.RESEAU_CONN_MAX_SCHEMAS = len(slugs) + 1
    at_n = measure_page(slugs, rounds=2)
    settings.RESEAU_CONN_MAX_SCHEMAS = limit
    connection.close()
    at_n_recycled = measure_page(slugs, rounds=2)
    # The first two communes again, now that N exist: the same process state
    # as at_n, so a gap between page_p95_ms_2 and this one is the process, not N.
    two_at_n = measure_page(slugs[:2], rounds=max(20, n))
    connection.close()
    fresh_n = pages_in_a_fresh_process()
    figures = catalog(len(slugs) + 1)
    noop_s, noop = timed_release(workers)
    assert not noop.outcomes, noop.outcomes
    with tempfile.TemporaryDirectory() as directory:
        with_column_migration(Path(directory))
        column_s, column = timed_release(workers)
    print(json.dumps({"so_far": [figures, noop_s, column_s, at_2, at_n]}), file=sys.stderr)
    unbounded = backend_memory_mb(slugs, None)
    recycled = backend_memory_mb(slugs, RECYCLE_AFTER)
    backup_s = whole_platform_backup_s()
    if not keep:
        connection.close()
        drop_database()
    return {
        "communes": len(slugs),
        **figures,
        "onboard_pool_p50_s": round(statistics.median(pool_times), 3),
        "onboard_clone_p50_s": round(statistics.median(clone_times), 3),
        "migrate_p50_s": round(statistics.median(migrate_times), 2),
        "noop_release_s": round(noop_s, 2),
        "column_release_s": round(column_s, 2),
        "column_release_migrated": len(column.migrated),
        "column_release_failed": len(column.failed),
        "release_workers": workers,
        "autovacuum_wait_s": round(autovacuum_s, 1),
        "page_p50_ms_2": at_2["p50_ms"],
        "page_p95_ms_2": at_2["p95_ms"],
        "page_p50_ms_n": fresh_n["p50_ms"],
        "page_p95_ms_n": fresh_n["p95_ms"],
        "page_p95_ratio": round(fresh_n["p95_ms"] / at_2["p95_ms"], 2),
        "page_p50_ms_n_same_process": at_n["p50_ms"],
        "page_p95_ms_n_same_process": at_n["p95_ms"],
        "page_p50_ms_n_recycled": at_n_recycled["p50_ms"],
        "page_p95_ms_n_recycled": at_n_recycled["p95_ms"],
        "conn_max_schemas": limit,
        "page_p95_ms_2_again_at_n": two_at_n["p95_ms"],
        "page_queries_2": at_2["queries"],
        "page_queries_n": fresh_n["queries"],
        "backend_mb_unbounded": unbounded,
        "backend_mb_recycled": recycled,
        "recycle_after_communes": RECYCLE_AFTER,
        "backup_s": backup_s,
    }


if __name__ == "__main__" and sys.argv[1:] == ["--pages"]:
    print(json.dumps(pages_only()))
elif __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else 20
    result = main(
        count,
        keep=os.environ.get("KEEP") == "1",
        workers=int(os.environ.get("WORKERS", "2")),
    )
    print(json.dumps(result))

"""Whole-platform backups that work at any number of communes (docs/DEPLOYMENT.md,
"Backups"). A physical base backup (`pg_basebackup`: the cluster's files and the
WAL written meanwhile, so it restores consistent) costs what the data weighs,
not how many schemas exist; with WAL archiving it also gives point-in-time
recovery. A logical dump of the whole database locks every table in one
transaction: it fails past `max_locks_per_transaction` × (`max_connections` +
`max_prepared_transactions`) relations ("out of shared memory" at ~500
communes with the defaults), so it is refused before it starts when the server
is not sized for it. One commune's unit stays its export (tenants/archives.py)."""

import time
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from tenants.pgtools import pg_binary, pg_command, run_pg

BACKUP_TIMEOUT = 24 * 3600
# pg_dump takes a lock on each of these kinds of relation it dumps.
LOCKED_KINDS = ("r", "p", "S", "v", "m", "f")


@dataclass(frozen=True)
class Backup:
    method: str
    path: Path
    seconds: float
    bytes: int


def _size(path: Path) -> int:
    return sum(item.stat().st_size for item in path.rglob("*") if item.is_file())


def _empty_target(target: Path) -> Path:
    if target.exists() and any(target.iterdir()):
        raise RuntimeError(f"Le dossier {target} n’est pas vide : choisissez un dossier neuf.")
    target.mkdir(parents=True, exist_ok=True)
    return target


def physical_backup(target: Path, *, database: dict | None = None) -> Backup:
    """A base backup of the whole cluster (the project's, or the one `database`
    names, settings-shaped) into `target` (new or empty): base.tar.gz,
    pg_wal.tar.gz and backup_manifest (checked by pg_verifybackup)."""
    _empty_target(target)
    started = time.monotonic()
    command, env = pg_command(
        pg_binary("pg_basebackup"),
        "--pgdata",
        str(target),
        "--format=tar",
        "--gzip",
        "--wal-method=stream",
        "--checkpoint=fast",
        "--no-password",
        database=database,
    )
    run_pg(command, env, label="pg_basebackup", timeout=BACKUP_TIMEOUT)
    return Backup("physical", target, time.monotonic() - started, _size(target))


def lock_capacity() -> tuple[int, int]:
    """(relations a whole-database pg_dump locks, locks the server can hold)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.relkind = ANY(%s) AND n.nspname NOT IN ('pg_catalog', 'information_schema')",
            [list(LOCKED_KINDS)],
        )
        relations = cursor.fetchone()[0]
        cursor.execute(
            "SELECT current_setting('max_locks_per_transaction')::int"
            " * (current_setting('max_connections')::int"
            " + current_setting('max_prepared_transactions')::int)"
        )
        capacity = cursor.fetchone()[0]
    return relations, capacity


def logical_backup(target: Path, *, jobs: int = 2) -> Backup:
    """pg_dump of the whole database in directory format (`jobs` in parallel),
    refused when the server cannot hold its locks."""
    relations, capacity = lock_capacity()
    if relations >= capacity:
        needed = relations // 100 + 64  # the lock table is shared: room for the rest
        raise RuntimeError(
            f"Un pg_dump de toute la base verrouille {relations} relations ; le serveur en "
            f"tient {capacity}. Réglez max_locks_per_transaction à {needed} au moins "
            "(redémarrage) ou faites une sauvegarde physique."
        )
    _empty_target(target)
    started = time.monotonic()
    command, env = pg_command(
        pg_binary("pg_dump"),
        "--format=directory",
        f"--jobs={jobs}",
        "--file",
        str(target / "dump"),
        "--dbname",
        settings.DATABASES["default"]["NAME"],
        "--no-password",
    )
    run_pg(command, env, label="pg_dump", timeout=BACKUP_TIMEOUT)
    return Backup("logical", target, time.monotonic() - started, _size(target))

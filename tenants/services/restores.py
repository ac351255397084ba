"""Platform staff restore a commune from an archive (tenants/restore.py, run
by a job): an export still on the server, or a file they upload."""

import uuid
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _

from tenants import tasks
from tenants.archives import export_root
from tenants.models import CommuneRestore
from tenants.restore import check_slug_free

ARCHIVES_LISTED = 50
UPLOADS = "uploads"


def available_archives() -> list[str]:
    """The archives staff may choose, newest first: names under the export root."""
    root = export_root()
    found = [*root.glob("*.tar.gz"), *(root / UPLOADS).glob("*.tar.gz")]
    found.sort(key=lambda path: path.stat().st_mtime, reverse=True)
    return [str(path.relative_to(root)) for path in found[:ARCHIVES_LISTED]]


def store_upload(upload) -> str:
    """Keep an uploaded archive under the export root; its name there."""
    folder = export_root() / UPLOADS
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{UPLOADS}/{uuid.uuid4().hex}.tar.gz"
    with (export_root() / name).open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    return name


@transaction.atomic
def request_restore(*, staff, slug: str, archive: str) -> CommuneRestore:
    """Queue the restore of `archive` (a name from available_archives or
    store_upload) as the commune `slug`; refused at once when the slug is taken."""
    slug = slug.strip().lower()
    if archive not in available_archives() or Path(archive).is_absolute():
        raise ValidationError({"archive": _("Choose an archive from the list.")})
    check_slug_free(slug)
    connection.set_schema_to_public()
    try:
        with transaction.atomic():
            restore = CommuneRestore.objects.create(archive=archive, slug=slug, created_by=staff)
    except IntegrityError as error:
        raise ValidationError(
            {"slug": _("A restore into “%(slug)s” is already under way.") % {"slug": slug}}
        ) from error
    tasks.restore_commune.defer(restore_id=restore.pk)
    return restore

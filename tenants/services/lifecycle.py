"""Platform staff run communes: suspend, resume, export (a job), delete."""

import shutil

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from tenants import tasks
from tenants.archives import log_staff_action, media_dir
from tenants.models import Commune, CommuneExport, SchemaState


@transaction.atomic
def suspend_commune(*, commune: Commune, staff, reason: str = "") -> None:
    """Its site shows a notice instead of its pages; nothing is deleted."""
    connection.set_schema_to_public()
    Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.SUSPENDED)
    commune.status = Commune.Status.SUSPENDED
    log_staff_action(commune=commune, code="tenants.commune.suspended", staff=staff, reason=reason)


@transaction.atomic
def resume_commune(*, commune: Commune, staff) -> None:
    connection.set_schema_to_public()
    Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.ACTIVE)
    commune.status = Commune.Status.ACTIVE
    log_staff_action(commune=commune, code="tenants.commune.resumed", staff=staff)


@transaction.atomic
def request_export(*, commune: Commune, staff) -> CommuneExport:
    """Queue the archive of `commune` (tenants.archives, made by a job) and
    return its pending row; while one is pending or running, that one."""
    connection.set_schema_to_public()
    # The commune's row as a lock: two clicks at once queue one archive.
    Commune.objects.select_for_update().filter(pk=commune.pk).first()
    export = CommuneExport.objects.filter(
        commune=commune, status__in=CommuneExport.IN_PROGRESS
    ).first()
    if export is not None:
        return export
    export = CommuneExport.objects.create(commune=commune, created_by=staff)
    tasks.export_commune.defer(export_id=export.pk)
    return export


@transaction.atomic
def delete_commune(*, commune: Commune, staff, confirmation: str) -> None:
    """Drop the commune's schema, domains and media for good. Refused unless a
    done export exists and `confirmation` is the commune's slug typed again."""
    if confirmation.strip() != commune.slug:
        raise ValidationError(
            {"confirmation": _("Type the slug “%(slug)s” to confirm.") % {"slug": commune.slug}}
        )
    connection.set_schema_to_public()
    if not CommuneExport.objects.filter(commune=commune, status=CommuneExport.Status.DONE).exists():
        raise ValidationError(_("Export the commune before deleting it."))
    if commune.is_template or commune.schema_name == "public":
        raise ValidationError(_("This schema cannot be deleted."))
    media = media_dir(commune)
    commune.domains.all().delete()
    SchemaState.objects.filter(schema_name=commune.schema_name).delete()
    commune.delete(force_drop=True)
    transaction.on_commit(lambda: shutil.rmtree(media, ignore_errors=True))

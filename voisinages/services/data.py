"""Data rights: download everything, delete the account."""

import importlib
import io
import json
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from voisinages.models import Resident


def export_modules() -> list:
    """The `<app>.exports` modules of the installed apps (CONTRACTS.md)."""
    modules = []
    for app in settings.INSTALLED_APPS:
        if "." in app:
            continue
        try:
            modules.append((app, importlib.import_module(f"{app}.exports")))
        except ModuleNotFoundError as error:
            if error.name != f"{app}.exports":
                raise
    return modules


def build_archive(*, resident: Resident) -> bytes:
    """A ZIP with one JSON file per app holding everything of the resident."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for app, module in export_modules():
            data = module.export_for(resident)
            archive.writestr(
                f"{app}.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
            )
        if resident.photo:
            try:
                with resident.photo.open("rb") as photo:
                    archive.writestr("photo.jpg", photo.read())
            except OSError:
                pass
    return buffer.getvalue()


@transaction.atomic
def delete_account(*, resident: Resident, password: str, confirmation: bool) -> None:
    """Delete the account after every app forgot (or anonymised as "Ancien
    voisin") what belongs to it. The password and an explicit confirmation are
    required."""
    if not confirmation:
        raise ValidationError({"confirm": _("Tick the box to confirm.")})
    if not resident.check_password(password):
        raise ValidationError({"password": _("Wrong password.")})
    for _app, module in export_modules():
        module.forget(resident)
    Resident.objects.filter(pk=resident.pk).delete()

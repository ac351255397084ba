"""Data rights: download everything, delete the account. Each app declares its
part in its contributions.py (socle/registry.py `data_rights`)."""

import io
import json
import zipfile

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socle import registry
from voisinages.models import Resident


def build_archive(*, resident: Resident) -> bytes:
    """A ZIP with one JSON file per app holding everything of the resident."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rights in registry.all_data_rights():
            data = rights.export(resident)
            archive.writestr(
                f"{rights.app}.json", json.dumps(data, ensure_ascii=False, indent=2, default=str)
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
    for rights in registry.all_data_rights():
        rights.forget(resident)
    Resident.objects.filter(pk=resident.pk).delete()

"""A resident's own profile: details, photo, tags, contact and notification preferences."""

import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from socle.images import normalise_image
from voisinages import roles
from voisinages.models import NotificationPreference, Quartier, Resident
from voisinages.notifications import KINDS
from voisinages.services.accounts import _check_position, grant_role, revoke_role

PHOTO_SIZE = 400
_HTML = re.compile(r"<\s*/?\s*[a-zA-Z!?]")


def normalise_photo(upload) -> ContentFile:
    """A profile photo checked and re-encoded by the shared image helper: a JPEG
    of at most 400×400 px without any metadata (no GPS position)."""
    return normalise_image(upload, max_side=PHOTO_SIZE)


def clean_bio(bio: str) -> str:
    """Plain text only: markup is refused (it is escaped on display anyway)."""
    bio = (bio or "").strip()
    if _HTML.search(bio):
        raise ValidationError(
            {"bio": _("HTML and scripts are not allowed in the bio: plain text only.")}
        )
    return bio


@transaction.atomic
def update_profile(
    *,
    resident: Resident,
    first_name: str,
    last_name: str,
    quartier: Quartier | None,
    bio: str = "",
    phone: str = "",
    availability: str = "",
    is_voisin_solidaire: bool = False,
    show_email: bool = False,
    show_phone: bool = False,
    accepts_messages: bool = True,
    skills: list[str] | None = None,
    interests: list[str] | None = None,
    photo: ContentFile | None = None,
    remove_photo: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Resident:
    """Save the resident's own profile. Role, verification and approval are not
    fields here: a resident cannot change them."""
    _check_position(latitude, longitude)
    resident.first_name = first_name.strip()
    resident.last_name = last_name.strip()
    moved_quartier = quartier != resident.quartier
    resident.quartier = quartier
    resident.bio = clean_bio(bio)
    resident.phone = phone.strip()
    resident.availability = availability.strip()
    resident.is_voisin_solidaire = is_voisin_solidaire
    resident.show_email = show_email
    resident.show_phone = show_phone and bool(resident.phone)
    resident.accepts_messages = accepts_messages
    if latitude is not None:
        resident.latitude, resident.longitude = latitude, longitude
    elif moved_quartier and quartier is not None and quartier.latitude is not None:
        resident.latitude, resident.longitude = quartier.latitude, quartier.longitude
    old_photo = resident.photo.name if resident.photo else ""
    if remove_photo or photo is not None:
        resident.photo = None
    resident.full_clean(exclude=["password", "photo"])
    resident.save()
    if photo is not None:
        resident.photo.save(f"{resident.pk}-{photo.name}", photo, save=True)
    if old_photo and (remove_photo or photo is not None):
        transaction.on_commit(lambda: resident.photo.storage.delete(old_photo))
    if skills is not None:
        resident.skills.set(skills, clear=True)
    if interests is not None:
        resident.interests.set(interests, clear=True)
    # The Voisin solidaire group follows the flag (groups are how other apps ask).
    if is_voisin_solidaire != roles.has_role(resident, roles.VOISIN_SOLIDAIRE):
        (grant_role if is_voisin_solidaire else revoke_role)(
            resident=resident, role=roles.VOISIN_SOLIDAIRE
        )
    return resident


@transaction.atomic
def set_notification_preferences(*, resident: Resident, choices: dict[str, str]) -> None:
    """Store how each kind reaches the resident; a choice equal to the kind's
    default is stored too (explicit choices survive a change of default)."""
    valid = set(NotificationPreference.Delivery.values)
    for kind, delivery in choices.items():
        if kind not in KINDS or delivery not in valid:
            raise ValidationError(_("Unknown notification kind or delivery."))
    for kind, delivery in choices.items():
        NotificationPreference.objects.update_or_create(
            resident=resident, kind=kind, defaults={"delivery": delivery}
        )

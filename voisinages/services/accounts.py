"""Accounts: registration under the commune's policy, email confirmation and
what makes a resident verified.

Verification rule (documented in README): a resident is verified, carries the
badge and can post once their email address is confirmed AND nobody still has to
vouch for them. Under the `approval` policy an ambassador vouches (approval);
an invitation from an ambassador or a verified neighbour (cooptation) counts as
vouching under every policy. Under `open`, confirming the email is enough."""

from django.contrib.auth.models import Group
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from voisinages import roles, tasks
from voisinages.mails import read_confirmation_token
from voisinages.models import Invitation, Quartier, Resident
from voisinages.notifications import notify

ROLE_OF_INVITATION = {
    Invitation.Role.RESIDENT: roles.RESIDENT,
    Invitation.Role.AMBASSADOR: roles.AMBASSADOR,
    Invitation.Role.MEDIATOR: roles.MEDIATOR,
}
CONFIRMATION_MAX_AGE = 7 * 24 * 3600


@transaction.atomic
def create_invitation(
    *,
    role: str = Invitation.Role.RESIDENT,
    email: str = "",
    created_by: Resident | None = None,
    max_uses: int = 1,
) -> Invitation:
    """An invitation link to join the commune with a role (no permission check:
    see `members.invite` for the one residents and ambassadors use)."""
    invitation = Invitation(
        role=role, email=email.lower(), created_by=created_by, max_uses=max_uses
    )
    invitation.full_clean()
    invitation.save()
    return invitation


def grant_role(*, resident: Resident, role: str) -> None:
    if role not in roles.ALL:
        raise ValidationError(_("Unknown role."))
    resident.groups.add(Group.objects.get(name=role))
    resident.__dict__.pop("_role_cache", None)


def revoke_role(*, resident: Resident, role: str) -> None:
    if role not in roles.ALL:
        raise ValidationError(_("Unknown role."))
    resident.groups.remove(Group.objects.get(name=role))
    resident.__dict__.pop("_role_cache", None)


def _check_position(latitude, longitude) -> None:
    if (latitude is None) != (longitude is None):
        raise ValidationError(_("Give both latitude and longitude, or neither."))
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise ValidationError(_("This position is not on Earth."))


@transaction.atomic
def register_resident(
    *,
    email: str,
    password: str,
    first_name: str,
    last_name: str,
    quartier: Quartier | None = None,
    invitation: Invitation | None = None,
    is_verified: bool = False,
    approval_required: bool = False,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Resident:
    """Create an account in the current commune. An invitation may carry a role
    and counts as vouching (no approval needed). Without a position the resident
    is placed at the centre of their quartier (only ever shown blurred).
    `is_verified=True` is for trusted creation (demo, fixtures): email confirmed."""
    email = email.strip().lower()
    if Resident.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account already uses this email address.")})
    _check_position(latitude, longitude)
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(_("This invitation has expired or was already used."))
        if invitation.email and invitation.email != email:
            raise ValidationError({"email": _("This invitation is for another email address.")})
    if latitude is None and quartier is not None and quartier.latitude is not None:
        latitude, longitude = quartier.latitude, quartier.longitude
    resident = Resident(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        quartier=quartier,
        is_verified=is_verified,
        email_confirmed=is_verified,
        approval_pending=approval_required and invitation is None and not is_verified,
        latitude=latitude,
        longitude=longitude,
    )
    resident.set_password(password)
    resident.full_clean()
    resident.save()
    grant_role(resident=resident, role=roles.RESIDENT)
    if invitation is not None:
        Invitation.objects.filter(pk=invitation.pk).update(uses=F("uses") + 1)
        role = ROLE_OF_INVITATION[invitation.role]
        if role != roles.RESIDENT:
            grant_role(resident=resident, role=role)
    if resident.approval_pending:
        notify(
            recipients=Resident.objects.filter(groups__name=roles.AMBASSADOR, is_active=True),
            kind="voisinages.member.pending",
            title=_("%(name)s is waiting for approval") % {"name": resident.display_name},
            url="/gestion/membres/?etat=attente",
            target=resident,
        )
    return resident


def refresh_verification(resident: Resident) -> None:
    """Apply the verification rule (see the module docstring) to the fields."""
    resident.is_verified = resident.email_confirmed and not resident.approval_pending


@transaction.atomic
def confirm_email(*, token: str) -> Resident:
    """Confirm the address a signed link was sent to (valid 7 days, this commune only)."""
    try:
        data = read_confirmation_token(token, max_age=CONFIRMATION_MAX_AGE)
    except signing.SignatureExpired as error:
        raise ValidationError(_("This confirmation link has expired.")) from error
    except signing.BadSignature as error:
        raise ValidationError(_("This confirmation link is not valid.")) from error
    resident = Resident.objects.select_for_update().filter(pk=data.get("r")).first()
    if resident is None or resident.email != data.get("e"):
        raise ValidationError(_("This confirmation link is not valid."))
    resident.email_confirmed = True
    refresh_verification(resident)
    resident.full_clean()
    resident.save(update_fields=["email_confirmed", "is_verified"])
    return resident


def send_confirmation_email(*, resident: Resident) -> None:
    """Queue the confirmation link (voisinages/tasks.py): it leaves once the
    account is committed, from a worker."""
    tasks.email_confirmation.defer_here(resident_id=resident.pk)

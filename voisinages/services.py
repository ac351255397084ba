from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from voisinages import roles
from voisinages.models import Invitation, Quartier, Resident

ROLE_OF_INVITATION = {
    Invitation.Role.RESIDENT: roles.RESIDENT,
    Invitation.Role.AMBASSADOR: roles.AMBASSADOR,
    Invitation.Role.MEDIATOR: roles.MEDIATOR,
}


@transaction.atomic
def create_invitation(
    *,
    role: str = Invitation.Role.RESIDENT,
    email: str = "",
    created_by: Resident | None = None,
    max_uses: int = 1,
) -> Invitation:
    """An invitation link to join the commune with a role."""
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
) -> Resident:
    """Create an account in the current commune; an invitation may carry a role."""
    email = email.strip().lower()
    if Resident.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account already uses this email address.")})
    if invitation is not None:
        invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not invitation.is_usable:
            raise ValidationError(_("This invitation has expired or was already used."))
        if invitation.email and invitation.email != email:
            raise ValidationError({"email": _("This invitation is for another email address.")})
    resident = Resident(
        email=email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        quartier=quartier,
        is_verified=is_verified,
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
    return resident

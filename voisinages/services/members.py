"""Community management by ambassadors (approve, suspend, reinstate, roles,
invitations) and cooptation by verified neighbours. Every action is logged."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from socle.communes import current_commune_id
from socle.live import disconnect_resident
from voisinages import roles
from voisinages.logs import log_action
from voisinages.models import Invitation, Resident
from voisinages.notifications import notify
from voisinages.services.accounts import (
    create_invitation,
    grant_role,
    refresh_verification,
    revoke_role,
)

# The roles an ambassador may hand out or take back at /gestion/membres/.
MANAGED_ROLES = (roles.AMBASSADOR, roles.MEDIATOR)


def _require_ambassador(actor: Resident) -> None:
    if not (actor.is_active and roles.has_role(actor, roles.AMBASSADOR)):
        raise PermissionDenied(_("Your role does not allow this."))


def _locked(resident: Resident) -> Resident:
    return Resident.objects.select_for_update().get(pk=resident.pk)


@transaction.atomic
def approve_resident(*, resident: Resident, actor: Resident, reason: str = "") -> Resident:
    """An ambassador vouches for a resident waiting for approval."""
    _require_ambassador(actor)
    resident = _locked(resident)
    if not resident.approval_pending:
        raise ValidationError(_("This resident is not waiting for approval."))
    resident.approval_pending = False
    refresh_verification(resident)
    resident.full_clean()
    resident.save(update_fields=["approval_pending", "is_verified"])
    log_action(code="voisinages.member.approved", actor=actor, target=resident, reason=reason)
    notify(
        recipients=[resident],
        kind="voisinages.member.approved",
        title=_("Your account was approved"),
        body=_("Welcome! Once your email address is confirmed you can post.")
        if not resident.email_confirmed
        else _("Welcome! You can now post and answer your neighbours."),
        url="/",
        actor=actor,
    )
    return resident


@transaction.atomic
def suspend_resident(*, resident: Resident, actor: Resident, reason: str) -> Resident:
    """Suspend an account (it can no longer log in); a reason is required."""
    _require_ambassador(actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the account is suspended.")})
    if resident.pk == actor.pk:
        raise ValidationError(_("You cannot suspend your own account."))
    resident = _locked(resident)
    if not resident.is_active:
        raise ValidationError(_("This account is already suspended."))
    resident.is_active = False
    resident.save(update_fields=["is_active"])
    log_action(code="voisinages.member.suspended", actor=actor, target=resident, reason=reason)
    _close_live_sockets(resident)
    return resident


def _close_live_sockets(resident: Resident) -> None:
    """After commit, the suspended resident's open pages lose their websocket."""
    commune_id, resident_id = current_commune_id(), resident.pk
    transaction.on_commit(lambda: disconnect_resident(commune_id, resident_id))


@transaction.atomic
def reinstate_resident(*, resident: Resident, actor: Resident, reason: str = "") -> Resident:
    """Lift a suspension."""
    _require_ambassador(actor)
    resident = _locked(resident)
    if resident.is_active:
        raise ValidationError(_("This account is not suspended."))
    resident.is_active = True
    resident.save(update_fields=["is_active"])
    log_action(code="voisinages.member.reinstated", actor=actor, target=resident, reason=reason)
    return resident


@transaction.atomic
def change_role(
    *, resident: Resident, actor: Resident, role: str, granted: bool, reason: str = ""
) -> Resident:
    """Promote a resident to ambassador or mediator, or take the role back."""
    _require_ambassador(actor)
    if role not in MANAGED_ROLES:
        raise ValidationError(_("Unknown role."))
    if resident.pk == actor.pk and not granted:
        raise ValidationError(_("You cannot take a role away from yourself."))
    if granted and not resident.is_active:
        raise ValidationError(_("A suspended account cannot receive a role."))
    if granted == roles.has_role(resident, role):
        raise ValidationError(_("Nothing to change."))
    if granted:
        grant_role(resident=resident, role=role)
    else:
        revoke_role(resident=resident, role=role)
    verb = "granted" if granted else "revoked"
    log_action(
        code=f"voisinages.role.{verb}",
        actor=actor,
        target=resident,
        reason=reason,
        data={"role": role},
    )
    if granted:
        notify(
            recipients=[resident],
            kind="voisinages.role.granted",
            title=_("You are now: %(role)s") % {"role": roles.LABELS[role]},
            actor=actor,
            url="/",
        )
    return resident


@transaction.atomic
def invite(
    *, actor: Resident, role: str = Invitation.Role.RESIDENT, email: str = "", max_uses: int = 1
) -> Invitation:
    """An ambassador invites with any role; a verified neighbour co-opts
    residents only (at most 5 uses per link)."""
    if not actor.is_active:
        raise PermissionDenied(_("Your role does not allow this."))
    is_ambassador = roles.has_role(actor, roles.AMBASSADOR)
    if not is_ambassador:
        if not actor.can_post:
            raise PermissionDenied(_("Only verified residents can invite neighbours."))
        if role != Invitation.Role.RESIDENT:
            raise PermissionDenied(_("Only ambassadors can invite with a role."))
    limit = 200 if is_ambassador else 5
    if not 1 <= max_uses <= limit:
        raise ValidationError({"max_uses": _("Between 1 and %(limit)s uses.") % {"limit": limit}})
    invitation = create_invitation(role=role, email=email, created_by=actor, max_uses=max_uses)
    log_action(
        code="voisinages.invitation.created",
        actor=actor,
        target=invitation,
        data={"role": role, "max_uses": max_uses},
    )
    return invitation

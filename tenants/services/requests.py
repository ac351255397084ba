"""The public platform: interest in a commune not open yet, and onboarding
requests by municipalities reviewed by platform staff."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext as _

from tenants import tasks
from tenants.dataset import normalize
from tenants.mails import INTEREST_SALT, REQUEST_SALT
from tenants.models import Commune, FrenchCommune, InterestSignup, OnboardingRequest
from tenants.services import guests, onboard_commune

CONFIRM_MAX_AGE = 7 * 24 * 3600


def _signed_pk(token: str, *, salt: str) -> int:
    try:
        return signing.loads(token, salt=salt, max_age=CONFIRM_MAX_AGE)
    except signing.BadSignature as error:
        raise ValidationError(_("This confirmation link is invalid or has expired.")) from error


def is_open(french_commune: FrenchCommune) -> bool:
    return Commune.objects.filter(insee_code=french_commune.insee_code, is_template=False).exists()


@transaction.atomic
def register_interest(*, french_commune: FrenchCommune, email: str) -> InterestSignup:
    """Record (or re-send the confirmation of) someone's wish to have Réseau in a
    commune that is not open; it counts once confirmed through the emailed link."""
    email = email.strip().lower()
    validate_email(email)
    if is_open(french_commune):
        raise ValidationError(
            _("%(name)s is already open on Réseau.") % {"name": french_commune.name}
        )
    connection.set_schema_to_public()
    signup = (
        InterestSignup.objects.filter(french_commune=french_commune)
        .filter(email__iexact=email)
        .first()
    )
    if signup is None:
        signup = InterestSignup(french_commune=french_commune, email=email)
        signup.full_clean()
        signup.save()
    if signup.confirmed_at is None:
        # A row of this transaction: rolled back with the signup, never mailed.
        tasks.interest_confirmation.defer(signup_id=signup.pk)
    return signup


@transaction.atomic
def confirm_interest(*, token: str) -> InterestSignup:
    """Confirm an interest from the signed link (valid a week); idempotent."""
    pk = _signed_pk(token, salt=INTEREST_SALT)
    signup = InterestSignup.objects.select_related("french_commune").filter(pk=pk).first()
    if signup is None:
        raise ValidationError(_("This confirmation link is invalid or has expired."))
    if signup.confirmed_at is None:
        signup.confirmed_at = timezone.now()
        signup.save(update_fields=["confirmed_at"])
    return signup


@transaction.atomic
def submit_onboarding_request(
    *, french_commune: FrenchCommune, contact_name: str, contact_email: str, role: str, message: str
) -> OnboardingRequest:
    """A municipality asks to open its commune; it reaches staff once the contact
    confirms the emailed link."""
    if is_open(french_commune):
        raise ValidationError(
            {
                "french_commune": _("%(name)s is already open on Réseau.")
                % {"name": french_commune.name}
            }
        )
    request = OnboardingRequest(
        french_commune=french_commune,
        contact_name=contact_name.strip(),
        contact_email=contact_email.strip().lower(),
        role=role.strip(),
        message=message.strip(),
    )
    request.full_clean()
    request.save()
    tasks.request_confirmation.defer(request_id=request.pk)
    return request


@transaction.atomic
def confirm_onboarding_request(*, token: str) -> OnboardingRequest:
    """The contact confirmed the address: the request waits for staff review."""
    pk = _signed_pk(token, salt=REQUEST_SALT)
    request = OnboardingRequest.objects.select_for_update().filter(pk=pk).first()
    if request is None:
        raise ValidationError(_("This confirmation link is invalid or has expired."))
    if request.status == OnboardingRequest.Status.UNCONFIRMED:
        request.status = OnboardingRequest.Status.PENDING
        request.confirmed_at = timezone.now()
        request.save(update_fields=["status", "confirmed_at"])
    return request


def _free_slug(french_commune: FrenchCommune) -> str:
    base = normalize(french_commune.name).replace(" ", "-")[:40].strip("-") or "commune"
    for candidate in (
        base,
        f"{base}-{french_commune.department.lower()}",
        f"{base}-{french_commune.insee_code.lower()}",
    ):
        if not Commune.objects.filter(slug=candidate).exists():
            return candidate
    raise ValidationError(_("No free address for this commune."))


@transaction.atomic
def approve_onboarding_request(
    *,
    request: OnboardingRequest,
    reviewer,
    latitude: float | None = None,
    longitude: float | None = None,
) -> Commune:
    """Open the commune (`onboard_commune`), email the ambassador invitation to the
    contact and tell the confirmed interested residents that it opened."""
    request = OnboardingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != OnboardingRequest.Status.PENDING:
        raise ValidationError(_("Only a confirmed request waiting for review can be approved."))
    official = request.french_commune
    if is_open(official):
        raise ValidationError(_("%(name)s is already open on Réseau.") % {"name": official.name})
    onboarded = onboard_commune(
        name=official.name,
        slug=_free_slug(official),
        insee_code=official.insee_code,
        ambassador_email=request.contact_email,
        latitude=latitude,
        longitude=longitude,
    )
    connection.set_schema_to_public()
    now = timezone.now()
    request.status = OnboardingRequest.Status.APPROVED
    request.reviewed_at = now
    request.reviewed_by = reviewer
    request.commune = onboarded.commune
    request.save(update_fields=["status", "reviewed_at", "reviewed_by", "commune"])
    tasks.request_approved.defer(request_id=request.pk, invitation_id=onboarded.invitation_id)
    guests.move_board_to_commune(commune=onboarded.commune)
    interested = list(
        InterestSignup.objects.filter(
            french_commune=official, confirmed_at__isnull=False, opening_notified_at__isnull=True
        ).order_by(Lower("email"))
    )
    for signup in interested:
        tasks.commune_opened.defer(signup_id=signup.pk)
    InterestSignup.objects.filter(pk__in=[s.pk for s in interested]).update(opening_notified_at=now)
    return onboarded.commune


@transaction.atomic
def refuse_onboarding_request(
    *, request: OnboardingRequest, reviewer, reason: str
) -> OnboardingRequest:
    """Refuse with a reason, which is emailed to the contact."""
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the refusal.")})
    request = OnboardingRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != OnboardingRequest.Status.PENDING:
        raise ValidationError(_("Only a confirmed request waiting for review can be refused."))
    request.status = OnboardingRequest.Status.REFUSED
    request.refusal_reason = reason
    request.reviewed_at = timezone.now()
    request.reviewed_by = reviewer
    request.full_clean()
    request.save()
    tasks.request_refused.defer(request_id=request.pk)
    return request

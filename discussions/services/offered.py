"""Services residents offer (the concierge case): add, edit, remove one's own."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.models import (
    AVAILABILITY_MAX,
    OFFERED_SERVICES_MAX,
    RATE_MAX,
    Category,
    OfferedService,
    WatchedWord,
)
from discussions.text import find_watched, refuse_scripts
from socle.params import has_control_characters
from voisinages.models import Resident


def _clean_fields(*, category: Category | None, rate: str, availability: str) -> dict:
    errors = {}
    rate = (rate or "").strip()
    availability = (availability or "").strip()
    if category is None or not category.is_active:
        errors["category"] = [_("Choose one of the commune's categories.")]
    if not rate:
        errors["rate"] = [_("Give an indicative rate, for example “gratuit” or “à discuter”.")]
    elif len(rate) > RATE_MAX:
        errors["rate"] = [_("The rate is limited to %(max)d characters.") % {"max": RATE_MAX}]
    if len(availability) > AVAILABILITY_MAX:
        errors["availability"] = [
            _("Availability is limited to %(max)d characters.") % {"max": AVAILABILITY_MAX}
        ]
    for field, value in (("rate", rate), ("availability", availability)):
        if has_control_characters(value) and field not in errors:
            errors[field] = [_("This text holds characters that are not allowed.")]
    if errors:
        raise ValidationError(errors)
    refuse_scripts(rate, field="rate")
    refuse_scripts(availability, field="availability")
    # Words the commune blocks are refused here too (a service has no queue to be held in).
    found = find_watched(f"{rate}\n{availability}", WatchedWord.objects.all())
    blocked = [w.word for w in found if w.action == WatchedWord.Action.BLOCK]
    if blocked:
        raise ValidationError(
            _("Your text contains a word this commune does not accept: %(words)s.")
            % {"words": ", ".join(blocked)},
            code="watched_word",
        )
    return {"category": category, "rate": rate, "availability": availability}


def _check_can_offer(resident: Resident) -> None:
    if not getattr(resident, "can_post", False):
        raise PermissionDenied(_("Only verified neighbours can offer services."))


@transaction.atomic
def add_offered_service(
    *, resident: Resident, category: Category | None, rate: str, availability: str = ""
) -> OfferedService:
    """List a service `resident` offers; one per category, at most
    OFFERED_SERVICES_MAX in all."""
    _check_can_offer(resident)
    fields = _clean_fields(category=category, rate=rate, availability=availability)
    # Lock the resident's row: two quick submissions cannot pass the limit together.
    Resident.objects.select_for_update().filter(pk=resident.pk).first()
    mine = OfferedService.objects.filter(resident=resident)
    if mine.count() >= OFFERED_SERVICES_MAX:
        raise ValidationError(
            _("You can offer at most %(max)d services.") % {"max": OFFERED_SERVICES_MAX}
        )
    if mine.filter(category=category).exists():
        raise ValidationError({"category": [_("You already offer a service in this category.")]})
    service = OfferedService(resident=resident, created_at=timezone.now(), **fields)
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def edit_offered_service(
    *, service: OfferedService, by: Resident, category: Category | None, rate: str,
    availability: str = "",
) -> OfferedService:  # fmt: skip
    """Change one of `by`'s own offered services."""
    if service.resident_id != by.pk:
        raise PermissionDenied(_("You can only change your own services."))
    _check_can_offer(by)
    fields = _clean_fields(category=category, rate=rate, availability=availability)
    taken = OfferedService.objects.filter(resident=by, category=category).exclude(pk=service.pk)
    if taken.exists():
        raise ValidationError({"category": [_("You already offer a service in this category.")]})
    for name, value in fields.items():
        setattr(service, name, value)
    service.full_clean()
    service.save()
    return service


@transaction.atomic
def remove_offered_service(*, service: OfferedService, by: Resident) -> None:
    """Withdraw one of `by`'s own offered services."""
    if service.resident_id != by.pk:
        raise PermissionDenied(_("You can only remove your own services."))
    service.delete()

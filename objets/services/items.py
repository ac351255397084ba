"""Objects: create, edit, photos, blackout periods, categories."""

from datetime import date
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from objets.models import Blackout, Category, Item, ItemPhoto, Loan
from objets.services.photos import resized
from voisinages import roles
from voisinages.logs import log_action
from voisinages.models import Resident

MAX_PHOTOS = 5
EDITABLE_FIELDS = (
    "title",
    "description",
    "category",
    "condition",
    "suggested_deposit",
    "max_loan_days",
    "quartier",
    "is_active",
)


def can_manage(*, item: Item, resident) -> bool:
    """The owner, the contact of a shared object, or an ambassador for shared objects."""
    if not resident.is_authenticated:
        return False
    if item.keeper is not None and item.keeper.pk == resident.pk:
        return True
    return not item.owner_id and roles.has_role(resident, roles.AMBASSADOR)


def _check_owner_choice(*, actor: Resident, garden, association) -> None:
    if (garden or association) and not roles.has_role(actor, roles.AMBASSADOR):
        raise PermissionDenied(_("Only ambassadors list objects of a garden or an association."))
    if garden and association:
        raise ValidationError(_("Choose a garden or an association, not both."))


def _add_photos(item: Item, photos) -> None:
    photos = list(photos or ())
    if item.photos.count() + len(photos) > MAX_PHOTOS:
        raise ValidationError(_("An object has at most 5 photos."))
    start = item.photos.count()
    for offset, upload in enumerate(photos):
        full, thumb = resized(upload)
        photo = ItemPhoto(item=item, position=start + offset)
        photo.image.save("photo.jpg", full, save=False)
        photo.thumbnail.save("mini.jpg", thumb, save=False)
        photo.save()


@transaction.atomic
def create_item(
    *,
    actor: Resident,
    title: str,
    category: Category,
    description: str = "",
    tags=(),
    condition: str = Item.Condition.GOOD,
    suggested_deposit: Decimal | None = None,
    max_loan_days: int = 7,
    quartier=None,
    photos=(),
    garden=None,
    association=None,
) -> Item:
    """List an object of `actor`, or of a garden or an association (ambassadors;
    `actor` then answers its requests)."""
    if not actor.can_post:
        raise PermissionDenied(_("Only verified residents can do this."))
    _check_owner_choice(actor=actor, garden=garden, association=association)
    shared = bool(garden or association)
    item = Item(
        title=title,
        description=description,
        category=category,
        condition=condition,
        suggested_deposit=suggested_deposit,
        max_loan_days=max_loan_days,
        quartier=quartier if quartier is not None else actor.quartier,
        owner=None if shared else actor,
        garden=garden,
        association=association,
        created_by=actor,
    )
    item.full_clean()
    item.save()
    if tags:
        item.tags.set(list(tags))
    _add_photos(item, photos)
    return item


@transaction.atomic
def update_item(*, item: Item, actor: Resident, photos=(), tags=None, **fields) -> Item:
    """Change an object's fields (title, description, category, condition,
    suggested_deposit, max_loan_days, quartier, is_active), add photos, set tags."""
    if not can_manage(item=item, resident=actor):
        raise PermissionDenied(_("Only the owner can change this object."))
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            raise TypeError(f"update_item() got an unexpected field {name!r}")
        setattr(item, name, value)
    item.full_clean()
    item.save()
    if tags is not None:
        item.tags.set(list(tags))
    _add_photos(item, photos)
    return item


@transaction.atomic
def delete_photo(*, photo: ItemPhoto, actor: Resident) -> None:
    """Remove one photo of an object (its owner)."""
    if not can_manage(item=photo.item, resident=actor):
        raise PermissionDenied(_("Only the owner can change this object."))
    image, thumb = photo.image, photo.thumbnail
    photo.delete()
    transaction.on_commit(lambda: (image.delete(save=False), thumb.delete(save=False)))


@transaction.atomic
def add_blackout(
    *, item: Item, actor: Resident, starts_on: date, ends_on: date, note: str = ""
) -> Blackout:
    """Mark days the object cannot be borrowed; they may not cover an accepted loan."""
    if not can_manage(item=item, resident=actor):
        raise PermissionDenied(_("Only the owner can change this object."))
    if ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date must be on or after the start date.")})
    if ends_on < timezone.localdate():
        raise ValidationError({"ends_on": _("This period is already over.")})
    Item.objects.select_for_update().filter(pk=item.pk).first()
    if item.loans.filter(
        status__in=Loan.HOLDING, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).exists():
        raise ValidationError(_("An accepted loan covers some of these days: cancel it first."))
    blackout = Blackout(item=item, starts_on=starts_on, ends_on=ends_on, note=note)
    blackout.full_clean(exclude=["item"])
    try:
        with transaction.atomic():
            blackout.save()
    except IntegrityError as exc:
        raise ValidationError(_("This period overlaps another unavailable period.")) from exc
    return blackout


@transaction.atomic
def remove_blackout(*, blackout: Blackout, actor: Resident) -> None:
    """Make the days of a blackout period available again."""
    if not can_manage(item=blackout.item, resident=actor):
        raise PermissionDenied(_("Only the owner can change this object."))
    blackout.delete()


@transaction.atomic
def save_category(
    *, actor: Resident, name: str, position: int = 0, category: Category | None = None
) -> Category:
    """Create or rename a category of objects (ambassadors)."""
    if not roles.has_role(actor, roles.AMBASSADOR):
        raise PermissionDenied(_("Your role does not allow this."))
    created = category is None
    category = category or Category()
    category.name = name.strip()
    category.position = position
    category.full_clean()
    category.save()
    # Now and after commit: a request in between may have cached the old list.
    cache.delete("objets.filter_choices")
    transaction.on_commit(lambda: cache.delete("objets.filter_choices"))
    log_action(
        code="objets.category.created" if created else "objets.category.changed",
        actor=actor,
        target=category,
    )
    return category

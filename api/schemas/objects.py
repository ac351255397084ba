"""The shapes of api/routers/objects.py: what its operations read and answer."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.files.storage import default_storage
from ninja import Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas import LoanDay, QuartierRef
from api.schemas.residents import ResidentOut
from objets import selectors
from objets.models import Item, Loan
from voisinages.models import name_or_former

Condition = Literal[tuple(Item.Condition.values)]  # type: ignore[valid-type]

LoanStatus = Literal[tuple(Loan.Status.values)]  # type: ignore[valid-type]

Role = Literal[selectors.LOAN_ROLES]  # type: ignore[valid-type]

# PostgreSQL stores no NUL character in text: refuse it up front, like the
# site's forms do.
NO_NUL = r"^[^\x00]*$"


def text(default, **constraints):
    return Field(default, pattern=NO_NUL, **constraints)


class ObjectCategoryOut(Schema):
    id: int
    name: str
    position: int


class CategoryRef(Schema):
    id: int
    name: str


class PhotoOut(Schema):
    id: int
    url: str
    thumbnail_url: str

    @staticmethod
    def resolve_url(obj):
        return obj.image.url

    @staticmethod
    def resolve_thumbnail_url(obj):
        return obj.thumbnail.url


class PeriodOut(Schema):
    starts_on: date
    ends_on: date


class BlackoutOut(PeriodOut):
    id: int
    note: str = Field(..., description="Shown to who manages the object only (else empty).")


class AvailabilityOut(Schema):
    booked: list[PeriodOut] = Field(
        ..., description="Accepted or ongoing loans not over yet (dates only)."
    )
    blackouts: list[BlackoutOut] = Field(
        ..., description="Periods the owner keeps the object, not over yet."
    )


class RatingOut(Schema):
    count: int
    average: float | None


class ReviewOut(Schema):
    id: int
    rating: int
    comment: str
    author: str
    author_id: int | None
    subject_id: int
    created_at: datetime

    @staticmethod
    def resolve_author(obj):
        return name_or_former(obj.author)


# Columns ItemOut reads that the site's object card (selectors.CARD_FIELDS) does not.
ITEM_OUT_FIELDS = (
    "condition",
    "max_loan_days",
    "is_active",
    "created_at",
    "created_by_id",
    "garden_id",
    "association_id",
    "category_id",
)


class ItemOut(Schema):
    id: int
    title: str
    category: CategoryRef
    tags: list[str]
    condition: str
    max_loan_days: int
    quartier: QuartierRef | None = Field(..., description="Where to pick it up; never an address.")
    owner_label: str = Field(
        ..., description="“Prénom N.”, or the garden's or the association's name."
    )
    owner_id: int | None = Field(
        ...,
        description="The neighbour who lends it and answers requests (a shared object's contact).",
    )
    garden_id: int | None
    association_id: int | None
    is_active: bool
    thumbnail_url: str | None
    created_at: datetime
    url: str

    @staticmethod
    def resolve_tags(obj):
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_owner_id(obj):
        return obj.owner_id or obj.created_by_id

    @staticmethod
    def resolve_thumbnail_url(obj):
        name = getattr(obj, "first_thumbnail", None)
        return default_storage.url(name) if name else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ItemDetailOut(ItemOut):
    description: str
    condition_label: str
    suggested_deposit: Decimal | None = Field(
        ..., description='In euros, as a string ("20.50"); for information only.'
    )
    photos: list[PhotoOut]
    owner: ResidentOut | None = Field(
        ..., description="The lending neighbour's public profile (never email, phone or address)."
    )
    owner_rating: RatingOut | None
    reviews: list[ReviewOut] = Field(..., description="What borrowers said, newest first.")
    availability: AvailabilityOut
    can_manage: bool

    @staticmethod
    def resolve_condition_label(obj):
        return obj.get_condition_display()

    @staticmethod
    def resolve_photos(obj):
        return obj.api_photos

    @staticmethod
    def resolve_owner(obj):
        return obj.api_owner

    @staticmethod
    def resolve_owner_rating(obj):
        return obj.api_owner_rating

    @staticmethod
    def resolve_reviews(obj):
        return obj.api_reviews

    @staticmethod
    def resolve_availability(obj):
        return obj.api_availability

    @staticmethod
    def resolve_can_manage(obj):
        return obj.api_can_manage


class PartyOut(Schema):
    id: int
    display_name: str


class LoanItemRef(Schema):
    id: int
    title: str
    url: str

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class LoanOut(Schema):
    id: int
    item: LoanItemRef
    status: str
    status_label: str
    starts_on: date
    ends_on: date
    days: int
    message: str
    my_role: str = Field(..., description='"lender" or "borrower".')
    lender: PartyOut | None
    borrower: PartyOut | None
    decline_reason: str
    cancel_reason: str
    cancelled_by_id: int | None
    lender_handover_at: datetime | None
    borrower_handover_at: datetime | None
    returned_at: datetime | None
    return_confirmed_at: datetime | None
    return_note: str
    return_photo_url: str | None
    created_at: datetime
    url: str

    @staticmethod
    def resolve_status_label(obj):
        return obj.get_status_display()

    @staticmethod
    def resolve_my_role(obj, context):
        return "lender" if obj.lender_id == context["request"].user.pk else "borrower"

    @staticmethod
    def resolve_return_photo_url(obj):
        return obj.return_photo.url if obj.return_photo else None

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class LoanDetailOut(LoanOut):
    reviews: list[ReviewOut]
    can_review: bool
    my_handover_done: bool
    actions: list[str] = Field(
        ...,
        description="The steps I may take now: accept, decline, handover, returned, "
        "confirm-return, cancel, review (each is POST /loans/{id}/<step>).",
    )


class ItemFilters(Schema):
    q: str = text("", max_length=100, description="Words of the title or description (French).")
    category: int | None = Field(None, description="An object category id.")
    tag: str = text("", max_length=100)
    quartier: int | None = Field(None, description="A quartier id.")
    available_from: LoanDay | None = Field(None, description="Free on every day from…")
    available_to: LoanDay | None = Field(None, description="…to (one day if only one is given).")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ItemIn(Schema):
    title: str = text(..., min_length=1, max_length=120)
    description: str = text("", max_length=5000)
    category: int = Field(..., description="An object category id (GET /objects/categories).")
    tags: list[str] = Field([], max_length=10)
    condition: Condition = Item.Condition.GOOD
    suggested_deposit: Decimal | None = Field(
        None, ge=0, allow_inf_nan=False, description="In euros, for information only."
    )
    max_loan_days: int = Field(7, ge=1, le=90)
    quartier: int | None = Field(None, description="Pickup quartier id; mine if not given.")


class ItemPatch(Schema):
    """Only the fields sent change."""

    title: str | None = text(None, min_length=1, max_length=120)
    description: str | None = text(None, max_length=5000)
    category: int | None = None
    tags: list[str] | None = Field(None, max_length=10)
    condition: Condition | None = None
    suggested_deposit: Decimal | None = Field(None, ge=0, allow_inf_nan=False)
    max_loan_days: int | None = Field(None, ge=1, le=90)
    quartier: int | None = Field(None, description="A quartier id; null or 0 for none.")
    is_active: bool | None = Field(None, description="false: withdrawn from lending.")


class BlackoutIn(Schema):
    starts_on: LoanDay
    ends_on: LoanDay
    note: str = text("", max_length=120)


class LoanFilters(Schema):
    role: Role | None = Field(None, description="Only as lender, or only as borrower.")
    status: LoanStatus | None = None
    item: int | None = Field(None, description="Only the loans of this object.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class LoanRequestIn(Schema):
    starts_on: LoanDay
    ends_on: LoanDay = Field(..., description="Included.")
    message: str = text("", max_length=2000, description="A word to the owner.")


class ReasonIn(Schema):
    reason: str = text("", max_length=1000)


class ReturnIn(Schema):
    condition_note: str = text("", max_length=1000, description="The object's condition.")


class ReviewIn(Schema):
    rating: int = Field(..., ge=1, le=5)
    comment: str = text("", max_length=1000)

"""Objects neighbours lend and their loans (objets' services and selectors).

Every step of a loan calls the very service the site's buttons call: the same
checks, locks, notifications and database constraints."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate
from api.routers.residents import ResidentOut
from api.schemas import LoanDay, QuartierRef, responses
from objets import selectors, services
from objets.models import Item, Loan
from objets.services.items import can_manage
from objets.steps import STEPS
from voisinages.models import Quartier

router = Router(tags=["objects"])
LOANS = ["loans"]

Condition = Literal[tuple(Item.Condition.values)]  # type: ignore[valid-type]
LoanStatus = Literal[tuple(Loan.Status.values)]  # type: ignore[valid-type]
Role = Literal[selectors.LOAN_ROLES]  # type: ignore[valid-type]

# PostgreSQL stores no NUL character in text: refuse it up front, like the
# site's forms do.
NO_NUL = r"^[^\x00]*$"


def text(default, **constraints):
    return Field(default, pattern=NO_NUL, **constraints)


# ---------------------------------------------------------------- shapes out


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
        return obj.author.display_name if obj.author_id else "—"


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


# ----------------------------------------------------------------- shapes in


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


# ------------------------------------------------------------------- helpers


def _tags(values):
    """Like the site's form: trimmed, at most 100 characters, empty ones dropped."""
    if values is None:
        return None
    return [value.strip()[:100] for value in values if value.strip()]


def _category(category_id):
    category = selectors.categories().filter(pk=category_id).first()
    if category is None:
        raise ValidationError({"category": [_("Select a valid choice.")]})
    return category


def _quartier(quartier_id):
    if not quartier_id:
        return None
    quartier = Quartier.objects.filter(pk=quartier_id).first()
    if quartier is None:
        raise ValidationError({"quartier": [_("Select a valid choice.")]})
    return quartier


def _item_detail(request, item):
    """The object page's reads, for the detail shape."""
    manager = can_manage(item=item, resident=request.user)
    photos = item.api_photos = selectors.item_photos(item=item)
    item.first_thumbnail = photos[0].thumbnail.name if photos else None
    keeper = item.keeper
    item.api_owner = keeper
    item.api_owner_rating = selectors.rating_summary_for(keeper) if keeper else None
    item.api_reviews = selectors.item_reviews(item=item)
    item.api_can_manage = manager
    item.api_availability = {
        "booked": [
            {"starts_on": start, "ends_on": end}
            for start, end in selectors.booked_periods(item=item)
        ],
        "blackouts": [
            {
                "id": blackout.pk,
                "starts_on": blackout.starts_on,
                "ends_on": blackout.ends_on,
                "note": blackout.note if manager else "",
            }
            for blackout in selectors.upcoming_blackouts(item=item)
        ],
    }
    return item


def _loan_detail(request, loan):
    return selectors.loan_page_for(viewer=request.user, loan=loan)


# ------------------------------------------------------------------- objects


@router.get(
    "/objects/categories",
    response=responses(list[ObjectCategoryOut]),
    summary="Categories of objects (each commune edits its own)",
)
def list_categories(request):
    return selectors.categories()


@router.get("/objects", response=responses(Page[ItemOut]), summary="Objects to borrow")
def list_objects(request, filters: Query[ItemFilters]):
    """The directory's filters: French full-text search (accents ignored),
    category, tag, quartier, free over a range of days. Newest first."""
    if (
        filters.available_from
        and filters.available_to
        and filters.available_to < filters.available_from
    ):
        raise ValidationError(
            {"available_to": [_("The end date must be on or after the start date.")]}
        )
    rows = (
        selectors.search_items(
            query=filters.q,
            category_id=filters.category,
            tag=filters.tag,
            quartier_id=filters.quartier,
            available_from=filters.available_from,
            available_to=filters.available_to,
        )
        # The site's card columns, and those ItemOut shows besides (else one
        # query per object and column).
        .only(*selectors.CARD_FIELDS, *ITEM_OUT_FIELDS)
        .prefetch_related("tags")
    )
    page = paginate(rows, cursor=filters.cursor, limit=filters.limit)
    selectors.with_shared_owners(page["items"])
    return page


@router.post("/objects", response=responses(ItemDetailOut, 201), summary="Lend an object")
def create_object(request, payload: ItemIn):
    """Photos are added on the site's form."""
    item = services.create_item(
        actor=request.user,
        title=payload.title,
        description=payload.description,
        category=_category(payload.category),
        tags=_tags(payload.tags),
        condition=payload.condition,
        suggested_deposit=payload.suggested_deposit,
        max_loan_days=payload.max_loan_days,
        quartier=_quartier(payload.quartier),
    )
    item = selectors.get_item(item_id=item.pk, viewer=request.user)
    return 201, _item_detail(request, item)


@router.get("/objects/{int:item_id}", response=responses(ItemDetailOut), summary="One object")
def get_object(request, item_id: int):
    item = selectors.get_item(item_id=item_id, viewer=request.user)
    return _item_detail(request, item)


@router.patch(
    "/objects/{int:item_id}", response=responses(ItemDetailOut), summary="Change my object"
)
def update_object(request, item_id: int, payload: ItemPatch):
    item = selectors.get_item_to_manage(viewer=request.user, item_id=item_id)
    sent = payload.dict(exclude_unset=True)
    fields = {}
    for name in ("title", "description"):
        if name in sent:
            fields[name] = sent[name] or ""
    for name in ("condition", "suggested_deposit", "max_loan_days", "is_active"):
        if name in sent:
            fields[name] = sent[name]
    if "category" in sent:
        fields["category"] = _category(sent["category"])
    if "quartier" in sent:
        fields["quartier"] = _quartier(sent["quartier"])
    services.update_item(item=item, actor=request.user, tags=_tags(sent.get("tags")), **fields)
    item = selectors.get_item(item_id=item_id, viewer=request.user)
    return _item_detail(request, item)


@router.post(
    "/objects/{int:item_id}/blackouts",
    response=responses(BlackoutOut, 201),
    summary="Mark days my object cannot be borrowed",
)
def add_blackout(request, item_id: int, payload: BlackoutIn):
    item = selectors.get_item_to_manage(viewer=request.user, item_id=item_id)
    blackout = services.add_blackout(
        item=item,
        actor=request.user,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        note=payload.note,
    )
    return 201, blackout


@router.delete(
    "/objects/{int:item_id}/blackouts/{int:blackout_id}",
    response=responses(None, 204),
    summary="Make these days available again",
)
def remove_blackout(request, item_id: int, blackout_id: int):
    blackout = selectors.get_blackout_to_manage(
        viewer=request.user, blackout_id=blackout_id, item_id=item_id
    )
    services.remove_blackout(blackout=blackout, actor=request.user)
    return 204, None


# --------------------------------------------------------------------- loans


@router.get("/loans", response=responses(Page[LoanOut]), tags=LOANS, summary="My loans")
def list_loans(request, filters: Query[LoanFilters]):
    """What I lend and what I borrow, newest request first."""
    rows = selectors.loans_of(
        resident=request.user,
        role=filters.role or "",
        status=filters.status or "",
        item_id=filters.item,
    )
    return paginate(rows, cursor=filters.cursor, limit=filters.limit)


@router.get(
    "/loans/{int:loan_id}", response=responses(LoanDetailOut), tags=LOANS, summary="One loan"
)
def get_loan(request, loan_id: int):
    """For its lender and its borrower only."""
    return _loan_detail(request, selectors.get_loan_for(viewer=request.user, loan_id=loan_id))


@router.post(
    "/objects/{int:item_id}/loans",
    response=responses(LoanDetailOut, 201),
    tags=LOANS,
    summary="Ask to borrow an object",
)
def request_loan(request, item_id: int, payload: LoanRequestIn):
    """From `starts_on` to `ends_on`, both included, with a word to the owner."""
    item = selectors.get_item(item_id=item_id, viewer=request.user)
    loan = services.request_loan(
        item=item,
        borrower=request.user,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
        message=payload.message,
    )
    return 201, _loan_detail(request, loan)


def _step(request, loan_id: int, name: str, payload: Schema | None = None):
    """Take one step of objets/steps.py with the payload's fields: the very
    service the site's button calls."""
    loan = selectors.get_loan_for(viewer=request.user, loan_id=loan_id)
    data = payload.dict() if payload is not None else {}
    return STEPS[name].take(loan=loan, actor=request.user, **data)


@router.post(
    "/loans/{int:loan_id}/accept",
    response=responses(LoanDetailOut),
    tags=LOANS,
    summary="Accept a request (the lender)",
)
def accept(request, loan_id: int):
    """The other pending requests over the same days are declined."""
    return _loan_detail(request, _step(request, loan_id, "accept"))


@router.post(
    "/loans/{int:loan_id}/decline",
    response=responses(LoanDetailOut),
    tags=LOANS,
    summary="Decline a request, saying why (the lender)",
)
def decline(request, loan_id: int, payload: ReasonIn):
    return _loan_detail(request, _step(request, loan_id, "decline", payload))


@router.post(
    "/loans/{int:loan_id}/cancel",
    response=responses(LoanDetailOut),
    tags=LOANS,
    summary="Cancel before the handover (either party)",
)
def cancel(request, loan_id: int, payload: ReasonIn):
    return _loan_detail(request, _step(request, loan_id, "cancel", payload))


@router.post(
    "/loans/{int:loan_id}/handover",
    response=responses(LoanDetailOut),
    tags=LOANS,
    summary="Confirm the handover (both parties; then the loan is ongoing)",
)
def handover(request, loan_id: int):
    return _loan_detail(request, _step(request, loan_id, "handover"))


@router.post(
    "/loans/{int:loan_id}/returned",
    response=responses(LoanDetailOut),
    tags=LOANS,
    summary="Say the object is back (the borrower)",
)
def returned(request, loan_id: int):
    return _loan_detail(request, _step(request, loan_id, "returned"))


@router.post(
    "/loans/{int:loan_id}/confirm-return",
    response=responses(LoanDetailOut),
    tags=LOANS,
    summary="Confirm the return, with a note on the condition (the lender)",
)
def confirm_return(request, loan_id: int, payload: ReturnIn):
    """A photo of the condition is added on the site's form."""
    return _loan_detail(request, _step(request, loan_id, "confirm-return", payload))


@router.post(
    "/loans/{int:loan_id}/review",
    response=responses(ReviewOut, 201),
    tags=LOANS,
    summary="Rate the other party once the object is back",
)
def review(request, loan_id: int, payload: ReviewIn):
    return 201, _step(request, loan_id, "review", payload)

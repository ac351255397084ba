"""Objects neighbours lend and their loans (objets' services and selectors).

Every step of a loan calls the very service the site's buttons call: the same
checks, locks, notifications and database constraints."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema

from api.pagination import Page, paginate
from api.schemas import responses
from api.schemas.objects import (
    ITEM_OUT_FIELDS,
    BlackoutIn,
    BlackoutOut,
    ItemDetailOut,
    ItemFilters,
    ItemIn,
    ItemOut,
    ItemPatch,
    LoanDetailOut,
    LoanFilters,
    LoanOut,
    LoanRequestIn,
    ObjectCategoryOut,
    ReasonIn,
    ReturnIn,
    ReviewIn,
    ReviewOut,
)
from objets import selectors, services
from objets.services.items import can_manage
from objets.steps import STEPS
from voisinages.models import Quartier

router = Router(tags=["objects"])
LOANS = ["loans"]


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


@dataclass(frozen=True)
class StepOperation:
    """How the API offers one step of objets/steps.py: POST /loans/{id}/<step>."""

    step: str
    summary: str
    payload: type[Schema] | None = None
    description: str | None = None

    @property
    def python_name(self) -> str:  # the OpenAPI operationId's end, as before
        return self.step.replace("-", "_")


STEP_OPERATIONS = (
    StepOperation(
        "accept",
        "Accept a request (the lender)",
        description="The other pending requests over the same days are declined.",
    ),
    StepOperation("decline", "Decline a request, saying why (the lender)", ReasonIn),
    StepOperation("cancel", "Cancel before the handover (either party)", ReasonIn),
    StepOperation("handover", "Confirm the handover (both parties; then the loan is ongoing)"),
    StepOperation("returned", "Say the object is back (the borrower)"),
    StepOperation(
        "confirm-return",
        "Confirm the return, with a note on the condition (the lender)",
        ReturnIn,
        description="A photo of the condition is added on the site's form.",
    ),
)


def _step(request, loan_id: int, name: str, payload: Schema | None = None):
    """Take one step of objets/steps.py with the payload's fields: the very
    service the site's button calls."""
    loan = selectors.get_loan_for(viewer=request.user, loan_id=loan_id)
    data = payload.dict() if payload is not None else {}
    return STEPS[name].take(loan=loan, actor=request.user, **data)


def _step_operation(offered: StepOperation):
    if offered.payload is None:

        def operation(request, loan_id: int):
            return _loan_detail(request, _step(request, loan_id, offered.step))

    else:

        def operation(request, loan_id: int, payload: offered.payload):
            return _loan_detail(request, _step(request, loan_id, offered.step, payload))

    operation.__name__ = operation.__qualname__ = offered.python_name
    operation.__doc__ = offered.description
    return router.post(
        f"/loans/{{int:loan_id}}/{offered.step}",
        response=responses(LoanDetailOut),
        tags=LOANS,
        summary=offered.summary,
    )(operation)


for offered in STEP_OPERATIONS:
    _step_operation(offered)


@router.post(
    "/loans/{int:loan_id}/review",
    response=responses(ReviewOut, 201),
    tags=LOANS,
    summary="Rate the other party once the object is back",
)
def review(request, loan_id: int, payload: ReviewIn):
    return 201, _step(request, loan_id, "review", payload)

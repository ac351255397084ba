"""Reads of objects and loans, shared by views, the iCal feed and other apps.
They raise Http404 / PermissionDenied themselves."""

import calendar
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.search import SearchQuery
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import (
    Avg,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.http import Http404
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from objets.models import (
    SEARCH_CONFIG,
    Blackout,
    Category,
    Item,
    ItemPhoto,
    ItemTag,
    Loan,
    LoanFeed,
    Review,
)
from objets.services.items import can_manage
from objets.steps import Standing, Step, available_steps
from voisinages import roles
from voisinages.models import Quartier

S = Loan.Status
PAGE_SIZE = 20
COUNT_CAP = 1000
# From this many objects skipped, a page is fetched by its ids first (see CappedPaginator).
DEEP_OFFSET = 200


class CappedPaginator(Paginator):
    """Counts at most COUNT_CAP + 1 results: an exact count of a large search by
    availability costs more than the page itself; past the cap, narrow the search.
    A page's objects are a list, their garden or association loaded when one has any."""

    @cached_property
    def count(self):
        return self.object_list.order_by().values("pk")[: COUNT_CAP + 1].count()

    @property
    def is_capped(self) -> bool:
        return self.count > COUNT_CAP

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom < DEEP_OFFSET:
            on_page = self.object_list[bottom:top]
        else:
            # Deep pages: PostgreSQL walks the objects before the page for their
            # ids only; the joins and the photo subquery run for the page's
            # objects, not for the hundreds skipped (page 40: 2.4 -> 0.6 ms). It
            # costs a second compilation of the filters: not worth it sooner.
            ids = self.object_list.values("pk")[bottom:top]
            on_page = self.object_list.filter(pk__in=ids)
        return self._get_page(with_shared_owners(list(on_page)), number, self)


FILTER_CHOICES_KEY = "objets.filter_choices"


# What an object card shows (objets/_item_card.html): the other columns, the
# owner's account and the quartier's outline included, are not read.
CARD_FIELDS = (
    "title",
    "category__name",
    "quartier__name",
    "owner__first_name",
    "owner__last_name",
    "garden",
    "association",
)


def _listed() -> QuerySet[Item]:
    first_thumbnail = (
        ItemPhoto.objects.filter(item=OuterRef("pk")).order_by("position", "id").values("thumbnail")
    )
    return (
        Item.objects.filter(is_active=True)
        .annotate(first_thumbnail=Subquery(first_thumbnail[:1]))
        .select_related("category", "quartier", "owner")
        .only(*CARD_FIELDS)
    )


def with_shared_owners(items: list[Item]) -> list[Item]:
    """Load the garden or association of the objects that have one (rare owners:
    not joined, an association is a Wagtail page); nothing to do, no query."""
    for owner in ("garden", "association"):
        shared = [item for item in items if getattr(item, f"{owner}_id")]
        if shared:
            prefetch_related_objects(shared, owner)
    return items


def filter_choices() -> dict:
    """Categories and quartiers for the search form, cached per commune for
    5 minutes (the cache keys carry the schema); saving a category clears it."""
    choices = cache.get(FILTER_CHOICES_KEY)
    if choices is None:
        choices = {
            "categories": list(Category.objects.values_list("pk", "name")),
            "quartiers": list(Quartier.objects.values_list("pk", "name")),
        }
        cache.set(FILTER_CHOICES_KEY, choices, 300)
    return choices


def search_items(
    *,
    query: str = "",
    category_id: int | None = None,
    tag: str = "",
    quartier_id: int | None = None,
    available_from: date | None = None,
    available_to: date | None = None,
) -> QuerySet[Item]:
    """Lendable objects matching every given criterion, newest first. The text
    matches French words without accents ("perceuse" finds "Perceuses")."""
    items = _listed()
    query = query.strip()
    if query:
        items = items.filter(
            search_vector=SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
        )
    if category_id:
        items = items.filter(category_id=category_id)
    if tag:
        items = items.filter(tags__name__iexact=tag.strip())
    if quartier_id:
        items = items.filter(quartier_id=quartier_id)
    if available_from or available_to:
        start = available_from or available_to
        end = available_to or available_from
        if end < start:
            start, end = end, start
        busy_loans = Loan.objects.filter(
            item=OuterRef("pk"), status__in=Loan.HOLDING, starts_on__lte=end, ends_on__gte=start
        )
        busy_days = Blackout.objects.filter(
            item=OuterRef("pk"), starts_on__lte=end, ends_on__gte=start
        )
        items = items.filter(~Exists(busy_loans), ~Exists(busy_days))
    return items.order_by("-created_at", "-id")


def categories() -> QuerySet[Category]:
    return Category.objects.all()


def get_item(*, item_id: int, viewer=None) -> Item:
    """An object to show; an object withdrawn from lending only to who manages it.
    A garden or an association owning it is loaded when read (rare owners); its
    photos and tags with `item_photos` and `item_tag_names` (plain queries cost
    half of what prefetching them does)."""
    try:
        item = (
            Item.objects.select_related("category", "quartier", "owner", "created_by")
            .defer("search_vector")
            .get(pk=item_id)
        )
    except Item.DoesNotExist:
        raise Http404(_("No such object.")) from None
    if not item.is_active and not (viewer and can_manage(item=item, resident=viewer)):
        raise Http404(_("No such object."))
    return item


def item_photos(*, item: Item) -> list[ItemPhoto]:
    return list(ItemPhoto.objects.filter(item=item).order_by("position", "id"))


def item_tag_names(*, item: Item) -> list[str]:
    return list(
        ItemTag.objects.filter(content_object=item)
        .order_by("tag_id")
        .values_list("tag__name", flat=True)
        .distinct()
    )


def get_item_to_manage(*, viewer, item_id: int) -> Item:
    item = get_item(item_id=item_id, viewer=viewer)
    if not can_manage(item=item, resident=viewer):
        raise PermissionDenied(_("Only the owner can change this object."))
    return item


def get_blackout_to_manage(*, viewer, blackout_id: int, item_id: int | None = None) -> Blackout:
    """An unavailable period, for who manages its object (others: 404 or 403 like
    the object); with `item_id`, it must be one of that object's."""
    blackout = Blackout.objects.filter(pk=blackout_id).first()
    if blackout is None or (item_id is not None and blackout.item_id != item_id):
        raise Http404(_("No such period."))
    blackout.item = get_item_to_manage(viewer=viewer, item_id=blackout.item_id)
    return blackout


def upcoming_blackouts(*, item: Item) -> list[Blackout]:
    """The object's unavailable periods that are not over, soonest first."""
    return list(item.blackouts.filter(ends_on__gte=timezone.localdate()).order_by("starts_on"))


def booked_periods(*, item: Item) -> list[tuple[date, date]]:
    """(first day, last day) of the accepted or ongoing loans that are not over,
    soonest first: days nobody else may borrow the object (never who borrows it)."""
    return list(
        item.loans.filter(status__in=Loan.HOLDING, ends_on__gte=timezone.localdate())
        .order_by("starts_on")
        .values_list("starts_on", "ends_on")
    )


def get_loan_for(*, viewer, loan_id: int) -> Loan:
    """A loan, for its lender or borrower only (others: 404)."""
    loan = (
        Loan.objects.select_related("item", "item__category", "borrower", "lender")
        .filter(pk=loan_id)
        .filter(Q(borrower_id=viewer.pk) | Q(lender_id=viewer.pk))
        .first()
    )
    if loan is None:
        raise Http404(_("No such loan."))
    return loan


def item_reviews(*, item: Item, limit: int = 20) -> list[Review]:
    """What borrowers said after borrowing this object, newest first."""
    return list(
        Review.objects.filter(loan__item=item, author_id=F("loan__borrower_id"))
        .select_related("author")
        .only("rating", "comment", "created_at", "author__first_name", "author__last_name")
        .order_by("-created_at", "-id")[:limit]
    )


def rating_summary_for(resident) -> dict:
    """{"count": n, "average": 4.3 or None}: the ratings a resident received
    after loans (for profiles and the directory)."""
    summary = Review.objects.filter(subject=resident).aggregate(
        count=Count("id"), average=Avg("rating")
    )
    average = summary["average"]
    return {"count": summary["count"], "average": round(average, 1) if average else None}


def reviews_of(resident, *, limit: int = 10) -> list[Review]:
    """The latest reviews a resident received after loans."""
    return list(
        Review.objects.filter(subject=resident)
        .select_related("author", "loan__item")
        .order_by("-created_at", "-id")[:limit]
    )


def pending_requests(*, item: Item) -> list[Loan]:
    return list(
        item.loans.filter(status__in=[S.REQUESTED, S.ACCEPTED, S.ONGOING, S.RETURNED])
        .select_related("borrower")
        .order_by("starts_on")
    )


LOAN_ROLES = ("lender", "borrower")
ACTIVE_STATUSES = (S.REQUESTED, S.ACCEPTED, S.ONGOING, S.RETURNED)


def loans_of(
    *, resident, role: str = "", status: str = "", item_id: int | None = None
) -> QuerySet[Loan]:
    """A resident's loans as lender or borrower (`role` "lender", "borrower", or
    both when empty), optionally of one status or one object; latest start first."""
    if role == "lender":
        loans = Loan.objects.filter(lender=resident)
    elif role == "borrower":
        loans = Loan.objects.filter(borrower=resident)
    else:
        loans = Loan.objects.filter(Q(lender=resident) | Q(borrower=resident))
    if status:
        loans = loans.filter(status=status)
    if item_id is not None:
        loans = loans.filter(item_id=item_id)
    return loans.select_related("item", "borrower", "lender").order_by("-starts_on", "-id")


def my_loans(*, resident) -> dict:
    """What a resident lends and borrows: current first, then history."""
    return {
        "lending": list(
            loans_of(resident=resident, role="lender").filter(status__in=ACTIVE_STATUSES)
        ),
        "borrowing": list(
            loans_of(resident=resident, role="borrower").filter(status__in=ACTIVE_STATUSES)
        ),
        "history": list(
            loans_of(resident=resident)
            .exclude(status__in=ACTIVE_STATUSES)
            .order_by("-ends_on", "-id")[:50]
        ),
        "items": list(
            Item.objects.filter(Q(owner=resident) | Q(created_by=resident, owner__isnull=True))
            .select_related("category")
            .order_by("-created_at")
        ),
    }


@dataclass
class LoanPage:
    """A loan as one of its parties sees it: their side, the reviews, and the
    steps they may take now (objets/steps.py). The loan page's template and the
    API's LoanDetailOut both read it; the loan's own fields read through it."""

    loan: Loan
    is_lender: bool
    is_borrower: bool
    other: object
    reviews: list
    can_review: bool
    my_handover_done: bool
    steps: list[Step]

    @property
    def actions(self) -> list[str]:
        """The names of the steps (the site's and the API's step URLs)."""
        return [step.name for step in self.steps]

    @property
    def item(self) -> Item:
        return self.loan.item

    def __getattr__(self, name):
        # Only called for what the page itself lacks: the loan's own fields.
        if name.startswith("__") or name == "loan":
            raise AttributeError(name)
        return getattr(self.loan, name)


def loan_page_for(*, viewer, loan: Loan) -> LoanPage:
    """What `viewer` (a party of `loan`) sees of it and may do next."""
    is_lender, is_borrower = loan.lender_id == viewer.pk, loan.borrower_id == viewer.pk
    reviews = list(loan.reviews.select_related("author"))
    other = loan.other_party(viewer)
    can_review = (
        loan.status in (S.RETURNED, S.COMPLETED)
        and not any(review.author_id == viewer.pk for review in reviews)
        and other is not None
    )
    handover_done = bool(loan.lender_handover_at if is_lender else loan.borrower_handover_at)
    standing = Standing(is_lender=is_lender, handover_done=handover_done, can_review=can_review)
    return LoanPage(
        loan=loan,
        is_lender=is_lender,
        is_borrower=is_borrower,
        other=other,
        reviews=reviews,
        can_review=can_review,
        my_handover_done=handover_done,
        steps=available_steps(loan=loan, standing=standing),
    )


def owner_choices(*, viewer) -> dict:
    """The gardens and associations an ambassador may list an object for (the
    item form's `gardens` and `associations`), else nothing. Read through
    Item's foreign keys: objets sits below the apps that own those models."""
    if not roles.has_role(viewer, roles.AMBASSADOR):
        return {}
    return {
        "gardens": Item._meta.get_field("garden").related_model.objects.all(),
        "associations": Item._meta.get_field("association").related_model.objects.all(),
    }


def items_of_garden(garden) -> QuerySet[Item]:
    """The shared tools of a garden (for the garden's page)."""
    return _listed().filter(garden=garden).order_by("title")


def items_of_association(association) -> QuerySet[Item]:
    return _listed().filter(association=association).order_by("title")


@dataclass
class Day:
    date: date
    in_month: bool
    state: str = "free"  # free | booked | blackout | past
    label: str = ""

    @property
    def css(self) -> str:
        return self.state if self.in_month else f"{self.state} out"

    @property
    def number(self) -> str:
        return str(self.date.day)


@dataclass
class MonthGrid:
    year: int
    month: int
    weeks: list = field(default_factory=list)
    previous: date | None = None
    next: date | None = None


def availability_month(*, item: Item, year: int, month: int) -> MonthGrid:
    """A month of the object's calendar: each day free, booked (accepted or
    ongoing loan), blacked out by the owner, or past. Two queries."""
    cal = calendar.Calendar(firstweekday=0)
    days = list(cal.itermonthdates(year, month))
    first, last = days[0], days[-1]
    ranges = list(
        Loan.objects.filter(
            item=item, status__in=Loan.HOLDING, starts_on__lte=last, ends_on__gte=first
        )
        .order_by()
        .values_list("starts_on", "ends_on", Value(False))
        .union(
            Blackout.objects.filter(item=item, starts_on__lte=last, ends_on__gte=first)
            .order_by()
            .values_list("starts_on", "ends_on", Value(True)),
            all=True,
        )
    )
    booked = [(s, e) for s, e, blackout in ranges if not blackout]
    blackouts = [(s, e) for s, e, blackout in ranges if blackout]
    today = timezone.localdate()
    unavailable, lent, free = _("unavailable"), _("lent"), _("free")
    grid = MonthGrid(year=year, month=month)
    week = []
    for day in days:
        cell = Day(date=day, in_month=day.month == month)
        if any(s <= day <= e for s, e in blackouts):
            cell.state, cell.label = "blackout", unavailable
        elif any(s <= day <= e for s, e in booked):
            cell.state, cell.label = "booked", lent
        elif day < today:
            cell.state = "past"
        else:
            cell.label = free
        week.append(cell)
        if len(week) == 7:
            grid.weeks.append(week)
            week = []
    first_of_month = date(year, month, 1)
    grid.previous = (first_of_month - timedelta(days=1)).replace(day=1)
    grid.next = (first_of_month + timedelta(days=32)).replace(day=1)
    return grid


def feed_token_owner(*, token: str):
    feed = LoanFeed.objects.select_related("resident").filter(token=token).first()
    if feed is None or not feed.resident.is_active:
        raise Http404(_("No such calendar."))
    return feed.resident


def calendar_loans(*, resident) -> list[Loan]:
    """Loans worth a calendar entry: accepted, ongoing or returned, recent or future."""
    since = timezone.localdate() - timedelta(days=180)
    return list(
        Loan.objects.filter(Q(lender=resident) | Q(borrower=resident))
        .filter(status__in=[S.ACCEPTED, S.ONGOING, S.RETURNED, S.COMPLETED], ends_on__gte=since)
        .select_related("item", "borrower", "lender")
        .order_by("starts_on")
    )

"""Objects neighbours lend, and their loans.

The database itself forbids two accepted or ongoing loans of one object over
overlapping days (an exclusion constraint on a date range, btree_gist), and
two overlapping blackout periods of one object."""

import secrets

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import DateRangeField, RangeOperators
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Func, Q, Value
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from socle.dates import within_ceiling

SEARCH_CONFIG = "public.fr_unaccent"


def item_search_vector():
    """The French text of an object, as stored in `Item.search_vector`."""
    return SearchVector("title", "description", config=SEARCH_CONFIG)


class DateRange(Func):
    """daterange(start, end, '[]'): both days included."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, start, end, bounds="[]"):
        super().__init__(start, end, Value(bounds))


class Category(models.Model):
    """A category of objects; seeded by a migration, edited per commune by ambassadors."""

    name = models.CharField(_("name"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class ItemTag(TaggedItemBase):
    content_object = models.ForeignKey("Item", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("object tag")
        verbose_name_plural = _("object tags")


class Item(models.Model):
    """A lendable object. It belongs to a resident, or to a garden or an
    association (then `created_by` is the resident who handles its loans)."""

    class Condition(models.TextChoices):
        NEW = "new", _("As new")
        GOOD = "good", _("Good condition")
        USED = "used", _("Used, works well")
        WORN = "worn", _("Worn")

    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="items"
    )
    tags = TaggableManager(_("tags"), through=ItemTag, blank=True)
    condition = models.CharField(
        _("condition"), max_length=8, choices=Condition.choices, default=Condition.GOOD
    )
    suggested_deposit = models.DecimalField(
        _("suggested deposit (€)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For information only: Réseau handles no money."),
    )
    max_loan_days = models.PositiveSmallIntegerField(
        _("longest loan (days)"),
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    quartier = models.ForeignKey(
        "voisinages.Quartier",
        verbose_name=_("pickup quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Only the quartier is shown, never an address."),
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objets",
    )
    garden = models.ForeignKey(
        "jardins.Garden",
        verbose_name=_("garden"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objets",
    )
    association = models.ForeignKey(
        "cms.AssociationPage",
        verbose_name=_("association"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="objets",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contact"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_active = models.BooleanField(_("lendable"), default=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Computed by PostgreSQL on every write (bulk inserts included). Stored, not
    # recomputed per query: a search walking the newest objects checks each row
    # against the query instead of parsing and stemming its text (~30 µs a row).
    search_vector = models.GeneratedField(
        expression=item_search_vector(), output_field=SearchVectorField(), db_persist=True
    )

    class Meta:
        verbose_name = _("object")
        verbose_name_plural = _("objects")
        ordering = ["-created_at", "-id"]
        indexes = [
            GinIndex(fields=["search_vector"], name="item_search_idx"),
            models.Index(fields=["-created_at", "-id"], name="item_newest_idx"),
        ]
        constraints = [
            # Exactly one owner: a resident, a garden or an association.
            models.CheckConstraint(
                condition=(
                    Q(owner__isnull=False, garden__isnull=True, association__isnull=True)
                    | Q(owner__isnull=True, garden__isnull=False, association__isnull=True)
                    | Q(owner__isnull=True, garden__isnull=True, association__isnull=False)
                ),
                name="item_exactly_one_owner",
            ),
            models.CheckConstraint(
                condition=Q(max_loan_days__gte=1, max_loan_days__lte=90),
                name="item_max_loan_days_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("item", args=[self.pk])

    @property
    def keeper(self):
        """The resident who answers requests: the owner, or the contact of a
        garden's or an association's object."""
        return self.owner if self.owner_id else self.created_by

    @property
    def owner_label(self) -> str:
        if self.owner_id:
            return self.owner.display_name
        if self.garden_id:
            return self.garden.name
        return self.association.title


def _photo_path(instance, filename):
    return f"objets/{instance.item_id or 'nouveau'}/{secrets.token_hex(8)}.jpg"


def _thumb_path(instance, filename):
    return f"objets/{instance.item_id or 'nouveau'}/{secrets.token_hex(8)}-mini.jpg"


class ItemPhoto(models.Model):
    """A photo of an object, resized to JPEG on upload (at most 5 per object)."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to=_photo_path)
    thumbnail = models.ImageField(upload_to=_thumb_path)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        ordering = ["position", "id"]

    def __str__(self):
        return self.image.name


class Blackout(models.Model):
    """Days the owner keeps the object (holidays, own use): nobody may borrow it."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="blackouts")
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    note = models.CharField(_("note"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("unavailable period")
        verbose_name_plural = _("unavailable periods")
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="blackout_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
            # Days a page can always show back (socle.dates; forms and API are tighter).
            models.CheckConstraint(
                condition=within_ceiling("starts_on", moment=False)
                & within_ceiling("ends_on", moment=False),
                name="blackout_dates_in_range",
            ),
            ExclusionConstraint(
                name="blackout_no_overlap",
                expressions=[
                    ("item", RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
            ),
        ]

    def __str__(self):
        return f"{self.starts_on:%d/%m/%Y} → {self.ends_on:%d/%m/%Y}"


class Loan(models.Model):
    """A request to borrow an object for some days, and what became of it."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")
        ONGOING = "ongoing", _("Ongoing")
        RETURNED = "returned", _("Returned, to be confirmed")
        COMPLETED = "completed", _("Completed")

    # Statuses holding the object's days: they may never overlap.
    HOLDING = (Status.ACCEPTED, Status.ONGOING)

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="loans")
    borrower = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="borrowings",
    )
    lender = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="lendings",
        help_text=_("Who handled the request when it was made."),
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    message = models.TextField(_("message"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.REQUESTED
    )
    decline_reason = models.TextField(_("reason"), blank=True)
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lender_handover_at = models.DateTimeField(null=True, blank=True)
    borrower_handover_at = models.DateTimeField(null=True, blank=True)
    returned_at = models.DateTimeField(null=True, blank=True)
    return_confirmed_at = models.DateTimeField(null=True, blank=True)
    return_note = models.TextField(_("condition on return"), blank=True)
    return_photo = models.ImageField(_("photo on return"), upload_to="objets/retours/", blank=True)
    reminded_start_at = models.DateTimeField(null=True, blank=True)
    reminded_due_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("loan")
        verbose_name_plural = _("loans")
        ordering = ["-starts_on", "-id"]
        indexes = [
            models.Index(fields=["item", "status"], name="loan_item_status_idx"),
            models.Index(fields=["status", "starts_on"], name="loan_status_start_idx"),
            models.Index(fields=["status", "ends_on"], name="loan_status_end_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="loan_ends_after_start",
                violation_error_message=_("The end date must be on or after the start date."),
            ),
            # Days a page can always show back (socle.dates; forms and API are tighter).
            models.CheckConstraint(
                condition=within_ceiling("starts_on", moment=False)
                & within_ceiling("ends_on", moment=False),
                name="loan_dates_in_range",
            ),
            ExclusionConstraint(
                name="loan_no_overlap",
                expressions=[
                    ("item", RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
                condition=Q(status__in=["accepted", "ongoing"]),
            ),
        ]

    def __str__(self):
        return f"{self.item} · {self.starts_on:%d/%m} → {self.ends_on:%d/%m}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("loan", args=[self.pk])

    @property
    def days(self) -> int:
        return (self.ends_on - self.starts_on).days + 1

    def other_party(self, resident):
        return self.borrower if resident.pk == self.lender_id else self.lender


class Review(models.Model):
    """A rating (1–5) and comment one party of a returned loan leaves on the other."""

    loan = models.ForeignKey(Loan, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    subject = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loan_reviews"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(_("comment"), blank=True, max_length=1000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="review_rating_1_to_5"
            ),
            models.UniqueConstraint(fields=["loan", "author"], name="review_once_per_loan"),
        ]

    def __str__(self):
        return f"{self.rating}/5"


def _feed_token() -> str:
    return secrets.token_urlsafe(24)


class LoanFeed(models.Model):
    """The secret token of a resident's private iCal feed of loans."""

    resident = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="loan_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=_feed_token)

    def __str__(self):
        return str(self.resident)

"""Shared gardens: plots, a public waiting list, yearly renewals, a task rota,
harvests, events and a members' thread."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

RESIDENT = settings.AUTH_USER_MODEL


class Garden(models.Model):
    """A shared garden of the commune."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    rules = models.TextField(_("rules"), blank=True, help_text=_("Markdown is allowed."))
    address = models.CharField(_("address"), max_length=200, blank=True)
    latitude = models.FloatField(
        _("latitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.FloatField(
        _("longitude"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    opening_hours = models.TextField(_("opening times"), blank=True)
    plan_columns = models.PositiveSmallIntegerField(
        _("plots per row on the plan"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("garden")
        verbose_name_plural = _("gardens")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("garden", args=[self.pk])


class Membership(models.Model):
    """A resident who belongs to a garden; coordinators run it."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        COORDINATOR = "coordinator", _("Coordinator")

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="memberships")
    resident = models.ForeignKey(
        RESIDENT, on_delete=models.CASCADE, related_name="garden_memberships"
    )
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("garden membership")
        verbose_name_plural = _("garden memberships")
        ordering = ["joined_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["garden", "resident"], name="jardins_one_membership")
        ]

    def __str__(self):
        return f"{self.resident} @ {self.garden}"


class GardenPhoto(models.Model):
    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="photos")
    image = models.ImageField(_("photo"), upload_to="jardins/photos/")
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(RESIDENT, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("garden photo")
        verbose_name_plural = _("garden photos")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.caption or self.image.name


class Plot(models.Model):
    """A numbered plot. An assigned plot has a holder; a reserved one names the
    school or association it is kept for."""

    class Status(models.TextChoices):
        FREE = "free", _("Free")
        ASSIGNED = "assigned", _("Assigned")
        RESERVED = "reserved", _("Reserved for a school or an association")

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="plots")
    number = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    area_m2 = models.DecimalField(
        _("size (m²)"),
        max_digits=7,
        decimal_places=2,
        validators=[MinValueValidator(0.01)],
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.FREE
    )
    # PROTECT: jardins.exports.forget frees the plot before an account goes.
    holder = models.ForeignKey(
        RESIDENT,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="garden_plots",
        verbose_name=_("holder"),
    )
    reserved_for = models.CharField(_("reserved for"), max_length=120, blank=True)
    assigned_at = models.DateTimeField(_("assigned"), null=True, blank=True)

    class Meta:
        verbose_name = _("plot")
        verbose_name_plural = _("plots")
        ordering = ["garden", "number"]
        constraints = [
            models.UniqueConstraint(fields=["garden", "number"], name="jardins_plot_number"),
            models.CheckConstraint(condition=Q(area_m2__gt=0), name="jardins_plot_area_positive"),
            # An assigned plot has a holder, and only an assigned plot has one.
            models.CheckConstraint(
                condition=(Q(status="assigned") & Q(holder__isnull=False))
                | (~Q(status="assigned") & Q(holder__isnull=True)),
                name="jardins_plot_holder_iff_assigned",
            ),
            models.CheckConstraint(
                condition=~Q(status="reserved") | ~Q(reserved_for=""),
                name="jardins_plot_reserved_names_whom",
            ),
            # One plot per resident and garden: a second concurrent assignment fails.
            models.UniqueConstraint(
                fields=["garden", "holder"],
                condition=Q(holder__isnull=False),
                name="jardins_one_plot_per_holder",
            ),
        ]

    def __str__(self):
        return _("Plot %(number)s") % {"number": self.number}


class Application(models.Model):
    """A resident on a garden's waiting list. Order: priority (highest first),
    then first come, first served."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ASSIGNED = "assigned", _("Plot assigned")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="applications")
    applicant = models.ForeignKey(
        RESIDENT, on_delete=models.CASCADE, related_name="garden_applications"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    priority = models.PositiveSmallIntegerField(_("priority"), default=0)
    priority_reason = models.CharField(_("reason for the priority"), max_length=200, blank=True)
    priority_set_by = models.ForeignKey(
        RESIDENT, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    plot = models.ForeignKey(
        Plot, on_delete=models.SET_NULL, null=True, blank=True, related_name="applications"
    )
    created_at = models.DateTimeField(_("applied"), auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        ordering = ["-priority", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["garden", "applicant"],
                condition=Q(status="waiting"),
                name="jardins_one_waiting_application",
            ),
            models.CheckConstraint(
                condition=Q(priority=0) | ~Q(priority_reason=""),
                name="jardins_priority_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.applicant} → {self.garden}"


class RenewalCampaign(models.Model):
    """The yearly renewal: each holder confirms or frees their plot before the deadline."""

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="renewals")
    year = models.PositiveSmallIntegerField(_("year"))
    deadline = models.DateTimeField(_("deadline"))
    started_by = models.ForeignKey(RESIDENT, on_delete=models.SET_NULL, null=True, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("renewal campaign")
        verbose_name_plural = _("renewal campaigns")
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(fields=["garden", "year"], name="jardins_one_renewal_a_year")
        ]

    def __str__(self):
        return f"{self.garden} {self.year}"


class PlotRenewal(models.Model):
    class Answer(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        CONFIRMED = "confirmed", _("Confirmed")
        FREED = "freed", _("Freed by the holder")
        EXPIRED = "expired", _("Not confirmed in time")

    campaign = models.ForeignKey(RenewalCampaign, on_delete=models.CASCADE, related_name="items")
    plot = models.ForeignKey(Plot, on_delete=models.CASCADE, related_name="renewals")
    holder = models.ForeignKey(RESIDENT, on_delete=models.CASCADE, related_name="plot_renewals")
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["plot__number"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "plot"], name="jardins_one_renewal_per_plot"
            )
        ]

    def __str__(self):
        return f"{self.plot} ({self.get_answer_display()})"


class Task(models.Model):
    """A recurring job of the rota (watering, compost…), cut into slots."""

    class Kind(models.TextChoices):
        WATERING = "watering", _("Watering")
        COMPOST = "compost", _("Compost")
        OPENING = "opening", _("Opening the garden")
        CLEANING = "cleaning", _("Cleaning")
        OTHER = "other", _("Other")

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="tasks")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.WATERING)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    every_days = models.PositiveSmallIntegerField(
        _("repeat every (days)"), default=7, validators=[MinValueValidator(1)]
    )
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=60, validators=[MinValueValidator(5)]
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(condition=Q(every_days__gte=1), name="jardins_task_every_days")
        ]

    def __str__(self):
        return self.title


class Slot(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="slots")
    starts_at = models.DateTimeField(_("starts at"))
    assignee = models.ForeignKey(
        RESIDENT, on_delete=models.SET_NULL, null=True, blank=True, related_name="garden_slots"
    )
    reminded_at = models.DateTimeField(null=True, blank=True)
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("slot")
        verbose_name_plural = _("slots")
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["task", "starts_at"], name="jardins_one_slot_per_time")
        ]

    def __str__(self):
        return f"{self.task} {self.starts_at:%Y-%m-%d %H:%M}"


class Swap(models.Model):
    """The holder of a slot asks another member to take it (in exchange for one
    of theirs, optionally); it happens only when that member accepts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    slot = models.ForeignKey(Slot, on_delete=models.CASCADE, related_name="swaps")
    requester = models.ForeignKey(RESIDENT, on_delete=models.CASCADE, related_name="+")
    recipient = models.ForeignKey(RESIDENT, on_delete=models.CASCADE, related_name="+")
    offered_slot = models.ForeignKey(
        Slot, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(requester=F("recipient")), name="jardins_swap_two_people"
            ),
            models.UniqueConstraint(
                fields=["slot"], condition=Q(status="pending"), name="jardins_one_pending_swap"
            ),
        ]

    def __str__(self):
        return f"{self.slot} → {self.recipient}"


class Harvest(models.Model):
    """A surplus a member offers to others."""

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="harvests")
    author = models.ForeignKey(RESIDENT, on_delete=models.CASCADE, related_name="garden_harvests")
    title = models.CharField(_("what"), max_length=120)
    description = models.TextField(_("details"), blank=True)
    available_until = models.DateField(_("available until"), null=True, blank=True)
    post_id = models.PositiveIntegerField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("harvest")
        verbose_name_plural = _("harvests")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title


class GardenEvent(models.Model):
    class Kind(models.TextChoices):
        WORK_DAY = "work_day", _("Work day")
        PLANTING = "planting", _("Planting")
        HARVEST_PARTY = "harvest_party", _("Harvest party")
        OTHER = "other", _("Other")

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices, default=Kind.WORK_DAY)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    created_by = models.ForeignKey(RESIDENT, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("garden event")
        verbose_name_plural = _("garden events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="jardins_event_ends_after_start"
            )
        ]

    def __str__(self):
        return self.title


class GardenMessage(models.Model):
    """The members' thread of a garden. Author null: a former neighbour."""

    garden = models.ForeignKey(Garden, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(RESIDENT, on_delete=models.SET_NULL, null=True, blank=True)
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.body[:60]

from pathlib import Path

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex
from django.core.validators import RegexValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin
from django_tenants.utils import schema_exists

from socle import communes
from tenants.dataset import normalize
from tenants.schema import clone_template

SLUG_RE = r"^[a-z0-9](?:[a-z0-9-]{0,48}[a-z0-9])?$"
INSEE_RE = r"^(?:\d{2}|2[AB])\d{3}$"

slug_validator = RegexValidator(
    SLUG_RE,
    _("Use lowercase ASCII letters, digits and hyphens (not at either end)."),
)
insee_validator = RegexValidator(
    INSEE_RE, _("An INSEE code is two digits (or 2A/2B) followed by three digits.")
)
hex_colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Give a colour as #rrggbb."))


class Commune(TenantMixin):
    """A commune (or neighbourhood) on Réseau: one PostgreSQL schema."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")

    # Defined in socle so that voisinages and the domain apps read them without tenants.
    ModerationMode = communes.ModerationMode
    RegistrationPolicy = communes.RegistrationPolicy

    name = models.CharField(_("name"), max_length=120)
    slug = models.CharField(_("slug"), max_length=50, unique=True, validators=[slug_validator])
    insee_code = models.CharField(
        _("INSEE code"), max_length=5, blank=True, validators=[insee_validator]
    )
    postcodes = models.JSONField(_("postcodes"), default=list, blank=True)
    department = models.CharField(_("department"), max_length=3, blank=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    is_template = models.BooleanField(
        _("template schema"),
        default=False,
        help_text=_("The schema new communes are cloned from; never served."),
    )
    primary_colour = models.CharField(
        _("primary colour"), max_length=7, default="#1f6f5c", validators=[hex_colour_validator]
    )
    secondary_colour = models.CharField(
        _("secondary colour"), max_length=7, default="#f4b942", validators=[hex_colour_validator]
    )
    logo = models.ImageField(_("logo"), upload_to="logo/", blank=True)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)

    # Settings later features read.
    moderation_mode = models.CharField(
        _("moderation mode"),
        max_length=12,
        choices=ModerationMode.choices,
        default=ModerationMode.A_POSTERIORI,
    )
    listing_lifetime_days = models.PositiveSmallIntegerField(
        _("listing lifetime (days)"), default=60
    )
    renewals_allowed = models.PositiveSmallIntegerField(_("renewals allowed"), default=1)
    registration_policy = models.CharField(
        _("registration policy"),
        max_length=12,
        choices=RegistrationPolicy.choices,
        default=RegistrationPolicy.OPEN,
    )
    auto_hide_threshold = models.PositiveSmallIntegerField(
        _("reports before a post is hidden"), default=3
    )
    guest_premoderation = models.BooleanField(
        _("moderate guests' posts before they are published"),
        default=True,
        db_default=True,
        help_text=_("Posts of guests without an account wait for an ambassador's approval."),
    )
    confidential_retention_months = models.PositiveSmallIntegerField(
        _("retention of confidential requests (months)"), default=12
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    auto_create_schema = True
    auto_drop_schema = True

    class Meta:
        verbose_name = _("commune")
        verbose_name_plural = _("communes")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(listing_lifetime_days__gte=1),
                name="commune_listing_lifetime_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self) -> str:
        return communes.commune_url(self)

    def create_schema(self, check_if_exists=False, sync_schema=True, verbosity=1):
        """Clone the template schema (tenants/schema.py: its DDL replayed, with
        its constraint and index names).

        The clone carries the template's `django_migrations` rows, so the
        `migrate_schemas --fake` django-tenants would run next has nothing to do
        (~0.3 s saved); `setup_platform` keeps the template migrated."""
        base = self.get_base_schema()
        if not (sync_schema and base and base != self.schema_name and schema_exists(base)):
            return super().create_schema(check_if_exists, sync_schema, verbosity)
        if check_if_exists and schema_exists(self.schema_name):
            return False
        clone_template(template=base, clone=self.schema_name)
        SchemaState.copy(template=base, clone=self.schema_name)
        return True

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def primary_domain(self) -> str | None:
        domain = self.get_primary_domain()
        return domain.domain if domain else None


class Domain(DomainMixin):
    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")

    def __str__(self):
        return self.domain


class FrenchCommune(models.Model):
    """One commune of the official list (public schema, loaded by `load_communes`):
    the finder searches it, onboarding refuses a code that is not in it."""

    insee_code = models.CharField(_("INSEE code"), max_length=5, primary_key=True)
    name = models.CharField(_("name"), max_length=120)
    # Lowercase, accents and punctuation removed ("l ile saint denis"): the finder
    # matches prefixes of it with an index.
    search_name = models.CharField(max_length=120, db_index=True)
    postcodes = ArrayField(models.CharField(max_length=5), default=list, blank=True)
    department = models.CharField(_("department"), max_length=3)
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)

    class Meta:
        verbose_name = _("French commune")
        verbose_name_plural = _("French communes")
        ordering = ["name"]
        indexes = [
            models.Index(
                fields=["search_name"],
                name="frenchcommune_prefix_idx",
                opclasses=["varchar_pattern_ops"],
            ),
            GinIndex(fields=["postcodes"], name="frenchcommune_postcodes_idx"),
        ]

    def __str__(self):
        return f"{self.name} ({self.department})"


class InterestSignup(models.Model):
    """Someone who wants Réseau in a commune that is not open yet; counted once
    the address is confirmed through the emailed link."""

    french_commune = models.ForeignKey(
        FrenchCommune, on_delete=models.CASCADE, related_name="interests"
    )
    email = models.EmailField(_("email address"))
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    opening_notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("interest in a commune")
        verbose_name_plural = _("interests in communes")
        constraints = [
            models.UniqueConstraint(
                "french_commune", Lower("email"), name="interest_one_per_email"
            ),
        ]

    def __str__(self):
        return f"{self.email} · {self.french_commune_id}"


class OnboardingRequest(models.Model):
    """A municipality asking to open its commune; reviewed by platform staff."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Email not confirmed yet")
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REFUSED = "refused", _("Refused")

    french_commune = models.ForeignKey(
        FrenchCommune,
        verbose_name=_("commune"),
        on_delete=models.PROTECT,
        related_name="onboarding_requests",
    )
    contact_name = models.CharField(_("contact name"), max_length=120)
    contact_email = models.EmailField(_("contact email"))
    role = models.CharField(_("role at the town hall"), max_length=120)
    message = models.TextField(_("message"), blank=True, max_length=4000)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    refusal_reason = models.TextField(_("reason"), blank=True)
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("onboarding request")
        verbose_name_plural = _("onboarding requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="refused") | ~models.Q(refusal_reason=""),
                name="onboarding_refusal_has_reason",
            ),
        ]

    def __str__(self):
        return f"{self.french_commune.name} · {self.contact_name}"


class StaffJob(models.Model):
    """A long task platform staff ask for and a job does: who asked, when,
    pending → running → done or failed, and why it failed."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("In progress")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    IN_PROGRESS = (Status.PENDING, Status.RUNNING)

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def in_progress(self) -> bool:
        return self.status in self.IN_PROGRESS


class CommuneExport(StaffJob):
    """An archive of a commune (schema dump and media) asked by platform staff
    and made by a job (tenants/tasks.py); a commune can only be deleted after
    a done one."""

    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="exports")
    size = models.PositiveBigIntegerField(default=0)

    class Meta(StaffJob.Meta):
        constraints = [
            # One archive at a time per commune: a second click queues nothing.
            models.UniqueConstraint(
                fields=["commune"],
                condition=models.Q(status__in=["pending", "running"]),
                name="one_export_in_progress_per_commune",
            ),
        ]

    def __str__(self):
        return f"{self.commune} · {self.created_at:%Y-%m-%d %H:%M}"


class CommuneRestore(StaffJob):
    """A commune brought back from an archive (tenants/restore.py), asked by
    platform staff and made by a job: pending → running → done or failed."""

    # The archive's file name under RESEAU_EXPORT_ROOT (an export or an upload).
    archive = models.CharField(max_length=200)
    slug = models.CharField(_("slug"), max_length=50, validators=[slug_validator])
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta(StaffJob.Meta):
        constraints = [
            # Two restores into one slug at once: the second is refused.
            models.UniqueConstraint(
                fields=["slug"],
                condition=models.Q(status__in=["pending", "running"]),
                name="one_restore_in_progress_per_slug",
            ),
        ]

    def __str__(self):
        return f"{self.slug} ← {self.archive}"

    @property
    def archive_path(self) -> Path:
        return Path(settings.RESEAU_EXPORT_ROOT) / self.archive


class GuestPost(models.Model):
    """An offer or request of someone without an account (/entraide/proposer/).
    In a commune not open yet it lives here, on that commune's board, moderated
    by platform staff; in an open commune it becomes a post of its feed
    (discussions.services.publish_guest_post) and only the link remains here.
    The email and phone are never shown."""

    class Status(models.TextChoices):
        UNCONFIRMED = "unconfirmed", _("Waiting for the email confirmation")
        PENDING = "pending", _("Waiting for approval")
        PUBLISHED = "published", _("Published")
        HIDDEN = "hidden", _("Hidden")
        CLOSED = "closed", _("Closed")
        DELETED = "deleted", _("Deleted")
        IN_COMMUNE = "in_commune", _("Sent to the commune's feed")

    KINDS = (("offre", _("Offer")), ("demande", _("Request")))
    TITLE_MAX, BODY_MAX = 140, 1000

    french_commune = models.ForeignKey(
        FrenchCommune, on_delete=models.CASCADE, related_name="guest_posts"
    )
    first_name = models.CharField(_("first name"), max_length=60)
    email = models.EmailField(_("email address"))
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=KINDS)
    categories = models.CharField(_("categories"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UNCONFIRMED
    )
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    post_id = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    renewals_used = models.PositiveSmallIntegerField(default=0)
    # Visitors' reports (tenants/services/guests.py hides the post at REPORTS_TO_HIDE).
    reports = models.PositiveSmallIntegerField(default=0, db_default=0)
    # Sent when the commune opened and the post moved into its feed.
    invited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("guest post")
        verbose_name_plural = _("guest posts")
        ordering = ["-id"]
        indexes = [models.Index(fields=["status", "-id"], name="guestpost_status_idx")]

    def __str__(self):
        return self.title


class GuestReply(models.Model):
    """A visitor's answer to a board post, relayed by email to the guest once
    the visitor confirmed their own address (neither side sees the other's
    address before the guest answers)."""

    MESSAGE_MAX = 2000

    guest_post = models.ForeignKey(GuestPost, on_delete=models.CASCADE, related_name="replies")
    sender_email = models.EmailField(_("your email address"))
    message = models.TextField(_("message"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    relayed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("answer to a guest post")
        verbose_name_plural = _("answers to guest posts")

    def __str__(self):
        return f"{self.sender_email} → {self.guest_post_id}"


class PublicListing(models.Model):
    """A commune's offer or request that its author made public, copied,
    denormalised, into the public schema for /entraide/ (tenants/entraide.py).
    Only a job fills it, from posts that are public, published and not
    expired; nothing else of a commune ever leaves its schema."""

    KINDS = (("offre", _("Offer")), ("demande", _("Request")))
    EXCERPT_MAX = 300

    # A post of an open commune (commune, post_id), or a guest post of a
    # commune's board (guest_post): one or the other.
    commune = models.ForeignKey(
        Commune, null=True, blank=True, on_delete=models.CASCADE, related_name="public_listings"
    )
    post_id = models.PositiveIntegerField(null=True, blank=True)
    guest_post = models.OneToOneField(
        GuestPost, null=True, blank=True, on_delete=models.CASCADE, related_name="listing"
    )
    place_name = models.CharField(_("commune"), max_length=120, blank=True)
    department = models.CharField(_("department"), max_length=3, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=KINDS)
    category_names = models.CharField(_("categories"), max_length=300, blank=True)
    title = models.CharField(_("title"), max_length=140)
    excerpt = models.CharField(_("excerpt"), max_length=EXCERPT_MAX, blank=True)
    # A ~1 km cell (two decimals), never the author's position.
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    published_at = models.DateTimeField()
    expires_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)
    # Lowercase words without accents (tenants.dataset.normalize) of the title,
    # excerpt, categories and commune, searched with LIKE through a trigram
    # index; categories alone for the category filter.
    search_text = models.TextField(default="", db_default="", editable=False)
    category_key = models.CharField(max_length=300, default="", db_default="", editable=False)

    class Meta:
        verbose_name = _("public listing")
        verbose_name_plural = _("public listings")
        ordering = ["-published_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["commune", "post_id"], name="publiclisting_post_uniq")
        ]
        indexes = [
            models.Index(fields=["-published_at", "-id"], name="publiclisting_recent_idx"),
            models.Index(
                fields=["department", "-published_at"], name="publiclisting_department_idx"
            ),
            models.Index(fields=["expires_at"], name="publiclisting_expiry_idx"),
            GinIndex(
                fields=["search_text"],
                name="publiclisting_search_trgm",
                opclasses=["gin_trgm_ops"],
            ),
            GinIndex(
                fields=["category_key"],
                name="publiclisting_category_trgm",
                opclasses=["gin_trgm_ops"],
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.search_text, self.category_key = listing_keys(
            title=self.title,
            excerpt=self.excerpt,
            category_names=self.category_names,
            place_name=self.place_name,
        )
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text", "category_key"}
        super().save(*args, **kwargs)


def listing_keys(*, title: str, excerpt: str, category_names: str, place_name: str):
    """The (search_text, category_key) of a listing, as the queries normalise their words."""
    categories = normalize(category_names or "")
    text = " ".join(
        part
        for part in (normalize(title), normalize(excerpt), categories, normalize(place_name))
        if part
    )
    return f" {text} ", f" {categories} "


class SchemaState(models.Model):
    """The migrations a schema holds, as the fingerprint of the code that last
    migrated it (tenants/releases.py): one row per commune, template or pool
    schema, written in the same transaction as that schema's migrations, so a
    release finds the schemas behind in one query on this small table."""

    schema_name = models.CharField(_("schema"), max_length=63, unique=True)
    fingerprint = models.CharField(_("migrations fingerprint"), max_length=64)
    migrated_at = models.DateTimeField(_("migrated"), default=timezone.now)
    # The last failure of a release on this schema (kept until it succeeds).
    error = models.TextField(_("last error"), blank=True)
    failed_at = models.DateTimeField(_("failed"), null=True, blank=True)

    class Meta:
        verbose_name = _("schema state")
        verbose_name_plural = _("schema states")

    def __str__(self):
        return self.schema_name

    @classmethod
    def copy(cls, *, template: str, clone: str) -> None:
        """A clone holds its template's migrations (the rows of its
        django_migrations are copied with it): it starts at the same state."""
        fingerprint = (
            cls.objects.filter(schema_name=template).values_list("fingerprint", flat=True).first()
        )
        if fingerprint is None:  # unknown: the next release checks the clone itself
            cls.objects.filter(schema_name=clone).delete()
            return
        cls.objects.update_or_create(
            schema_name=clone,
            defaults={"fingerprint": fingerprint, "error": "", "failed_at": None},
        )


class PoolSchema(models.Model):
    """A schema cloned ahead of time (tenants/pool.py), renamed into the next
    commune that opens. Never served: it has no Commune row and no domain."""

    schema_name = models.CharField(_("schema"), max_length=63, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("pooled schema")
        verbose_name_plural = _("pooled schemas")
        ordering = ["pk"]

    def __str__(self):
        return self.schema_name

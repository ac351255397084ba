import secrets
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

# A fixed grid of about 200 m: a resident's position is shown as the centre of
# its cell, the same on every request, so it cannot be averaged out.
BLUR_CELL_DEGREES_LAT = 0.0018


class ResidentManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("An email address is required.")
        resident = self.model(email=self.normalize_email(email).lower(), **fields)
        resident.set_password(password)
        resident.save(using=self._db)
        return resident

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields["is_staff"] = True
        fields["is_superuser"] = True
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class Quartier(models.Model):
    """A neighbourhood of the commune; residents belong to one."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    outline = models.JSONField(_("outline (GeoJSON)"), null=True, blank=True)

    class Meta:
        verbose_name = _("quartier")
        verbose_name_plural = _("quartiers")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Resident(AbstractBaseUser, PermissionsMixin):
    """An account of one commune (each schema has its own residents)."""

    email = models.EmailField(_("email address"))
    first_name = models.CharField(_("first name"), max_length=80)
    last_name = models.CharField(_("last name"), max_length=80)
    quartier = models.ForeignKey(
        Quartier,
        verbose_name=_("quartier"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="residents",
    )
    is_active = models.BooleanField(
        _("active"), default=True, help_text=_("Unticked: the account is suspended.")
    )
    is_verified = models.BooleanField(
        _("verified"),
        default=False,
        help_text=_("Verified residents carry a badge and can post; others can only read."),
    )
    approval_pending = models.BooleanField(
        _("waiting for approval"),
        default=False,
        help_text=_("Under the approval policy, an ambassador has not approved this account yet."),
    )
    is_staff = models.BooleanField(
        _("staff"), default=False, help_text=_("Can log into the administration site.")
    )
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)

    # Private: never shown unless the owner chooses (see voisinages privacy).
    latitude = models.FloatField(_("latitude"), null=True, blank=True)
    longitude = models.FloatField(_("longitude"), null=True, blank=True)
    is_voisin_solidaire = models.BooleanField(_("voisin solidaire"), default=False)
    availability = models.CharField(
        _("availability"),
        max_length=200,
        blank=True,
        help_text=_("When and how you can help, e.g. “weekday evenings, no car”."),
    )
    email_confirmed = models.BooleanField(_("email confirmed"), default=False)
    photo = models.ImageField(_("photo"), upload_to="residents/", blank=True)
    bio = models.TextField(_("about me"), max_length=500, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # Contact preferences: shown only to verified residents of the commune.
    show_email = models.BooleanField(
        _("show my email address to verified neighbours"), default=False
    )
    show_phone = models.BooleanField(
        _("show my phone number to verified neighbours"), default=False
    )
    accepts_messages = models.BooleanField(
        _("neighbours can send me private messages"), default=True
    )
    skills = TaggableManager(
        _("skills"), through="SkillTag", related_name="skilled_residents", blank=True
    )
    interests = TaggableManager(
        _("interests"), through="InterestTag", related_name="interested_residents", blank=True
    )

    objects = ResidentManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        ordering = ["first_name", "last_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="resident_email_ci_unique"),
        ]
        permissions = [
            ("manage_members", _("Can manage the commune's members")),
            ("act_as_mediator", _("Can act as a mediator of the town's social services")),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        """ "Prénom N.": the only name other residents see."""
        initial = f" {self.last_name[:1].upper()}." if self.last_name else ""
        return f"{self.first_name}{initial}".strip() or _("Neighbour")

    @property
    def blurred_position(self) -> tuple[float, float] | None:
        """The centre of the ~200 m grid cell holding the resident, or None."""
        if self.latitude is None or self.longitude is None:
            return None
        return blur_position(self.latitude, self.longitude)

    @property
    def can_post(self) -> bool:
        """Only verified, approved, active residents publish; others read."""
        return self.is_active and self.is_verified and not self.approval_pending

    def get_full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    def get_short_name(self):
        return self.first_name


def blur_position(latitude: float, longitude: float) -> tuple[float, float]:
    import math

    lat_cell = BLUR_CELL_DEGREES_LAT
    # Keep cells about square: a degree of longitude shrinks with latitude. The
    # cell width depends on the row only, so every point of a cell blurs alike.
    row = math.floor(latitude / lat_cell)
    centre_lat = (row + 0.5) * lat_cell
    lng_cell = lat_cell / max(math.cos(math.radians(centre_lat)), 0.01)
    column = math.floor(longitude / lng_cell)
    return round(centre_lat, 6), round((column + 0.5) * lng_cell, 6)


def name_or_former(resident: "Resident | None") -> str:
    """How a person is named on the site and in the API: their display name, or
    "Ancien voisin" once their account was deleted (the row keeps a NULL author)."""
    return resident.display_name if resident is not None else str(_("Former neighbour"))


class SkillTag(TaggedItemBase):
    content_object = models.ForeignKey(Resident, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class InterestTag(TaggedItemBase):
    content_object = models.ForeignKey(Resident, on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("interest")
        verbose_name_plural = _("interests")


def _invitation_token() -> str:
    return secrets.token_urlsafe(24)


def _invitation_expiry():
    return timezone.now() + timedelta(days=30)


class Invitation(models.Model):
    """A link that lets someone join the commune, possibly with a role."""

    class Role(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        AMBASSADOR = "ambassador", _("Ambassador")
        MEDIATOR = "mediator", _("Mediator")

    token = models.CharField(max_length=64, unique=True, default=_invitation_token)
    email = models.EmailField(_("email address"), blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.RESIDENT)
    created_by = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="invitations_sent"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_invitation_expiry)
    max_uses = models.PositiveIntegerField(default=1)
    uses = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uses__lte=models.F("max_uses")),
                name="invitation_uses_within_max",
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()} · {self.email or self.token[:8]}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("signup") + f"?invitation={self.token}"

    @property
    def is_usable(self) -> bool:
        return self.uses < self.max_uses and self.expires_at > timezone.now()


class Notification(models.Model):
    """One line of a resident's inbox: the source of truth for every event
    (live delivery and emails only carry it)."""

    recipient = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("kind"), max_length=60)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.CASCADE
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["recipient", "-id"], name="notification_inbox_idx"),
            models.Index(
                fields=["recipient"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """How one kind of notification reaches one resident (absent: the kind's default)."""

    class Delivery(models.TextChoices):
        IN_APP = "app", _("In the app only")
        EMAIL_NOW = "email", _("By email at once")
        DIGEST = "digest", _("In a daily digest email")
        NEVER = "never", _("Never")

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=60)
    delivery = models.CharField(_("delivery"), max_length=6, choices=Delivery.choices)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "kind"], name="notification_preference_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(delivery__in=["app", "email", "digest", "never"]),
                name="notification_preference_delivery_valid",
            ),
        ]

    def __str__(self):
        return f"{self.kind}: {self.delivery}"


class ActionLog(models.Model):
    """The trail of every management and moderation action: who, what, when, why.
    `code` is namespaced: `voisinages.member.suspended`, `discussions.post.hidden`."""

    code = models.CharField(_("action"), max_length=80, db_index=True)
    actor = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    target_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.SET_NULL
    )
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_repr = models.CharField(_("target"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("logged action")
        verbose_name_plural = _("logged actions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.code} · {self.target_repr}"

"""The feed of a commune: posts of several kinds, categories, comments,
reactions, reports, watched words; private conversations between residents."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from socle.dates import within_ceiling
from voisinages.models import Quartier, Resident, name_or_former

TITLE_MAX = 140
BODY_MAX = 10_000
COMMENT_MAX = 4_000
MESSAGE_MAX = 4_000


class Category(models.Model):
    """A category of the commune's list (seeded, editable by ambassadors)."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    position = models.PositiveSmallIntegerField(_("position"), default=100)
    requires_approval = models.BooleanField(
        _("held for approval"),
        default=False,
        help_text=_("Posts in this category wait for an ambassador's approval."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    is_common = models.BooleanField(
        _("shown first"),
        default=False,
        help_text=_("Common categories come first on the new-post form; the others are folded."),
    )

    class Meta:
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name


class TaggedPost(TaggedItemBase):
    content_object = models.ForeignKey("Post", on_delete=models.CASCADE)

    class Meta:
        verbose_name = _("post tag")
        verbose_name_plural = _("post tags")


class Post(models.Model):
    class Kind(models.TextChoices):
        DISCUSSION = "discussion", _("Discussion")
        OFFRE = "offre", _("Offer")
        DEMANDE = "demande", _("Request")
        EVENEMENT = "evenement", _("Event")
        PERDU = "perdu", _("Lost")
        TROUVE = "trouve", _("Found")
        ALERTE = "alerte", _("Alert")
        RECOMMANDATION = "recommandation", _("Recommendation")
        COVOITURAGE = "covoiturage", _("Car sharing")

    class Status(models.TextChoices):
        PUBLISHED = "published", _("Published")
        PENDING = "pending", _("Waiting for approval")
        HIDDEN = "hidden", _("Hidden")
        DELETED = "deleted", _("Deleted")

    ICONS = {
        "discussion": "💬",
        "offre": "🤝",
        "demande": "🙋",
        "evenement": "📅",
        "perdu": "🔍",
        "trouve": "📦",
        "alerte": "⚠️",
        "recommandation": "⭐",
        "covoiturage": "🚗",
    }
    # Offers and requests expire after the commune's listing lifetime.
    LISTING_KINDS = ("offre", "demande")

    author = models.ForeignKey(
        Resident,
        verbose_name=_("author"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="posts",
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.DISCUSSION)
    title = models.CharField(_("title"), max_length=TITLE_MAX)
    body = models.TextField(_("text"), max_length=BODY_MAX, blank=True)
    body_html = models.TextField(editable=False, blank=True)
    photo = models.ImageField(_("photo"), upload_to="posts/", blank=True)
    # The feed card's small rendition of `photo` (discussions/text.py, THUMBNAIL_SIDE).
    photo_thumbnail = models.ImageField(
        upload_to="posts/mini/", blank=True, default="", db_default="", editable=False
    )
    categories = models.ManyToManyField(
        Category, verbose_name=_("categories"), blank=True, related_name="posts"
    )
    tags = TaggableManager(_("tags"), through=TaggedPost, blank=True)
    tag_names = models.CharField(max_length=500, blank=True, editable=False)
    quartier = models.ForeignKey(
        Quartier, null=True, blank=True, on_delete=models.SET_NULL, related_name="posts"
    )
    # The author's blurred position when publishing (never the exact one).
    latitude = models.FloatField(null=True, blank=True, editable=False)
    longitude = models.FloatField(null=True, blank=True, editable=False)
    is_public = models.BooleanField(
        _("visible outside the commune"),
        default=False,
        help_text=_("Shown in the public Atom feed and to visitors who are not logged in."),
    )
    on_behalf = models.BooleanField(
        _("on behalf of someone offline"),
        default=False,
        help_text=_("Posted by a mediator for a person without a smartphone."),
    )
    # A guest's post (/entraide/proposer/ on the platform): no account, a
    # first name shown, an email never shown (answers are relayed).
    is_guest = models.BooleanField(_("posted by a guest"), default=False)
    guest_name = models.CharField(_("guest's first name"), max_length=60, blank=True)
    guest_email = models.EmailField(_("guest's email address"), blank=True)
    # Kind-specific fields.
    event_starts_at = models.DateTimeField(_("date and time"), null=True, blank=True)
    event_place = models.CharField(_("place"), max_length=200, blank=True)
    ride_from = models.CharField(pgettext_lazy("car share", "from"), max_length=120, blank=True)
    ride_to = models.CharField(pgettext_lazy("car share", "to"), max_length=120, blank=True)
    ride_departs_at = models.DateTimeField(_("departure"), null=True, blank=True)
    ride_seats = models.PositiveSmallIntegerField(_("seats"), null=True, blank=True)

    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PUBLISHED
    )
    is_pinned = models.BooleanField(_("pinned"), default=False)
    is_flagged = models.BooleanField(_("flagged by a watched word"), default=False)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    # Counters shown on every card, kept by the services that add or remove
    # comments and reactions (discussions.services.counters): counting them per
    # card was a third of the feed's SQL and of its query building. db_default:
    # rows inserted by SQL (COPY, scripts) start at 0 too.
    comment_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    thanks_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    interested_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    moderation_reason = models.TextField(_("moderation reason"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Set by each edit of its author: shown as "modifié" and part of the post's
    # version (a cache of rendered posts keys on it).
    edited_at = models.DateTimeField(_("edited"), null=True, blank=True, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    renewals_used = models.PositiveSmallIntegerField(default=0)
    expiry_notified_at = models.DateTimeField(null=True, blank=True, editable=False)
    # When its author was asked "C'est réglé ?" after it expired (once per lifetime).
    settle_asked_at = models.DateTimeField(null=True, blank=True, editable=False)
    search_vector = SearchVectorField(null=True, editable=False)
    # A request's life: "C'est réglé" closes it, with who helped (PostHelper).
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True, editable=False)
    closed_outcome = models.CharField(
        _("outcome"),
        max_length=8,
        choices=[
            ("helped", _("Helped by neighbours")),
            ("nobody", _("Nobody from the network")),
            ("none", _("Not closed")),
        ],
        default="none",
        db_default="none",
        editable=False,
    )

    class Meta:
        verbose_name = _("post")
        verbose_name_plural = _("posts")
        ordering = ["-id"]
        indexes = [
            models.Index(
                F("id").desc(),
                name="post_feed_idx",
                condition=Q(status="published"),
            ),
            models.Index(
                F("is_pinned"),
                name="post_pinned_idx",
                condition=Q(is_pinned=True),
            ),
            models.Index(fields=["author", "-id"], name="post_author_idx"),
            models.Index(fields=["kind", "-id"], name="post_kind_idx"),
            models.Index(fields=["expires_at"], name="post_expiry_idx"),
            GinIndex(fields=["search_vector"], name="post_search_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ride_seats__isnull=True) | Q(ride_seats__gte=1),
                name="post_ride_seats_positive",
            ),
            models.CheckConstraint(
                condition=~Q(title=""),
                name="post_title_not_empty",
            ),
            # Dates a page can always show back (socle.dates; forms and API are tighter).
            models.CheckConstraint(
                condition=within_ceiling("event_starts_at", moment=True),
                name="post_event_starts_at_in_range",
            ),
            models.CheckConstraint(
                condition=within_ceiling("ride_departs_at", moment=True),
                name="post_ride_departs_at_in_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("post", args=[self.pk])

    @property
    def icon(self) -> str:
        return self.ICONS.get(self.kind, "💬")

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    @property
    def is_listing(self) -> bool:
        return self.kind in self.LISTING_KINDS

    @property
    def is_expired(self) -> bool:
        return self.expires_at is not None and self.expires_at <= timezone.now()

    @property
    def author_label(self) -> str:
        if self.on_behalf:
            return str(_("Transmis par la mairie"))
        if self.is_guest:
            return str(_("%(name)s (guest)") % {"name": self.guest_name})
        return name_or_former(self.author)

    @property
    def public_author_id(self) -> int | None:
        """The author's id, except on a post made on someone's behalf: the mediator
        who typed it stays unnamed, as on the site."""
        return None if self.on_behalf else self.author_id


class Comment(models.Model):
    """A comment on a post, or a reply to a comment (one level only)."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    author = models.ForeignKey(
        Resident, null=True, blank=True, on_delete=models.SET_NULL, related_name="comments"
    )
    body = models.TextField(_("comment"), max_length=COMMENT_MAX)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    report_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        ordering = ["id"]
        indexes = [models.Index(fields=["post", "id"], name="comment_post_idx")]

    def __str__(self):
        return self.body[:60]

    @property
    def author_label(self) -> str:
        return name_or_former(self.author)


class Reaction(models.Model):
    class Kind(models.TextChoices):
        MERCI = "merci", _("Thanks")
        INTERESSE = "interesse", _("Interested")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reactions")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="reactions")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("reaction")
        verbose_name_plural = _("reactions")
        constraints = [
            models.UniqueConstraint(
                fields=["post", "resident", "kind"], name="reaction_once_per_kind"
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class Report(models.Model):
    """A resident's report of a post, a comment or a review (exactly one)."""

    class Reason(models.TextChoices):
        SPAM = "spam", _("Spam or advertising")
        ABUSE = "abuse", _("Insulting or hateful")
        DANGER = "danger", _("Dangerous or illegal")
        PRIVACY = "privacy", _("Reveals someone's private details")
        OTHER = "other", _("Other")

    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    review = models.ForeignKey(
        "HelpReview", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(
        Resident, null=True, on_delete=models.SET_NULL, related_name="reports_made"
    )
    reason = models.CharField(_("reason"), max_length=10, choices=Reason.choices)
    details = models.CharField(_("details"), max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.CheckConstraint(
                condition=(Q(post__isnull=False) & Q(comment__isnull=True) & Q(review__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=False) & Q(review__isnull=True))
                | (Q(post__isnull=True) & Q(comment__isnull=True) & Q(review__isnull=False)),
                name="report_one_of_three",
            ),
            models.UniqueConstraint(fields=["reporter", "post"], name="report_once_per_post"),
            models.UniqueConstraint(fields=["reporter", "comment"], name="report_once_per_comment"),
            models.UniqueConstraint(fields=["reporter", "review"], name="report_once_per_review"),
        ]

    def __str__(self):
        return self.get_reason_display()


class WatchedWord(models.Model):
    """A word the commune watches in posts and comments."""

    class Action(models.TextChoices):
        BLOCK = "block", _("Block the post")
        HOLD = "hold", _("Hold for approval")
        FLAG = "flag", _("Publish and flag for review")

    word = models.CharField(_("word"), max_length=80, unique=True)
    action = models.CharField(_("action"), max_length=8, choices=Action.choices)

    class Meta:
        verbose_name = _("watched word")
        verbose_name_plural = _("watched words")
        ordering = ["word"]

    def __str__(self):
        return self.word


class Conversation(models.Model):
    """A private conversation between two residents (first.pk < second.pk)."""

    # SET_NULL: the other party keeps the conversation when an account is deleted.
    first = models.ForeignKey(Resident, null=True, on_delete=models.SET_NULL, related_name="+")
    second = models.ForeignKey(Resident, null=True, on_delete=models.SET_NULL, related_name="+")
    post = models.ForeignKey(
        Post, null=True, blank=True, on_delete=models.SET_NULL, related_name="conversations"
    )
    # What it was last reopened about when not a post (an object): its title and link.
    subject_title = models.CharField(max_length=200, blank=True, default="")
    subject_url = models.CharField(max_length=300, blank=True, default="")
    first_read_up_to = models.BigIntegerField(default=0)
    second_read_up_to = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        constraints = [
            models.UniqueConstraint(fields=["first", "second"], name="conversation_pair_unique"),
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="conversation_pair_ordered"
            ),
        ]

    def __str__(self):
        return f"#{self.pk}"

    def get_absolute_url(self):
        return reverse("conversation", args=[self.pk])

    def other(self, resident) -> Resident | None:
        """The other member (None once their account was deleted)."""
        return self.second if resident.pk == self.first_id else self.first


class Message(models.Model):
    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    sender = models.ForeignKey(
        Resident, null=True, on_delete=models.SET_NULL, related_name="messages_sent"
    )
    body = models.TextField(_("message"), max_length=MESSAGE_MAX)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["id"]
        indexes = [models.Index(fields=["conversation", "id"], name="message_conv_idx")]

    def __str__(self):
        return self.body[:60]


class Block(models.Model):
    blocker = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="blocks_made")
    blocked = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        constraints = [
            models.UniqueConstraint(fields=["blocker", "blocked"], name="block_once"),
            models.CheckConstraint(condition=~Q(blocker=F("blocked")), name="block_not_self"),
        ]

    def __str__(self):
        return f"{self.blocker_id} ⊘ {self.blocked_id}"


RATE_MAX = 80
AVAILABILITY_MAX = 160
OFFERED_SERVICES_MAX = 20  # per resident


class OfferedService(models.Model):
    """A service a resident offers (the concierge case): a category of the
    commune, an indicative rate in free form and an availability. Money
    changes hands outside Réseau."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="offered_services"
    )
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    rate = models.CharField(_("indicative rate"), max_length=RATE_MAX)
    availability = models.CharField(_("availability"), max_length=AVAILABILITY_MAX, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offered service")
        verbose_name_plural = _("offered services")
        ordering = ["-id"]
        indexes = [models.Index(fields=["category", "-id"], name="offered_category_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "category"], name="offered_once_per_category"
            ),
            models.CheckConstraint(condition=~Q(rate=""), name="offered_rate_not_empty"),
        ]

    def __str__(self):
        return f"{self.category_id}: {self.rate}"


class SeatRequest(models.Model):
    """A resident asks the driver of a car-sharing post for a seat."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the driver")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="seat_requests")
    passenger = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="seat_requests")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("seat request")
        verbose_name_plural = _("seat requests")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "passenger"], name="seat_request_once"),
        ]

    def __str__(self):
        return f"{self.post_id} ← {self.passenger_id} ({self.status})"


REVIEW_COMMENT_MAX = 1000
HELP_MESSAGE_MAX = 1000


class HelpOffer(models.Model):
    """A resident's "Je peux aider" on a request, listed to its author."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="help_offers")
    helper = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="help_offers")
    message = models.TextField(_("message"), max_length=HELP_MESSAGE_MAX, blank=True)
    conversation = models.ForeignKey(
        Conversation, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("offer of help")
        verbose_name_plural = _("offers of help")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["post", "helper"], name="help_offer_once"),
        ]

    def __str__(self):
        return f"{self.helper_id} → {self.post_id}"


class PostHelper(models.Model):
    """A neighbour the author named when closing a request ("X m'a aidé")."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="helpers")
    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="helped_on")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("helper")
        verbose_name_plural = _("helpers")
        constraints = [
            models.UniqueConstraint(fields=["post", "resident"], name="post_helper_once"),
        ]

    def __str__(self):
        return f"{self.resident_id} ✓ {self.post_id}"


class HelpReview(models.Model):
    """Thanks, an optional rating (1–5) and comment between the author of a
    closed request and a neighbour who helped; answered once by its subject."""

    class Status(models.TextChoices):
        VISIBLE = "visible", _("Visible")
        HIDDEN = "hidden", _("Hidden")

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="reviews")
    author = models.ForeignKey(
        Resident, null=True, on_delete=models.SET_NULL, related_name="help_reviews_given"
    )
    subject = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="help_reviews")
    rating = models.PositiveSmallIntegerField(_("rating"), null=True, blank=True)
    comment = models.TextField(_("comment"), max_length=REVIEW_COMMENT_MAX, blank=True)
    reply = models.TextField(_("reply"), max_length=REVIEW_COMMENT_MAX, blank=True)
    replied_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.VISIBLE)
    report_count = models.PositiveIntegerField(default=0, db_default=0, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    edited_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("help review")
        verbose_name_plural = _("help reviews")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["subject", "-created_at"], name="help_review_subject_idx")]
        constraints = [
            models.UniqueConstraint(fields=["post", "author", "subject"], name="help_review_once"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="help_review_rating_1_to_5",
            ),
            models.CheckConstraint(condition=~Q(author=F("subject")), name="help_review_not_self"),
        ]

    def __str__(self):
        return f"{self.rating or '-'}/5"

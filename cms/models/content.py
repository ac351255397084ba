"""What the commune's editors and residents write: news articles, events,
and the requests sent through the confidential forms."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from socle.dates import EVENTS, NEWS


def _refuse_out_of_window(fields: dict) -> None:
    """Editors' dates go through the same windows as every other form."""
    errors = {name: window.problem(value) for name, (window, value) in fields.items()}
    errors = {name: message for name, message in errors.items() if message}
    if errors:
        raise ValidationError(errors)


class NewsPage(Page):
    """A news article, of the town or of an association."""

    date = models.DateField(_("date"), default=timezone.localdate)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("text"), blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    parent_page_types = ["cms.NewsIndexPage", "cms.AssociationPage"]
    subpage_types: list = []

    def clean(self):
        super().clean()
        _refuse_out_of_window({"date": (NEWS, self.date)})

    class Meta:
        verbose_name = _("news article")
        verbose_name_plural = _("news articles")


class EventPage(Page):
    """An event with its date, place, and an iCal download."""

    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=200)
    address = models.CharField(_("address"), max_length=300, blank=True)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    body = RichTextField(_("text"), blank=True)

    content_panels = [
        *Page.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("starts_at"),
                FieldPanel("ends_at"),
                FieldPanel("place"),
                FieldPanel("address"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    search_fields = [
        *Page.search_fields,
        index.SearchField("place"),
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("starts_at"),
    ]
    parent_page_types = ["cms.EventIndexPage"]
    subpage_types: list = []

    def clean(self):
        super().clean()
        _refuse_out_of_window(
            {"starts_at": (EVENTS, self.starts_at), "ends_at": (EVENTS, self.ends_at)}
        )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__isnull=True)
                | models.Q(ends_at__gte=models.F("starts_at")),
                name="cms_event_ends_after_start",
            )
        ]


class ConfidentialKind(models.TextChoices):
    HELP = "help", _("Request for help")
    VULNERABLE = "vulnerable", _("Isolated or vulnerable person")


class ConfidentialRequest(models.Model):
    """A request sent through a confidential form. Readable by mediators only
    (permission voisinages.act_as_mediator); purged after the commune's
    retention period (`purge_confidential`)."""

    class Status(models.TextChoices):
        NEW = "new", _("New")
        IN_PROGRESS = "in_progress", _("In progress")
        CLOSED = "closed", _("Closed")

    kind = models.CharField(_("kind"), max_length=12, choices=ConfidentialKind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.NEW
    )
    name = models.CharField(_("your name"), max_length=120)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    person = models.TextField(
        _("the person concerned"),
        blank=True,
        help_text=_("Who is it, and where can the social services find them?"),
    )
    message = models.TextField(_("message"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="confidential_requests",
    )
    internal_note = models.TextField(_("internal note"), blank=True)
    created_at = models.DateTimeField(_("received"), default=timezone.now, db_index=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("confidential request")
        verbose_name_plural = _("confidential requests")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(phone="", email=""),
                name="cms_confidential_has_contact",
                violation_error_message=_("Give a phone number or an email address."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("cms:confidential_detail", args=[self.pk])

"""The commune's editorial site (Wagtail pages) and its confidential requests.

The page tree every commune starts with (created in the template schema by the
data migrations, so clones inherit it):

    Accueil (HomePage)
    ├── Actualités (NewsIndexPage) → NewsPage
    ├── Agenda (EventIndexPage) → EventPage
    ├── Associations (AssociationIndexPage) → AssociationPage → NewsPage
    └── Ma ville (MaVillePage) → ConfidentialFormPage ×2
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import blocks
from socle.dates import EVENTS, NEWS


class HomePage(Page):
    """The commune's home page: its welcome text, then what happens nearby."""

    intro = RichTextField(_("welcome text"), blank=True)
    body = StreamField(blocks.HOME_BLOCKS, blank=True, verbose_name=_("blocks"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "cms.NewsIndexPage",
        "cms.EventIndexPage",
        "cms.AssociationIndexPage",
        "cms.MaVillePage",
    ]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import can_print

        context = super().get_context(request, *args, **kwargs)
        context["can_print"] = can_print(request.user)
        return context

    class Meta:
        verbose_name = _("home page")


class NewsIndexPage(Page):
    """The commune's news, newest first."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.NewsPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import news_under

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = news_under(page=self)
        return context

    class Meta:
        verbose_name = _("news index")


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


class EventIndexPage(Page):
    """The commune's events: upcoming first, past ones after."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.EventPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import events_under

        context = super().get_context(request, *args, **kwargs)
        context["upcoming"], context["past"] = events_under(page=self)
        return context

    class Meta:
        verbose_name = _("events index")


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


class AssociationIndexPage(Page):
    """The directory of the commune's associations."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.AssociationPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["associations"] = AssociationPage.objects.child_of(self).live().order_by("title")
        return context

    class Meta:
        verbose_name = _("associations directory")


class AssociationPage(Page):
    """A local association: description, contact, activities, its own news.

    Its members may edit this page only: `editors` is the Wagtail group holding
    page permissions on it (see cms.services.add_association_member)."""

    description = RichTextField(_("description"), blank=True)
    contact_name = models.CharField(_("contact person"), max_length=120, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    activities = StreamField(blocks.ACTIVITY_BLOCKS, blank=True, verbose_name=_("activities"))
    editors = models.OneToOneField(
        "auth.Group",
        verbose_name=_("editors"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="association",
        editable=False,
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("website"),
            ],
            heading=_("Contact"),
        ),
        FieldPanel("activities"),
    ]
    search_fields = [*Page.search_fields, index.SearchField("description")]
    parent_page_types = ["cms.AssociationIndexPage"]
    subpage_types = ["cms.NewsPage"]

    def get_context(self, request, *args, **kwargs):
        from cms.selectors import news_under

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = news_under(page=self)[:10]
        return context

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")


class MaVillePage(Page):
    """Municipal information: services, contacts, opening hours."""

    intro = RichTextField(_("introduction"), blank=True)
    body = StreamField(blocks.MA_VILLE_BLOCKS, blank=True, verbose_name=_("blocks"))

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["cms.HomePage"]
    subpage_types = ["cms.ConfidentialFormPage"]
    max_count_per_parent = 1

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["forms"] = ConfidentialFormPage.objects.child_of(self).live()
        return context

    class Meta:
        verbose_name = _("“Ma ville” page")


class ConfidentialKind(models.TextChoices):
    HELP = "help", _("Request for help")
    VULNERABLE = "vulnerable", _("Isolated or vulnerable person")


class ConfidentialFormPage(Page):
    """A confidential form of the town's social services (CCAS). What is sent
    is stored as a ConfidentialRequest that only mediators can read."""

    kind = models.CharField(_("kind"), max_length=12, choices=ConfidentialKind.choices)
    intro = RichTextField(_("introduction"), blank=True)
    thanks = RichTextField(_("message after sending"), blank=True)

    content_panels = [
        *Page.content_panels,
        FieldPanel("kind"),
        FieldPanel("intro"),
        FieldPanel("thanks"),
    ]
    parent_page_types = ["cms.MaVillePage"]
    subpage_types: list = []

    def serve(self, request, *args, **kwargs):
        from cms.views import confidential_form

        return confidential_form(request, page=self)

    class Meta:
        verbose_name = _("confidential form")


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
        from django.urls import reverse

        return reverse("cms:confidential_detail", args=[self.pk])

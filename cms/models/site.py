"""The commune's site pages: the home page, the index pages, the associations
and "Ma ville" with its confidential forms. Their listings are read by
cms.listings; the articles, events and confidential requests are in
cms/models/content.py."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from cms import blocks
from cms.listings import agenda_under, can_print, news_under
from cms.models.content import ConfidentialKind


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
        context = super().get_context(request, *args, **kwargs)
        context["can_print"] = can_print(request.user)
        return context

    class Meta:
        verbose_name = _("home page")


class _IndexPage(Page):
    """A page right under the home page, once per site, with an introduction
    and what it lists (`listing`: the template's context)."""

    intro = RichTextField(_("introduction"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["cms.HomePage"]
    max_count_per_parent = 1

    def listing(self) -> dict:
        return {}

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context.update(self.listing())
        return context

    class Meta:
        abstract = True


class NewsIndexPage(_IndexPage):
    """The commune's news, newest first."""

    subpage_types = ["cms.NewsPage"]

    def listing(self) -> dict:
        return {"articles": news_under(page=self)}

    class Meta:
        verbose_name = _("news index")


class EventIndexPage(_IndexPage):
    """The commune's events: upcoming first, past ones after."""

    subpage_types = ["cms.EventPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        upcoming, past = agenda_under(page=self, viewer=request.user)
        context.update(upcoming=upcoming, past=past)
        return context

    class Meta:
        verbose_name = _("events index")


class AssociationIndexPage(_IndexPage):
    """The directory of the commune's associations."""

    subpage_types = ["cms.AssociationPage"]

    def listing(self) -> dict:
        return {"associations": AssociationPage.objects.child_of(self).live().order_by("title")}

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
        context = super().get_context(request, *args, **kwargs)
        context["articles"] = news_under(page=self)[:10]
        return context

    class Meta:
        verbose_name = _("association")
        verbose_name_plural = _("associations")


class MaVillePage(_IndexPage):
    """Municipal information: services, contacts, opening hours."""

    body = StreamField(blocks.MA_VILLE_BLOCKS, blank=True, verbose_name=_("blocks"))

    content_panels = [*_IndexPage.content_panels, FieldPanel("body")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    subpage_types = ["cms.ConfidentialFormPage"]

    def listing(self) -> dict:
        return {"forms": ConfidentialFormPage.objects.child_of(self).live()}

    class Meta:
        verbose_name = _("“Ma ville” page")


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

    class Meta:
        verbose_name = _("confidential form")

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class HomePage(Page):
    """The commune's home page: its welcome text, then what happens nearby."""

    intro = RichTextField(_("welcome text"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")


class MaVillePage(Page):
    """Municipal information: services, contacts, opening hours."""

    body = RichTextField(_("body"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("body")]
    parent_page_types = ["cms.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("“Ma ville” page")


class AssociationPage(Page):
    """A local association: description, contact, activities, its own news."""

    description = RichTextField(_("description"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("description")]

    class Meta:
        verbose_name = _("association")

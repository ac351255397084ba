"""StreamField blocks of the commune's pages (home page, "Ma ville", associations).

Blocks that list things (news, events, posts of the feed) call selectors in
`get_context`: the page only says how many to show."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from cms.listings import latest_news, newest_posts, upcoming_events


def _how_many(default: int) -> blocks.IntegerBlock:
    return blocks.IntegerBlock(label=_("how many"), default=default, min_value=1, max_value=12)


class _ListingBlock(blocks.StructBlock):
    """A titled list of the newest things: the page says how many, `read`
    (a function of cms.listings) says which, for the person viewing."""

    read = None

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        request = (parent_context or {}).get("request")
        context["items"] = self.read(viewer=getattr(request, "user", None), limit=value["count"])
        return context


class LatestNewsBlock(_ListingBlock):
    title = blocks.CharBlock(label=_("title"), default=_("Latest news"))
    count = _how_many(3)

    def read(self, *, viewer, limit):
        return latest_news(limit=limit)

    class Meta:
        icon = "doc-full"
        label = _("Latest news")
        template = "cms/blocks/latest_news.html"


class UpcomingEventsBlock(_ListingBlock):
    title = blocks.CharBlock(label=_("title"), default=_("Upcoming events"))
    count = _how_many(3)

    def read(self, *, viewer, limit):
        return upcoming_events(limit=limit)

    class Meta:
        icon = "date"
        label = _("Upcoming events")
        template = "cms/blocks/upcoming_events.html"


class NewestPostsBlock(_ListingBlock):
    """The newest posts of the feed: visitors see the public ones only."""

    title = blocks.CharBlock(label=_("title"), default=_("Newest on the feed"))
    count = _how_many(5)

    def read(self, *, viewer, limit):
        return newest_posts(viewer=viewer, limit=limit)

    class Meta:
        icon = "openquote"
        label = _("Newest posts of the feed")
        template = "cms/blocks/newest_posts.html"


class JoinCallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("title"), default=_("Join your neighbours"))
    text = blocks.TextBlock(label=_("text"), required=False)
    button = blocks.CharBlock(label=_("button label"), default=_("Join"))

    class Meta:
        icon = "group"
        label = _("“Join your neighbours” call to action")
        template = "cms/blocks/join.html"


class ServiceBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("service"))
    description = blocks.RichTextBlock(
        label=_("description"), required=False, features=["bold", "italic", "link", "ul"]
    )

    class Meta:
        icon = "list-ul"
        label = _("Municipal service")
        template = "cms/blocks/service.html"


class ContactBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("name"))
    phone = blocks.CharBlock(label=_("phone"), required=False)
    email = blocks.EmailBlock(label=_("email"), required=False)
    address = blocks.TextBlock(label=_("address"), required=False)

    class Meta:
        icon = "user"
        label = _("Contact")
        template = "cms/blocks/contact.html"


class OpeningSlotBlock(blocks.StructBlock):
    days = blocks.CharBlock(label=_("days"), help_text=_("For example: Monday to Friday"))
    hours = blocks.CharBlock(label=_("hours"), help_text=_("For example: 8:30–12:00, 13:30–17:30"))


class OpeningHoursBlock(blocks.StructBlock):
    place = blocks.CharBlock(label=_("place"))
    slots = blocks.ListBlock(OpeningSlotBlock(), label=_("opening hours"))

    class Meta:
        icon = "time"
        label = _("Opening hours")
        template = "cms/blocks/opening_hours.html"


class ActivityBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("activity"))
    schedule = blocks.CharBlock(label=_("when"), required=False)
    place = blocks.CharBlock(label=_("where"), required=False)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "pick"
        label = _("Activity")
        template = "cms/blocks/activity.html"


def text_block():
    return blocks.RichTextBlock(
        label=_("text"), features=["h2", "h3", "bold", "italic", "link", "ol", "ul"]
    )


HOME_BLOCKS = [
    ("text", text_block()),
    ("latest_news", LatestNewsBlock()),
    ("upcoming_events", UpcomingEventsBlock()),
    ("newest_posts", NewestPostsBlock()),
    ("join", JoinCallToActionBlock()),
]

MA_VILLE_BLOCKS = [
    ("text", text_block()),
    ("service", ServiceBlock()),
    ("contact", ContactBlock()),
    ("opening_hours", OpeningHoursBlock()),
]

ACTIVITY_BLOCKS = [("activity", ActivityBlock())]

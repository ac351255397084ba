from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscussionsConfig(AppConfig):
    name = "discussions"
    verbose_name = _("Feed")

    def ready(self):
        from voisinages.notifications import DIGEST, EMAIL_NOW, IN_APP, register_kind

        register_kind("discussions.alert.published", _("An alert in your commune"), EMAIL_NOW)
        register_kind("discussions.request.matched", _("A request matches your skills"), EMAIL_NOW)
        register_kind("discussions.comment.created", _("A comment on your post"), DIGEST)
        register_kind("discussions.listing.expiring", _("Your offer or request expires soon"),
                      EMAIL_NOW)  # fmt: skip
        register_kind("discussions.post.moderated", _("A moderator acted on your post"), EMAIL_NOW)
        register_kind("discussions.message.received", _("A private message"), IN_APP)

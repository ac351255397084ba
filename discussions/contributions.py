"""What the feed brings to the platform (see socle/registry.py)."""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from discussions import dashboard, demo, exports, selectors
from discussions import reputation as help_reputation
from socle import live, registry
from socle.registry import DIGEST, EMAIL_NOW, IN_APP
from voisinages import reputation

registry.notification_kind("discussions.alert.published", _("An alert in your commune"), EMAIL_NOW)
registry.notification_kind(
    "discussions.request.matched", _("A request matches your skills"), EMAIL_NOW
)
registry.notification_kind("discussions.comment.created", _("A comment on your post"), DIGEST)
registry.notification_kind(
    "discussions.listing.expiring", _("Your offer or request expires soon"), EMAIL_NOW
)
registry.notification_kind(
    "discussions.listing.settle", _("Your offer or request has expired: is it settled?"), EMAIL_NOW
)
registry.notification_kind(
    "discussions.post.moderated", _("A moderator acted on your post"), EMAIL_NOW
)
registry.notification_kind("discussions.message.received", _("A private message"), IN_APP)
registry.notification_kind(
    "discussions.seat.requested", _("A neighbour asks for a seat on your ride"), EMAIL_NOW
)
registry.notification_kind(
    "discussions.seat.answered", _("The driver answered your seat request"), EMAIL_NOW
)
registry.notification_kind(
    "discussions.moderation.needed", _("A post or a comment needs a moderator"), EMAIL_NOW
)
registry.notification_kind(
    "discussions.help.offered", _("A neighbour can help with your request"), EMAIL_NOW
)
registry.notification_kind(
    "discussions.help.thanked", _("A neighbour thanks you for your help"), EMAIL_NOW
)
registry.notification_kind("discussions.review.received", _("A review of your help"), DIGEST)

registry.data_rights("discussions", export=exports.export_for, forget=exports.forget)
registry.demo_data("discussions", demo.seed)

registry.dashboard_figure("posts", title=_("New posts"), compute=dashboard.new_posts)
registry.dashboard_figure(
    "answered", title=_("Answered requests"), compute=dashboard.answered_requests
)
registry.dashboard_figure("reports", title=_("Reports handled"), compute=dashboard.reports_handled)


def can_follow_post(*, viewer, object_id: int) -> bool:
    """Whether the resident may read this post, hence follow its new comments live."""
    try:
        selectors.get_post_for(viewer=viewer, post_id=object_id)
    except (Http404, PermissionDenied, ObjectDoesNotExist):
        return False
    return True


def can_follow_conversation(*, viewer, object_id: int) -> bool:
    """Whether the resident belongs to this conversation."""
    try:
        selectors.get_conversation_for(viewer=viewer, conversation_id=object_id)
    except (Http404, PermissionDenied, ObjectDoesNotExist):
        return False
    return True


registry.live_subscription("post", group=live.post_group, allowed=can_follow_post)
registry.live_subscription(
    "conversation", group=live.conversation_group, allowed=can_follow_conversation
)
reputation.source(
    "discussions",
    figure=help_reputation.helped_figure,
    totals=help_reputation.help_totals,
    reviews=help_reputation.help_reviews,
    line=help_reputation.help_line,
)

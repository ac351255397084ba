"""Helpers shared by the services: who publishes without moderation, the live
count of the moderation queue."""

from django.db import connection
from django.urls import reverse

from discussions.selectors import moderation_count
from socle import live, registry
from voisinages import roles
from voisinages.models import Resident
from voisinages.notifications import notify

MODERATORS_NOTIFIED_MAX = 50


def is_staff_of_commune(resident) -> bool:
    """Ambassadors and mediators (the town) publish without a priori moderation."""
    return roles.has_role(resident, roles.AMBASSADOR) or roles.has_role(resident, roles.MEDIATOR)


def publish_moderation_count() -> None:
    count = moderation_count()
    live.publish_on_commit(live.moderation_group, {"type": "moderation.count", "count": count})


def notify_moderators(*, title: str, body: str = "", actor=None, target=None) -> None:
    """Tell the commune's ambassadors that something waits in the moderation
    queue (inbox, live, and email as each one chose for this kind)."""
    moderators = Resident.objects.filter(groups__name=roles.AMBASSADOR, is_active=True).distinct()[
        :MODERATORS_NOTIFIED_MAX
    ]
    notify(
        recipients=moderators,
        kind="discussions.moderation.needed",
        title=title,
        body=body[:300],
        url=reverse("moderation", urlconf="reseau.urls_tenant"),
        actor=actor,
        target=target,
    )


def post_visibility_changed(post, *, was_public: bool = False) -> None:
    """Tell the upper apps (the platform's public index) that what visitors
    may see of `post` may have changed; only public posts (now or before)
    concern them. The hooks defer jobs, in this transaction."""
    if not (post.is_public or was_public):
        return
    for hook in registry.post_visibility_hooks():
        hook(schema=connection.schema_name, post_ids=[post.pk])

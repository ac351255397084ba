"""Helpers shared by the services: who publishes without moderation, the live
count of the moderation queue."""

from django.db import connection

from discussions.selectors import moderation_count
from socle import live, registry
from voisinages import roles


def is_staff_of_commune(resident) -> bool:
    """Ambassadors and mediators (the town) publish without a priori moderation."""
    return roles.has_role(resident, roles.AMBASSADOR) or roles.has_role(resident, roles.MEDIATOR)


def publish_moderation_count() -> None:
    count = moderation_count()
    live.publish_on_commit(live.moderation_group, {"type": "moderation.count", "count": count})


def post_visibility_changed(post, *, was_public: bool = False) -> None:
    """Tell the upper apps (the platform's public index) that what visitors
    may see of `post` may have changed; only public posts (now or before)
    concern them. The hooks defer jobs, in this transaction."""
    if not (post.is_public or was_public):
        return
    for hook in registry.post_visibility_hooks():
        hook(schema=connection.schema_name, post_ids=[post.pk])

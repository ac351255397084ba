"""Helpers shared by the services: who publishes without moderation, the live
count of the moderation queue."""

from discussions.selectors import moderation_count
from socle import live
from voisinages import roles


def is_staff_of_commune(resident) -> bool:
    """Ambassadors and mediators (the town) publish without a priori moderation."""
    return roles.has_role(resident, roles.AMBASSADOR) or roles.has_role(resident, roles.MEDIATOR)


def publish_moderation_count() -> None:
    count = moderation_count()
    live.publish_on_commit(live.moderation_group, {"type": "moderation.count", "count": count})

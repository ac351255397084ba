"""Helpers shared by the services: the active commune, live events after commit."""

from django.db import connection, transaction

from reseau import live
from tenants.models import Commune
from tenants.selectors import current_commune_id
from voisinages import roles


def current_commune() -> Commune:
    """The commune whose schema is active (a request's tenant or a schema_context)."""
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Commune) and tenant.pk:
        return tenant
    return Commune.objects.get(schema_name=connection.schema_name)


def is_staff_of_commune(resident) -> bool:
    """Ambassadors and mediators (the town) publish without a priori moderation."""
    return roles.has_role(resident, roles.AMBASSADOR) or roles.has_role(resident, roles.MEDIATOR)


def publish_after_commit(group_of, event: dict) -> None:
    """Send a live event to `group_of(commune_id)` once the transaction commits."""
    commune_id = current_commune_id()
    group = group_of(commune_id)
    transaction.on_commit(lambda: live.publish(group, event))


def publish_moderation_count() -> None:
    from discussions.selectors import moderation_count

    count = moderation_count()
    publish_after_commit(live.moderation_group, {"type": "moderation.count", "count": count})

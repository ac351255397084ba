"""`notify`, the one way any app tells residents something happened.

Apps declare their kinds in their `contributions.py` (see socle/registry.py):

    registry.notification_kind("objets.loan.requested", _("A neighbour asks to borrow your object"))

`notify(...)` stores the inbox rows in the caller's transaction (so a change and
its notifications commit or roll back together) and hands their primary keys
to the registered hooks, in that transaction: live delivery (websockets, once
committed) and the job that emails them (reseau/tasks.py).
"""

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import connection

from socle import registry
from socle.communes import current_commune_id
from socle.registry import DIGEST, EMAIL_NOW, IN_APP, NEVER, Kind
from voisinages.models import Notification, NotificationPreference, Resident

__all__ = ["DIGEST", "EMAIL_NOW", "IN_APP", "KINDS", "NEVER", "Kind", "notify"]

# Every registered kind, by code (a read-only view of the registry).
KINDS = registry.kinds()


def notify(
    *,
    recipients: Iterable[Resident],
    kind: str,
    title: str,
    body: str = "",
    url: str = "",
    actor: Resident | None = None,
    target=None,
) -> list[Notification]:
    """Store one inbox row per recipient (the actor excluded); the hooks
    deliver them live after commit and queue their emails."""
    if kind not in KINDS:
        raise ValueError(f"Unknown notification kind {kind!r}: register it first.")
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    recipients = list(recipients)
    # Residents who chose "never" for this kind get no inbox row at all.
    seen = set(
        NotificationPreference.objects.filter(
            kind=kind, delivery=NEVER, resident_id__in=[r.pk for r in recipients]
        ).values_list("resident_id", flat=True)
    )
    rows = []
    for recipient in recipients:
        if recipient.pk in seen or (actor is not None and recipient.pk == actor.pk):
            continue
        seen.add(recipient.pk)
        rows.append(
            Notification(
                recipient=recipient,
                kind=kind,
                title=title[:200],
                body=body,
                url=url,
                actor=actor,
                target_type=target_type,
                target_id=target.pk if target is not None else None,
            )
        )
    created = Notification.objects.bulk_create(rows)
    ids = [n.pk for n in created]
    if ids:
        schema, commune_id = connection.schema_name, current_commune_id()
        for hook in registry.notification_hooks():
            hook(schema, commune_id, ids)
    return created

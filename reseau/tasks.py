"""The project's jobs (socle/jobs.py): notification emails and daily digests."""

from importlib import import_module

from django.conf import settings

from reseau import emails
from socle import jobs
from socle.communes import current_commune, served_communes

# One job emails at most this many notifications; a notification of 5,000
# recipients is 100 jobs that workers share, in decreasing priority.
EMAIL_BATCH = 50


@jobs.commune_task(queue=jobs.NOTIFICATIONS)
def send_notification_emails(*, ids: list[int]) -> int:
    return emails.send_immediate_emails(ids)


def queue_notification_emails(schema: str, commune_id: int, ids: list[int]) -> None:
    """The notification hook: the emails leave from a worker, never from the
    request; the jobs commit (or roll back) with the notifications."""
    for priority, batch in jobs.batches(ids, EMAIL_BATCH):
        send_notification_emails.defer_in(schema, priority=priority, ids=batch)


@jobs.commune_task(queue=jobs.PERIODIC)
def send_digest() -> int:
    return emails.send_digests_for(current_commune())


def _open_communes() -> list[str]:
    Commune = served_communes().model
    return list(
        served_communes()
        .filter(status=Commune.Status.ACTIVE)
        .order_by("pk")
        .values_list("schema_name", flat=True)
    )


jobs.in_every_commune(
    send_digest, cron=settings.RESEAU_SCHEDULE["digests"], communes=_open_communes
)


@jobs.commune_task(queue=jobs.PERIODIC)
def clear_sessions() -> None:
    """Expired sessions of the commune (Django's `clearsessions`, per schema)."""
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


def _with_platform() -> list[str]:
    return ["public", *jobs.served_schemas()]


jobs.in_every_commune(
    clear_sessions, cron=settings.RESEAU_SCHEDULE["clear_sessions"], communes=_with_platform
)

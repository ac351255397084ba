"""The project's jobs (socle/jobs.py): notification emails and daily digests."""

from importlib import import_module

from django.conf import settings
from procrastinate.contrib.django import app

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


# A worker killed in the middle of a job (OOM, kill -9, a machine lost) leaves
# it "doing" forever: once that worker has sent no heartbeat for this long, its
# jobs are queued again (every job here is idempotent: emails are claimed by
# Notification.emailed_at, docs/ARCHITECTURE.md "Jobs").
STALLED_AFTER_SECONDS = 60


@app.periodic(cron=settings.RESEAU_SCHEDULE["retry_stalled_jobs"])
@app.task(queue=jobs.PERIODIC, name="reseau.tasks.retry_stalled_jobs", pass_context=False)
async def retry_stalled_jobs(timestamp: int) -> int:
    stalled = await app.job_manager.get_stalled_jobs(seconds_since_heartbeat=STALLED_AFTER_SECONDS)
    for job in stalled:
        await app.job_manager.retry_job(job)
    return len(stalled)

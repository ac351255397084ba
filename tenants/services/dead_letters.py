"""Failed jobs (the dead letters of socle/jobs.py), retried by platform staff."""

from django.db import connection, transaction
from django.http import Http404
from procrastinate.contrib.django import app

from tenants.selectors_platform import require_platform_staff
from voisinages.logs import log_action


@transaction.atomic
def retry_failed_job(*, staff, job_id: int) -> None:
    """Put a failed job back in its queue, due now; the platform's action log
    records who did it. Http404 for an unknown job or one that is not failed."""
    require_platform_staff(staff)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name FROM public.procrastinate_jobs"
            " WHERE id = %s AND status = 'failed' FOR UPDATE",
            [job_id],
        )
        row = cursor.fetchone()
    if row is None:
        raise Http404
    # No date: due at once, like a job just deferred (a date from Python may
    # lie after the database's now(), the start of its transaction).
    app.job_manager.retry_job_by_id(job_id, retry_at=None)  # type: ignore[arg-type]
    log_action(
        code="tenants.job.retried",
        actor=staff,
        data={"job": job_id, "task": row[0], "staff": staff.email},
    )

"""A worker killed in the middle of a job: once its heartbeat is old, the
periodic `retry_stalled_jobs` queues the job again; a job whose worker is alive
is left alone."""

import pytest
from asgiref.sync import async_to_sync
from django.db import connection
from procrastinate.contrib.django import app

from reseau.tasks import STALLED_AFTER_SECONDS, retry_stalled_jobs, send_digest

pytestmark = pytest.mark.django_db


def _running(job_id: int, heartbeat_age_s: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat)"
            " VALUES (now() - make_interval(secs => %s)) RETURNING id",
            [heartbeat_age_s],
        )
        worker_id = cursor.fetchone()[0]
        cursor.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s WHERE id = %s",
            [worker_id, job_id],
        )


def _status(job_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT status FROM procrastinate_jobs WHERE id = %s", [job_id])
        return cursor.fetchone()[0]


def test_the_job_of_a_dead_worker_is_queued_again_and_a_live_ones_is_not(commune, other_commune):
    dead = send_digest.defer_in(commune.schema_name)
    alive = send_digest.defer_in(other_commune.schema_name)
    _running(dead, heartbeat_age_s=STALLED_AFTER_SECONDS + 30)
    _running(alive, heartbeat_age_s=1)

    assert async_to_sync(retry_stalled_jobs.func)(timestamp=0) == 1
    assert _status(dead) == "todo"
    assert _status(alive) == "doing"


def test_retrying_stalled_jobs_is_scheduled():
    names = {p.task.name for p in app.periodic_registry.periodic_tasks.values()}
    assert "reseau.tasks.retry_stalled_jobs" in names

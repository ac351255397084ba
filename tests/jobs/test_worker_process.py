"""A real worker process (`manage.py procrastinate worker`, as `make run` and
the systemd unit start it) takes a committed alert: its fan-out job stores the
inbox rows and defers the email batches in its own transaction, and every
email reaches a real SMTP server; the jobs are then gone from the queue.

The alert's EMAIL_BATCH + 10 recipients make two batches deferred by a job:
run by the worker's own connector they would be committed before the rows
they send, and emails would be lost (socle/jobs.py, `in_transaction`)."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection
from django_tenants.utils import schema_context

from discussions.services import publish_post
from reseau.tasks import EMAIL_BATCH
from tests import factories
from tests.live.servers import ROOT
from tests.smtp_sink import SmtpSink
from voisinages import roles
from voisinages.models import Notification


def _jobs_after(first_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, status FROM public.procrastinate_jobs"
            " WHERE id > %s AND queue_name = 'notifications' ORDER BY id",
            [first_id],
        )
        return cursor.fetchall()


def _last_job_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM public.procrastinate_jobs")
        return cursor.fetchone()[0]


def test_a_worker_process_fans_an_alert_out_and_sends_every_email(
    scratch_commune, django_db_blocker
):
    sink = SmtpSink().start()
    worker = None
    log = tempfile.NamedTemporaryFile(prefix="worker-", suffix=".log")  # noqa: SIM115
    with django_db_blocker.unblock():
        first_id = _last_job_id()
        try:
            anne = factories.make_resident(
                scratch_commune, email="anne@scratch.example", roles=(roles.AMBASSADOR,)
            )
            neighbours = [
                factories.make_resident(scratch_commune, email=f"v{n}@scratch.example")
                for n in range(EMAIL_BATCH + 10)
            ]
            with schema_context(scratch_commune.schema_name):
                publish_post(author=anne, kind="alerte", title="Réunion ce soir", body="")
            assert _jobs_after(first_id) == [("discussions.alerts.announce_alert", "todo")]
            worker = subprocess.Popen(  # noqa: S603
                [sys.executable, "manage.py", "procrastinate", "worker"],
                cwd=ROOT,
                env={
                    **os.environ,
                    "DJANGO_SETTINGS_MODULE": "tests.jobs.worker_settings",
                    "RESEAU_TEST_DB_NAME": connection.settings_dict["NAME"],
                    "RESEAU_TEST_SMTP_PORT": str(sink.port),
                },
                stdout=log,
                stderr=subprocess.STDOUT,
            )
            deadline = time.monotonic() + 60
            while (
                (sink.count() < len(neighbours) or _jobs_after(first_id))
                and time.monotonic() < deadline
                and worker.poll() is None
            ):
                time.sleep(0.2)
            received = sorted(m["to"][0] for m in sink.received)
            assert received == sorted(n.email for n in neighbours), Path(log.name).read_text(
                errors="replace"
            )[-3000:]
            assert {m["subject"] for m in sink.received} == {
                f"{scratch_commune.name} · Alerte : Réunion ce soir"
            }
            # Succeeded jobs are deleted (PROCRASTINATE_WORKER_DEFAULTS).
            assert _jobs_after(first_id) == []
            with schema_context(scratch_commune.schema_name):
                assert not Notification.objects.filter(emailed_at__isnull=True).exists()
        finally:
            if worker is not None and worker.poll() is None:
                worker.send_signal(signal.SIGTERM)
                worker.wait(timeout=30)
            sink.stop()
            log.close()
            # The worker's periodic deferrer may have queued the day's jobs: not
            # for the rest of the suite.
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM public.procrastinate_jobs WHERE id > %s", [first_id])
                cursor.execute("DELETE FROM public.procrastinate_periodic_defers")

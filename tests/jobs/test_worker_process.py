"""A real worker process (`manage.py procrastinate worker`, as `make run` and
the systemd unit start it) takes a committed job and the email reaches a real
SMTP server; the job is then gone from the queue."""

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection
from django_tenants.utils import schema_context

from tests import factories
from tests.live.servers import ROOT
from tests.smtp_sink import SmtpSink
from voisinages.models import Notification
from voisinages.notifications import notify


def _jobs_after(first_id: int) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name, status FROM public.procrastinate_jobs WHERE id > %s AND task_name = %s",
            [first_id, "reseau.tasks.send_notification_emails"],
        )
        return cursor.fetchall()


def _last_job_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM public.procrastinate_jobs")
        return cursor.fetchone()[0]


def test_a_worker_process_sends_a_committed_notification_email(scratch_commune, django_db_blocker):
    sink = SmtpSink().start()
    worker = None
    log = tempfile.NamedTemporaryFile(prefix="worker-", suffix=".log")  # noqa: SIM115
    with django_db_blocker.unblock():
        first_id = _last_job_id()
        try:
            bob = factories.make_resident(scratch_commune, email="bob@scratch.example")
            with schema_context(scratch_commune.schema_name):
                [row] = notify(
                    recipients=[bob], kind="voisinages.member.approved", title="Réunion ce soir"
                )
            assert _jobs_after(first_id) == [("reseau.tasks.send_notification_emails", "todo")]
            worker = subprocess.Popen(  # noqa: S603
                [
                    sys.executable,
                    "manage.py",
                    "procrastinate",
                    "worker",
                    "--queues",
                    "notifications",
                ],
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
            while sink.count() == 0 and time.monotonic() < deadline and worker.poll() is None:
                time.sleep(0.2)
            assert sink.received == [
                {
                    "to": ["bob@scratch.example"],
                    "subject": f"{scratch_commune.name} · Réunion ce soir",
                }
            ], Path(log.name).read_text(errors="replace")[-3000:]
            deadline = time.monotonic() + 10
            while _jobs_after(first_id) and time.monotonic() < deadline:
                time.sleep(0.2)
            # Succeeded jobs are deleted (PROCRASTINATE_WORKER_DEFAULTS).
            assert _jobs_after(first_id) == []
            with schema_context(scratch_commune.schema_name):
                assert Notification.objects.get(pk=row.pk).emailed_at is not None
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

"""The mail server is down while an ambassador raises an alert: the page
answers at once, nothing is lost, and the emails leave when the server is back
(a real SMTP server on loopback, stopped and started again).

Committed for real (a scratch commune, no test transaction): a retry is due
at a time PostgreSQL's now() must reach, which never moves inside one
transaction."""

import time

from django.conf import settings
from django.db import connection
from django.test import Client, override_settings
from django_tenants.utils import schema_context

from discussions.models import Post
from tests import factories
from tests.conftest import host_of
from tests.job_runner import queued, run_jobs
from tests.smtp_sink import SmtpSink
from voisinages import roles
from voisinages.models import Notification

EMAIL_JOB = "reseau.tasks.send_notification_emails"


def _last_job_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM public.procrastinate_jobs")
        return cursor.fetchone()[0]


def test_an_alert_posted_while_the_mail_server_is_down_is_emailed_once_it_is_back(
    scratch_commune, django_db_blocker
):
    sink = SmtpSink().start()
    with django_db_blocker.unblock(), override_settings(**sink.settings()):
        first_id = _last_job_id()
        try:
            ambassador = factories.make_resident(
                scratch_commune, email="anne@scratch.example", roles=(roles.AMBASSADOR,)
            )
            neighbours = [
                factories.make_resident(scratch_commune, email=f"voisin{i}@scratch.example")
                for i in range(3)
            ]
            client = Client(HTTP_HOST=host_of(scratch_commune))
            with schema_context(scratch_commune.schema_name):
                client.force_login(ambassador, backend="django.contrib.auth.backends.ModelBackend")
            sink.stop()  # the mail server goes down

            started = time.monotonic()
            response = client.post(
                "/fil/nouveau/",
                {"kind": "alerte", "title": "Coupure d'eau", "body": "Rue Voltaire"},
            )
            elapsed = time.monotonic() - started
            assert response.status_code == 302
            assert elapsed < 2, "the page waited for the mail server"
            with schema_context(scratch_commune.schema_name):
                assert Post.objects.get(title="Coupure d'eau").status == Post.Status.PUBLISHED

            run_jobs()  # the fan-out stores the inbox rows; every email attempt fails
            with schema_context(scratch_commune.schema_name):
                rows = Notification.objects.filter(kind="discussions.alert.published")
                assert sorted(rows.values_list("recipient_id", flat=True)) == sorted(
                    n.pk for n in neighbours
                )
                assert not rows.filter(emailed_at__isnull=False).exists()
            [waiting] = queued(EMAIL_JOB)  # to be tried again, not lost
            assert waiting["args"]["schema"] == scratch_commune.schema_name
            assert sink.count() == 0

            sink.start()  # the mail server is back
            time.sleep(settings.RESEAU_JOB_RETRY["wait"] + 0.5)  # the retry's back-off
            run_jobs()
            assert sorted(m["to"][0] for m in sink.received) == sorted(n.email for n in neighbours)
            assert all("Coupure d'eau" in m["subject"] for m in sink.received)
            with schema_context(scratch_commune.schema_name):
                assert not rows.filter(emailed_at__isnull=True).exists()
            assert queued(EMAIL_JOB) == []
            run_jobs()  # whatever runs again, nothing is sent twice
            assert sink.count() == len(neighbours)
        finally:
            sink.stop()
            connection.set_schema_to_public()
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM public.procrastinate_jobs WHERE id > %s", [first_id])

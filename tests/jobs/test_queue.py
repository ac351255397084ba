"""The job queue (socle/jobs.py): notification emails leave from a worker,
once, for the right commune; a rolled-back change queues nothing; mail a
resident waits for passes before a big alert's emails."""

import smtplib

import psycopg
import pytest
from django import db as django_db
from django.conf import settings
from django.core import mail
from django.db import connection, connections, transaction
from django_tenants.utils import schema_context
from procrastinate.contrib.django import app
from procrastinate.jobs import Job
from psycopg_pool import PoolTimeout

from discussions.services import publish_post
from reseau.tasks import EMAIL_BATCH, send_notification_emails
from socle.registry import notification_kind
from tests.factories import in_commune
from tests.job_runner import queued
from voisinages import roles
from voisinages.models import Notification
from voisinages.notifications import EMAIL_NOW, notify

pytestmark = pytest.mark.django_db


@pytest.fixture
def publish_alert_post(commune):
    def publish(author):
        with in_commune(commune):
            return publish_post(author=author, kind="alerte", title="Orage", body="")

    return publish


def _last_job_id() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT coalesce(max(id), 0) FROM public.procrastinate_jobs")
        return cursor.fetchone()[0]


def _jobs_after(first_id: int) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT task_name FROM public.procrastinate_jobs WHERE id > %s ORDER BY id", [first_id]
        )
        return [row[0] for row in cursor.fetchall()]


def _delete_committed_jobs_after(first_id: int) -> None:
    """Rows another connection committed outlive the test's transaction."""
    with connections["default"].cursor() as cursor:
        cursor.execute("DELETE FROM public.procrastinate_jobs WHERE id > %s", [first_id])


notification_kind("tests.jobs.urgent", "Urgent", default=EMAIL_NOW)

EMAIL_JOB = "reseau.tasks.send_notification_emails"


def _notify(commune, recipients, title="Coupure d'eau"):
    with in_commune(commune):
        return notify(recipients=recipients, kind="tests.jobs.urgent", title=title, url="/fil/")


def test_the_request_only_queues_the_email_and_the_worker_sends_it_once(
    commune, make_resident, run_jobs
):
    bob = make_resident(commune, email="bob@alpha.example")
    rows = _notify(commune, [bob])
    assert mail.outbox == []
    [job] = queued(EMAIL_JOB)
    # The job carries the schema and primary keys, nothing else.
    assert job["args"] == {"schema": commune.schema_name, "ids": [rows[0].pk]}
    assert job["queue_name"] == "notifications"
    assert run_jobs() == 1
    assert [m.to for m in mail.outbox] == [["bob@alpha.example"]]
    assert "Coupure d'eau" in mail.outbox[0].subject
    # The same job run again (a retry, a second worker) sends nothing more.
    with in_commune(commune):
        assert send_notification_emails(ids=[rows[0].pk]) == 0
    assert len(mail.outbox) == 1
    with schema_context(commune.schema_name):
        assert Notification.objects.get(pk=rows[0].pk).emailed_at is not None


def test_a_rolled_back_change_queues_nothing_and_sends_nothing(commune, make_resident, run_jobs):
    bob = make_resident(commune, email="bob@alpha.example")
    with pytest.raises(RuntimeError), transaction.atomic():
        _notify(commune, [bob])
        assert len(queued(EMAIL_JOB)) == 1
        raise RuntimeError("the change fails after notify")
    assert queued(EMAIL_JOB) == []
    assert run_jobs() == 0
    assert mail.outbox == []


def test_a_job_of_commune_a_never_reads_commune_b_with_the_same_ids(
    commune, other_commune, make_resident, run_jobs
):
    alice = make_resident(commune, email="alice@alpha.example")
    zoe = make_resident(other_commune, email="zoe@beta.example")
    for place, recipient, title in (
        (commune, alice, "Chez Alpha"),
        (other_commune, zoe, "Chez Beta"),
    ):
        with schema_context(place.schema_name):
            Notification.objects.create(
                pk=987_654, recipient_id=recipient.pk, kind="tests.jobs.urgent", title=title
            )
    send_notification_emails.defer_in(commune.schema_name, ids=[987_654])
    assert run_jobs() == 1
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["alice@alpha.example"], f"{commune.name} · Chez Alpha")
    ]
    with schema_context(other_commune.schema_name):
        assert Notification.objects.get(pk=987_654).emailed_at is None


def test_a_big_notification_is_shared_in_batches_of_falling_priority(
    commune, other_commune, make_resident, run_jobs
):
    many = [make_resident(commune) for _ in range(EMAIL_BATCH + 2)]
    _notify(commune, many, title="Alerte Alpha")
    zoe = make_resident(other_commune, email="zoe@beta.example")
    _notify(other_commune, [zoe], title="Alerte Beta")
    jobs = queued(EMAIL_JOB)
    assert [(len(j["args"]["ids"]), j["priority"]) for j in jobs] == [
        (EMAIL_BATCH, 0),
        (2, -1),
        (1, 0),
    ]
    # A password reset asked in the other commune after both alerts.
    with in_commune(other_commune):
        from voisinages.tasks import password_reset

        password_reset.defer_here(resident_id=zoe.pk)
    assert run_jobs(queues=["mail", "notifications"]) == 4
    order = [m.to[0] for m in mail.outbox]
    # The reset first, then the first batch of each alert, then the rest.
    assert order[0] == "zoe@beta.example" and "mot de passe" in mail.outbox[0].subject.lower()
    assert order.index("zoe@beta.example", 1) < len(order) - 2
    assert len(order) == len(many) + 2


def test_a_job_deferred_inside_a_job_commits_with_it_even_in_a_worker(
    commune, make_resident, publish_alert_post
):
    """A worker runs with its own connector (a pool of other connections); the
    jobs a job defers must still belong to the job's transaction
    (socle/jobs.py, in_transaction): here the fan-out rolls back and leaves no
    email job behind."""
    from discussions.alerts import announce_alert

    anne = make_resident(commune, roles=(roles.AMBASSADOR,))
    make_resident(commune, email="bob@alpha.example")
    post = publish_alert_post(anne)
    worker_connector = app.connector.get_worker_connector()
    first_id = _last_job_id()
    try:
        with app.replace_connector(worker_connector), app.open():
            with pytest.raises(RuntimeError), transaction.atomic(), in_commune(commune):
                assert announce_alert(post_id=post.pk) == 1
                raise RuntimeError("the fan-out fails before its commit")
        assert _jobs_after(first_id) == []
    finally:
        _delete_committed_jobs_after(first_id)


def _retry_decision(task_name: str, error: BaseException, attempts: int = 0):
    job = Job(id=1, queue="notifications", lock=None, queueing_lock=None,
              task_name=task_name, attempts=attempts)  # fmt: skip
    return app.tasks[task_name].retry_strategy.get_retry_decision(exception=error, job=job)


@pytest.mark.parametrize(
    "error",
    [
        django_db.OperationalError("couldn't get a connection after 3.00 sec"),
        django_db.InterfaceError("connection already closed"),
        psycopg.OperationalError("the database system is shutting down"),
        PoolTimeout("couldn't get a connection after 3.00 sec"),
        smtplib.SMTPServerDisconnected("Connection unexpectedly closed"),
        ConnectionRefusedError(111, "Connection refused"),
    ],
)
def test_an_email_job_that_meets_postgresql_or_the_mail_server_away_is_tried_again(error):
    # make bench-load: an email job running while PostgreSQL restarted was
    # marked failed after one attempt, and its email never left.
    decision = _retry_decision("reseau.tasks.send_notification_emails", error)
    assert decision is not None
    assert decision.retry_at is not None


def test_a_job_that_fails_for_its_own_reasons_is_not_tried_again_nor_past_its_attempts():
    name = "reseau.tasks.send_notification_emails"
    assert _retry_decision(name, ValueError("a bug")) is None
    attempts = settings.RESEAU_JOB_RETRY["max_attempts"]
    assert _retry_decision(name, django_db.OperationalError("away"), attempts=attempts) is None

"""Periodic jobs replace cron: a tick is deferred once however many workers
run, and it queues one job per commune, each commune's job once."""

import pytest
from asgiref.sync import async_to_sync
from django.core import mail
from procrastinate.contrib.django import app
from procrastinate.periodic import PeriodicDeferrer

from reseau.tasks import send_digest
from socle.jobs import served_schemas
from socle.registry import notification_kind
from tests.factories import in_commune
from tests.job_runner import queued
from voisinages.notifications import DIGEST, notify

pytestmark = pytest.mark.django_db

notification_kind("tests.jobs.weekly", "Nouvelles de la semaine", default=DIGEST)

TICK = 1_796_000_000


def _periodic(name):
    [task] = [p for p in app.periodic_registry.periodic_tasks.values() if p.task.name == name]
    return task


def test_two_workers_defer_a_tick_once_and_it_queues_one_job_per_commune(
    commune, other_commune, make_resident, run_jobs
):
    tick = _periodic("reseau.tasks.send_digest.every_commune")
    for _worker in range(2):  # two workers' deferrers see the same tick
        async_to_sync(PeriodicDeferrer(app.periodic_registry).defer_jobs)([(tick, TICK)])
    assert len(queued("reseau.tasks.send_digest.every_commune")) == 1

    bob = make_resident(commune, email="bob@alpha.example")
    zoe = make_resident(other_commune, email="zoe@beta.example")
    for place, who in ((commune, bob), (other_commune, zoe)):
        with in_commune(place):
            notify(recipients=[who], kind="tests.jobs.weekly", title="Vide-grenier dimanche")
    run_jobs(queues=["periodic"])
    assert sorted(m.to[0] for m in mail.outbox) == ["bob@alpha.example", "zoe@beta.example"]
    assert commune.schema_name in served_schemas()

    # The next tick finds nothing left to send.
    async_to_sync(PeriodicDeferrer(app.periodic_registry).defer_jobs)([(tick, TICK + 86_400)])
    run_jobs(queues=["periodic"])
    assert len(mail.outbox) == 2


def test_a_communes_job_is_not_queued_twice_while_one_waits(commune):
    assert send_digest.defer_in(commune.schema_name, queueing_lock="digest-test") is not None
    assert send_digest.defer_in(commune.schema_name, queueing_lock="digest-test") is None
    assert len(queued("reseau.tasks.send_digest")) == 1


def test_every_daily_job_is_scheduled():
    names = {p.task.name for p in app.periodic_registry.periodic_tasks.values()}
    assert names >= {
        "reseau.tasks.send_digest.every_commune",
        "reseau.tasks.clear_sessions.every_commune",
        "objets.tasks.loan_reminders.every_commune",
        "jardins.tasks.garden_reminders.every_commune",
        "discussions.tasks.expire_listings.every_commune",
        "cms.tasks.purge_confidential.every_commune",
    }

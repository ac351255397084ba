"""Work done later, once, in one commune: the PostgreSQL job queue (Procrastinate).

A job carries the commune's schema and primary keys only; the worker sets the
commune itself and puts the connection back on the public schema afterwards
(a worker thread keeps whatever tenant it last had otherwise). Each app
declares its jobs in its own `tasks.py` (Procrastinate finds them):

    from socle import jobs

    @jobs.commune_task(queue=jobs.NOTIFICATIONS)
    def announce_alert(*, post_id: int) -> None: ...

    announce_alert.defer_here(post_id=post.pk)   # in the caller's commune

A job deferred inside a transaction is a row of that transaction: if the change
rolls back, the job never existed. A job must be idempotent: the worker may run
it again after a crash or a retry.

Queues, fetched by priority (higher first):
* `mail`: an email somebody waits for (password reset, confirmation, platform
  mail), priority 100: one commune's 5,000-email alert never delays it;
* `notifications`: notification emails and alert fan-outs; the batches of one
  notification get decreasing priorities (0, -1, -2…), so the first batch of
  another commune's notification passes before the rest of a big one;
* `periodic`: digests, reminders, expiry, purges (one job per commune);
* `exports`: commune archives, slow and rare.
"""

import functools
import logging
import smtplib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.utils import translation
from django_tenants.utils import get_tenant_model
from procrastinate import RetryStrategy
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector
from procrastinate.exceptions import AlreadyEnqueued
from procrastinate.jobs import JobDeferrer
from procrastinate.manager import JobManager

from socle.communes import served_communes
from socle.database import UNAVAILABLE_ERRORS

logger = logging.getLogger(__name__)

MAIL = "mail"
NOTIFICATIONS = "notifications"
PERIODIC = "periodic"
EXPORTS = "exports"
QUEUES = (MAIL, NOTIFICATIONS, PERIODIC, EXPORTS)

MAIL_PRIORITY = 100
# The lowest priority a batch gets: a notification of 100,000 recipients does
# not push priorities without bound.
LOWEST_BATCH_PRIORITY = -1000

# What is worth trying again: the mail server, the network or PostgreSQL is
# away. A job that met PostgreSQL restarting (django.db.OperationalError from
# the pool) was marked failed after one attempt, and its email never left
# (found by make bench-load, docs/PERFORMANCE.md, eighth session).
TRANSIENT = (smtplib.SMTPException, OSError, *UNAVAILABLE_ERRORS)


def retry_strategy() -> RetryStrategy:
    """Back-off for transient failures (RESEAU_JOB_RETRY: attempts and waits);
    after the last attempt the job stays `failed`, the dead letter platform
    staff see and can retry."""
    options = settings.RESEAU_JOB_RETRY
    return RetryStrategy(
        max_attempts=options["max_attempts"],
        wait=options["wait"],
        exponential_wait=options["exponential_wait"],
        retry_exceptions=set(TRANSIENT),
    )


class CommuneGone(Exception):
    """The job's commune was deleted since: nothing to do."""


@contextmanager
def in_commune(schema: str) -> Iterator[Any]:
    """The commune of `schema` as the connection's tenant, in the site's
    language; the connection is back on the public schema afterwards."""
    commune = get_tenant_model().objects.filter(schema_name=schema).first()
    if commune is None:
        raise CommuneGone(schema)
    connection.set_tenant(commune)
    try:
        with translation.override(settings.LANGUAGE_CODE):
            yield commune
    finally:
        connection.set_schema_to_public()


# Deferring always goes through Django's connection, so that a job is a row of
# the caller's transaction. A worker's own connector (a pool of separate
# connections) would commit it at once: a job deferred by a job could then
# run before the rows it needs are committed, and find none.
_IN_TRANSACTION = JobManager(DjangoConnector())


def in_transaction(deferrer: JobDeferrer) -> JobDeferrer:
    return JobDeferrer(job_manager=_IN_TRANSACTION, job=deferrer.job)


class CommuneTask:
    """A Procrastinate task run in one commune; `defer_here` names the caller's
    commune, `defer_in` another one (from the platform or a periodic job)."""

    def __init__(self, task, *, priority: int = 0):
        self.task = task
        self.name = task.name
        self.priority = priority

    def __call__(self, **kwargs):
        """Run the job now, in this thread (a test or a command)."""
        return self.task(schema=connection.schema_name, **kwargs)

    def defer_in(
        self,
        schema: str,
        *,
        priority: int | None = None,
        queueing_lock: str | None = None,
        **kwargs,
    ) -> int | None:
        """Queue the job for commune `schema`. With `queueing_lock`, a job
        already waiting under the same lock makes this one unnecessary (None)."""
        options: dict[str, Any] = {
            "priority": self.priority if priority is None else priority,
        }
        if queueing_lock:
            options["queueing_lock"] = queueing_lock
        deferrer = in_transaction(self.task.configure(**options))
        if not queueing_lock:
            return deferrer.defer(schema=schema, **kwargs)
        try:
            # A refused duplicate must not spoil the caller's transaction.
            with transaction.atomic():
                return deferrer.defer(schema=schema, **kwargs)
        except AlreadyEnqueued:
            return None

    def defer_here(self, **kwargs) -> int | None:
        return self.defer_in(connection.schema_name, **kwargs)


def commune_task(
    *,
    queue: str,
    name: str | None = None,
    priority: int = 0,
    retry: bool = True,
    atomic: bool = False,
) -> Callable[[Callable], CommuneTask]:
    """Declare a job that runs in one commune (see the module's docstring).
    `atomic`: the whole job is one transaction (for jobs that only write)."""
    if queue not in QUEUES:
        raise ValueError(f"Unknown queue {queue!r}")

    def decorate(func: Callable) -> CommuneTask:
        task_name = name or f"{func.__module__}.{func.__name__}"

        @functools.wraps(func)
        def run(schema: str, **kwargs):
            # Procrastinate's Django app closes stale connections around each job.
            try:
                with in_commune(schema):
                    if atomic:
                        with transaction.atomic():
                            return func(**kwargs)
                    return func(**kwargs)
            except CommuneGone:
                logger.warning("Job %s skipped: commune %s no longer exists", task_name, schema)
                return None

        task = app.task(
            name=task_name,
            queue=queue,
            priority=priority,
            retry=retry_strategy() if retry else False,
        )(run)
        return CommuneTask(task, priority=priority)

    return decorate


def platform_task(
    *, queue: str, name: str | None = None, priority: int = 0, retry: bool = True
) -> Callable:
    """A job of the platform itself (public schema): its mails, its archives."""
    if queue not in QUEUES:
        raise ValueError(f"Unknown queue {queue!r}")

    def decorate(func: Callable):
        task_name = name or f"{func.__module__}.{func.__name__}"

        @functools.wraps(func)
        def run(**kwargs):
            connection.set_schema_to_public()
            with translation.override(settings.LANGUAGE_CODE):
                return func(**kwargs)

        return PlatformTask(
            app.task(
                name=task_name,
                queue=queue,
                priority=priority,
                retry=retry_strategy() if retry else False,
            )(run)
        )

    return decorate


class PlatformTask:
    """A Procrastinate task of the public schema, deferred in the caller's transaction."""

    def __init__(self, task):
        self.task = task
        self.name = task.name

    def __call__(self, **kwargs):
        return self.task(**kwargs)

    def defer(self, **kwargs) -> int:
        return in_transaction(self.task.configure()).defer(**kwargs)


def served_schemas() -> list[str]:
    """The schemas of every commune with a site (socle.communes.served_communes)."""
    return list(served_communes().order_by("pk").values_list("schema_name", flat=True))


def in_every_commune(
    task: CommuneTask, *, cron: str, communes: Callable[[], list[str]] = served_schemas
) -> Callable:
    """A periodic job (Procrastinate's periodic tasks, deferred once per tick
    whatever the number of workers) that queues `task` once per schema
    returned by `communes()`. The lock keeps two runs from overlapping and a
    commune's job is not queued again while one is still waiting."""
    periodic_name = f"{task.name}.every_commune"

    def run(timestamp: int) -> int:
        connection.set_schema_to_public()
        queued = 0
        for schema in communes():
            if task.defer_in(schema, queueing_lock=f"{task.name}:{schema}") is not None:
                queued += 1
        return queued

    run.__name__ = run.__qualname__ = periodic_name.rsplit(".", 1)[-1]
    periodic_task = app.task(
        name=periodic_name, queue=PERIODIC, lock=periodic_name, pass_context=False
    )(run)
    return app.periodic(cron=cron)(periodic_task)


def batches(ids: Iterable[int], size: int) -> Iterator[tuple[int, list[int]]]:
    """(priority, ids) per batch of `size`: 0, -1, -2… down to LOWEST_BATCH_PRIORITY."""
    ids = list(ids)
    for index, start in enumerate(range(0, len(ids), size)):
        yield max(-index, LOWEST_BATCH_PRIORITY), ids[start : start + size]

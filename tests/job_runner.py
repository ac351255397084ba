"""Running the queued jobs inside a test: Procrastinate's own worker, in this
thread, on the test's connection (so it sees the test's uncommitted rows and
rolls back with them).

Procrastinate runs a synchronous job in a pool thread, which would open its own
connection and see nothing of the test's transaction; here the job runs in the
test's thread instead (the one change from the real worker). The periodic
tasks are left out: a test runs a periodic job by deferring it itself. A test
with a real worker process is in tests/jobs/test_worker_process.py."""

import json

from asgiref.sync import async_to_sync, sync_to_async
from django.db import connection
from procrastinate import periodic, worker
from procrastinate.contrib.django import app
from procrastinate.contrib.django.django_connector import DjangoConnector


def run_jobs(*, queues: list[str] | None = None) -> int:
    """Run every job due now (on `queues`, default all) until none is left;
    returns how many jobs ran. The connection is back on its schema after."""
    schema = connection.schema_name
    tenant = connection.tenant
    ran = _count_done()
    in_thread = app.with_connector(_TestConnector())
    in_thread.periodic_registry = periodic.PeriodicRegistry()
    original = worker.utils.sync_to_async
    worker.utils.sync_to_async = _in_this_thread
    try:
        async_to_sync(in_thread.run_worker_async)(
            queues=queues,
            wait=False,
            listen_notify=False,
            install_signal_handlers=False,
            concurrency=1,
            delete_jobs="never",
            # Not Django's connection cleanup: it would close the test's connection.
            task_middleware=[],
        )
    finally:
        worker.utils.sync_to_async = original
        connection.set_tenant(tenant) if schema != "public" else connection.set_schema_to_public()
    return _count_done() - ran


class _TestConnector(DjangoConnector):
    """Django's connection reads jsonb as text; the worker wants the job's
    arguments as a dict (its own connector, in production, reads them so)."""

    def _dictfetch(self, cursor):
        for row in super()._dictfetch(cursor):
            if isinstance(row.get("args"), str):
                row["args"] = json.loads(row["args"])
            yield row


async def _in_this_thread(func, *args, **kwargs):
    return await sync_to_async(func, thread_sensitive=True)(*args, **kwargs)


def _count_done() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM public.procrastinate_jobs WHERE status IN ('succeeded', 'failed')"
        )
        return cursor.fetchone()[0]


def empty_queue() -> None:
    """Delete every job not yet done (inside the caller's transaction)."""
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.procrastinate_jobs WHERE status IN ('todo', 'doing')")


def queued(task_name: str | None = None, *, status: str = "todo") -> list[dict]:
    """The jobs in the queue (optionally of one task), oldest first."""
    sql = "SELECT id, task_name, queue_name, priority, args FROM public.procrastinate_jobs WHERE status = %s"
    params: list = [status]
    if task_name:
        sql += " AND task_name = %s"
        params.append(task_name)
    with connection.cursor() as cursor:
        cursor.execute(sql + " ORDER BY id", params)
        columns = [c[0] for c in cursor.description]
        rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    for row in rows:  # Django reads jsonb as text
        row["args"] = json.loads(row["args"]) if isinstance(row["args"], str) else row["args"]
    return rows

"""Whether an exception means PostgreSQL cannot be reached right now (stopped,
restarting, connection lost, pool exhausted): the site then answers a short
"service momentanément indisponible" (503 + Retry-After) instead of an error
page, and nothing in that answer touches the database again."""

import time

import psycopg
from django.db import InterfaceError, OperationalError, connection
from psycopg_pool import PoolTimeout

# Seconds a client is told to wait before trying again (Retry-After).
RETRY_AFTER_SECONDS = 5
# After a failed connection, this process answers 503 at once for this long
# instead of every request waiting for the pool's timeout (one request a
# second still tries, so pages come back within a second of PostgreSQL).
PAUSE_SECONDS = 1.0
_paused_until = 0.0

# Also what a job retries (socle/jobs.py): PostgreSQL restarting is transient.
UNAVAILABLE_ERRORS = (
    OperationalError,
    InterfaceError,
    psycopg.OperationalError,
    psycopg.InterfaceError,
)


def is_database_unavailable(exception: BaseException | None) -> bool:
    """True for a lost or refused connection (Django's wrappers and psycopg's
    own errors, which code outside the ORM may raise), also when one is the
    declared cause (`raise ... from`) of another exception."""
    seen = 0
    while exception is not None and seen < 5:
        if isinstance(exception, UNAVAILABLE_ERRORS):
            return True
        exception = exception.__cause__
        seen += 1
    return False


def _connection_failed(exception: BaseException | None) -> bool:
    """No connection could be had (refused, lost, pool timeout), as opposed to
    a statement that failed (deadlock, timeout: those carry an SQLSTATE)."""
    while exception is not None:
        if isinstance(exception, PoolTimeout):
            return True
        if isinstance(exception, psycopg.Error) and exception.sqlstate is None:
            return True
        exception = exception.__cause__
    return False


def _pool_is_busy(exception: BaseException) -> bool:
    """A pool timeout while the pool holds connections: they are all in use
    (a burst), PostgreSQL is there. (When PostgreSQL is away, the pool's
    connections are found dead and dropped: it holds none.)"""
    pool = getattr(connection, "pool", None)
    while exception is not None and not isinstance(exception, PoolTimeout):
        exception = exception.__cause__
    return exception is not None and pool is not None and pool.get_stats().get("pool_size", 0) > 0


def note_unavailable(exception: BaseException) -> None:
    """Called where a lost database is answered with a 503: this process then
    answers 503 at once for PAUSE_SECONDS (not for a pool busy with a burst)."""
    global _paused_until
    if _connection_failed(exception) and not _pool_is_busy(exception):
        _paused_until = time.monotonic() + PAUSE_SECONDS


def recently_unavailable() -> bool:
    """Whether to answer 503 without trying: a connection failed less than
    PAUSE_SECONDS ago in this process. When the pause is over, one request
    tries (the others keep their 503 while it does)."""
    global _paused_until
    if not _paused_until:
        return False
    now = time.monotonic()
    if now < _paused_until:
        return True
    _paused_until = now + PAUSE_SECONDS
    return False


def database_answered() -> None:
    """Called after a request's first query succeeded: the pause is over."""
    global _paused_until
    _paused_until = 0.0

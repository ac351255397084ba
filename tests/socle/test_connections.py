"""Connections that stay small (socle/connections.py): a connection that has
served RESEAU_CONN_MAX_SCHEMAS distinct communes, or lived RESEAU_CONN_MAX_AGE
seconds, is closed after the response and a fresh one serves the next request.
These requests run outside a test transaction (closing would end it)."""

from django.db import connection
from django.test import Client

from tests.conftest import host_of


def _backend_pid() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def test_closed_after_k_distinct_communes_kept_below(
    commune, other_commune, django_db_blocker, settings
):
    settings.RESEAU_CONN_MAX_SCHEMAS = 2
    settings.RESEAU_CONN_MAX_AGE = 3600
    alpha, beta = Client(HTTP_HOST=host_of(commune)), Client(HTTP_HOST=host_of(other_commune))
    with django_db_blocker.unblock():
        connection.close()
        assert alpha.get("/").status_code == 200
        first, pid = connection.connection, _backend_pid()
        assert first is not None
        for _ in range(3):  # one commune, however many requests: kept
            assert alpha.get("/").status_code == 200
            assert connection.connection is first
        assert beta.get("/").status_code == 200  # the second distinct commune
        assert connection.connection is None
        assert alpha.get("/").status_code == 200  # served by a fresh backend
        assert connection.connection is not None and connection.connection is not first
        assert _backend_pid() != pid
        connection.close()


def test_closed_after_its_lifetime(commune, django_db_blocker, settings):
    settings.RESEAU_CONN_MAX_SCHEMAS = 1000
    settings.RESEAU_CONN_MAX_AGE = 0
    with django_db_blocker.unblock():
        assert Client(HTTP_HOST=host_of(commune)).get("/").status_code == 200
        assert connection.connection is None


def test_inside_a_transaction_the_connection_is_never_closed(commune, client_for, settings, db):
    settings.RESEAU_CONN_MAX_SCHEMAS = 1
    assert client_for(commune).get("/").status_code == 200
    assert connection.connection is not None and connection.in_atomic_block


def test_a_retired_pooled_connection_is_discarded_not_reused(django_db_blocker):
    """What retire_connection relies on: psycopg_pool closes a returned
    connection past its expiry time instead of handing it out again."""
    from psycopg_pool import ConnectionPool

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with django_db_blocker.unblock():
        with ConnectionPool(kwargs=params, min_size=1, max_size=1, open=True) as pool:
            raw = pool.getconn()
            pid = raw.info.backend_pid
            raw._expire_at = 0  # as retire_connection does
            pool.putconn(raw)
            assert raw.closed
            again = pool.getconn()
            assert again.info.backend_pid != pid
            pool.putconn(again)

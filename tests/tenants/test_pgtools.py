"""The PostgreSQL client tools (tenants/pgtools.py) are chosen by the server's
version: cloning the template runs pg_dump, which refuses a newer server."""

import pytest
from django.db import connection

from tenants import pgtools


def test_pg_dump_is_the_oldest_tool_not_older_than_the_server_even_with_database_url(
    db, monkeypatch
):
    # With DATABASE_URL the tool on PATH was taken, whatever its version.
    monkeypatch.setenv("DATABASE_URL", "postgres://postgres@127.0.0.1/elsewhere")
    server = connection.pg_version // 10000
    majors = {path: pgtools.binary_major(path) for path in pgtools._candidates("pg_dump")}

    chosen = pgtools.pg_binary("pg_dump")

    assert majors[chosen] >= server
    assert majors[chosen] == min(major for major in majors.values() if major and major >= server)


def test_without_a_usable_tool_the_error_says_which_version_is_needed(db, monkeypatch):
    monkeypatch.setattr(pgtools, "_candidates", lambda name: ("/bin/false",))
    server = connection.pg_version // 10000

    with pytest.raises(RuntimeError, match=rf"pg_dump {server} or newer not found"):
        pgtools.pg_binary("pg_dump")

"""What the code keeps true so that communes can be spread over several
PostgreSQL nodes (Citus schema-based sharding, docs/SCALING.md): a commune's
page reads its own schema and two small public tables only; a commune's
tables reference no other schema (not even public); DDL goes through the
release path only."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tenants.models import Commune
from tests.database_cache import PACKAGES

ROOT = Path(settings.BASE_DIR)
SCHEMA_NAME = re.compile(r'"?\b(c_[a-z0-9_]+|modele|pool_[0-9a-f]+)\b"?\.')
# The public tables a commune's page may read: the commune and its domain
# (found from the Host), nothing that grows with any commune's activity.
PUBLIC_TABLES_READ_BY_A_PAGE = {"tenants_domain", "tenants_commune"}


@pytest.mark.parametrize("path", ["/", "/fil/", "/objets/", "/jardins/"])
def test_a_communes_page_names_no_other_schema(commune, other_commune, client_for, resident, path):
    client = client_for(commune, resident)
    client_for(other_commune).get(path)  # the connection was last on the other commune
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    sql = [query["sql"] for query in queries.captured_queries]
    named = {name for statement in sql for name in SCHEMA_NAME.findall(statement)}
    assert named <= {commune.schema_name}
    assert not any(other_commune.schema_name in statement for statement in sql)
    search_paths = [s for s in sql if s.startswith("SET search_path")]
    assert search_paths == [f'SET search_path = "{commune.schema_name}","public"']
    public_tables = {
        table for statement in sql for table in re.findall(r'"public"\."(\w+)"', statement)
    }
    assert public_tables <= PUBLIC_TABLES_READ_BY_A_PAGE


def test_a_communes_tables_reference_only_its_own_schema(db, commune):
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT target.nspname FROM pg_constraint con
            JOIN pg_class src ON src.oid = con.conrelid
            JOIN pg_namespace source ON source.oid = src.relnamespace
            JOIN pg_class dst ON dst.oid = con.confrelid
            JOIN pg_namespace target ON target.oid = dst.relnamespace
            WHERE con.contype = 'f' AND source.nspname = %s
            """,
            [commune.schema_name],
        )
        targets = {name for (name,) in cursor.fetchall()}
    assert targets == {commune.schema_name}
    assert Commune.objects.filter(schema_name=commune.schema_name).exists()


DDL = re.compile(r"\b(ALTER|CREATE|DROP)\s+(TABLE|SCHEMA|INDEX)\b", re.IGNORECASE)
# Where a schema's DDL may be written outside migrations: cloning, the pool,
# releases; a restore, which loads a commune's dump into a schema of its own and
# drops it if the load fails; and the official list's load table in the public schema.
DDL_ALLOWED = {
    "tenants/schema.py",
    "tenants/pool.py",
    "tenants/releases.py",
    "tenants/restore.py",
    "tenants/dataset.py",
}


def test_ddl_is_written_only_on_the_release_path():
    found = []
    for app in PACKAGES:
        for path in (ROOT / app).rglob("*.py"):
            relative = path.relative_to(ROOT).as_posix()
            if "/migrations/" in relative or relative in DDL_ALLOWED:
                continue
            if DDL.search(path.read_text(encoding="utf-8")):
                found.append(relative)
    assert found == []

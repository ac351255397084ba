"""What each app adds to a commune's schema: relations (tables, their indexes,
TOAST tables and their index, owned sequences) and bytes. Every one of them is
multiplied by the number of communes (docs/PERFORMANCE.md, "Commune footprint")."""

from dataclasses import dataclass

from django.apps import apps
from django.db import connection

MIGRATIONS_TABLE = "django_migrations"

_TABLES_SQL = """
SELECT t.relname,
       1 + (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.oid)
         + CASE WHEN t.reltoastrelid <> 0
                THEN 1 + (SELECT count(*) FROM pg_index i WHERE i.indrelid = t.reltoastrelid)
                ELSE 0 END
         + (SELECT count(*) FROM pg_depend d JOIN pg_class s ON s.oid = d.objid
            WHERE d.classid = 'pg_class'::regclass AND d.refobjid = t.oid
              AND s.relkind = 'S' AND d.deptype IN ('a', 'i')),
       pg_total_relation_size(t.oid)
         + coalesce((SELECT sum(pg_relation_size(s.oid)) FROM pg_depend d
                     JOIN pg_class s ON s.oid = d.objid
                     WHERE d.classid = 'pg_class'::regclass AND d.refobjid = t.oid
                       AND s.relkind = 'S' AND d.deptype IN ('a', 'i')), 0)
FROM pg_class t JOIN pg_namespace n ON n.oid = t.relnamespace
WHERE n.nspname = %s AND t.relkind IN ('r', 'p')
"""

_OTHER_SQL = """
SELECT count(*), coalesce(sum(pg_relation_size(c.oid)), 0)
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = %s AND c.relkind IN ('v', 'm', 'S', 'f')
  AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                  AND d.objid = c.oid AND d.deptype IN ('a', 'i'))
"""


@dataclass(frozen=True)
class AppFootprint:
    app: str
    tables: int
    relations: int
    bytes: int


def _table_owners() -> dict[str, str]:
    owners = {MIGRATIONS_TABLE: "(migrations)"}
    for model in apps.get_models(include_auto_created=True):
        owners[model._meta.db_table] = model._meta.app_label
    return owners


def schema_footprint(schema: str) -> list[AppFootprint]:
    """Per app, largest first; tables no model claims go under "(other)"."""
    owners = _table_owners()
    totals: dict[str, list[int]] = {}
    with connection.cursor() as cursor:
        cursor.execute(_TABLES_SQL, [schema])
        for table, relations, size in cursor.fetchall():
            entry = totals.setdefault(owners.get(table, "(other)"), [0, 0, 0])
            entry[0] += 1
            entry[1] += relations
            entry[2] += size
        cursor.execute(_OTHER_SQL, [schema])
        relations, size = cursor.fetchone()
    if relations:
        entry = totals.setdefault("(other)", [0, 0, 0])
        entry[1] += relations
        entry[2] += int(size)
    found = [AppFootprint(app, *values) for app, values in totals.items()]
    return sorted(found, key=lambda item: (-item.relations, item.app))

"""Schema-level helpers: names, and putting a clone's constraint names right."""

from django.db import connection
from django_tenants.clone import CloneSchema

RESERVED_SCHEMAS = {"public", "information_schema", "modele"}


def schema_name_for(slug: str) -> str:
    """Schema names are kept apart from slugs (hostnames reject `_`)."""
    return "c_" + slug.replace("-", "_")


def _strip_schema(definition: str, schema: str) -> str:
    return definition.replace(f'"{schema}".', "").replace(f"{schema}.", "")


def _constraints(cursor, schema: str) -> dict[tuple, list[str]]:
    cursor.execute(
        """
        SELECT cls.relname, con.contype, pg_get_constraintdef(con.oid), con.conname
        FROM pg_constraint con
        JOIN pg_class cls ON cls.oid = con.conrelid
        JOIN pg_namespace ns ON ns.oid = cls.relnamespace
        WHERE ns.nspname = %s
        """,
        [schema],
    )
    found: dict[tuple, list[str]] = {}
    for table, kind, definition, name in cursor.fetchall():
        found.setdefault((table, kind, _strip_schema(definition, schema)), []).append(name)
    return found


def _indexes(cursor, schema: str) -> dict[tuple, list[str]]:
    """Indexes that back no constraint, keyed by table and definition."""
    cursor.execute(
        """
        SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = %s AND indexname NOT IN (
            SELECT con.conname FROM pg_constraint con
            JOIN pg_namespace ns ON ns.oid = con.connamespace
            WHERE ns.nspname = %s
        )
        """,
        [schema, schema],
    )
    found: dict[tuple, list[str]] = {}
    for table, name, definition in cursor.fetchall():
        shape = _strip_schema(definition, schema).replace(f"INDEX {name} ON", "INDEX ON")
        found.setdefault((table, shape), []).append(name)
    return found


def restore_constraint_names(*, template: str, clone: str) -> int:
    """Give a cloned schema the constraint and index names of its template.

    Cloning renames named unique constraints to PostgreSQL's `*_key` defaults; a
    later `RemoveConstraint` migration would then fail on clones only. Pairs are
    matched by table, kind and definition. Returns how many names were changed.
    """
    renamed = 0
    with connection.cursor() as cursor:
        wanted = _constraints(cursor, template)
        for key, names in _constraints(cursor, clone).items():
            target = wanted.get(key, [])
            if len(names) != 1 or len(target) != 1 or names[0] == target[0]:
                continue
            cursor.execute(
                f'ALTER TABLE "{clone}"."{key[0]}" RENAME CONSTRAINT "{names[0]}" TO "{target[0]}"'
            )
            renamed += 1
        wanted_indexes = _indexes(cursor, template)
        for key, names in _indexes(cursor, clone).items():
            target = wanted_indexes.get(key, [])
            if len(names) != 1 or len(target) != 1 or names[0] == target[0]:
                continue
            cursor.execute(f'ALTER INDEX "{clone}"."{names[0]}" RENAME TO "{target[0]}"')
            renamed += 1
    return renamed


def quote_schema(name: str) -> str:
    """A schema name as an SQL identifier (names come from schema_name_for or
    the pool, `[a-z0-9_]` only; anything else is refused)."""
    if not name or len(name) > 63 or not all(ch.isalnum() or ch == "_" for ch in name):
        raise ValueError(f"Not a schema name: {name!r}")
    return f'"{name}"'


def clone_template(*, template: str, clone: str) -> None:
    """Clone `template` into the new schema `clone` with its constraint names
    (a commune's creation and the warm pool, tenants/pool.py)."""
    CloneSchema().clone_schema(template, clone)
    restore_constraint_names(template=template, clone=clone)
    connection.set_schema_to_public()

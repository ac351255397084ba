"""Schema-level helpers: names, and cloning the template by replaying its DDL."""

import re
import tempfile
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.apps import apps
from django.db import connection

from tenants.pgtools import pg_binary, pg_command, rename_schema_in_lines, run_pg

RESERVED_SCHEMAS = {"public", "information_schema", "modele"}
PG_DUMP_TIMEOUT = 600
# A clone made inside a transaction that holds a lock on the template's tables
# would wait for its own pg_dump: fail in a minute rather than hang.
PG_DUMP_LOCK_WAIT = "60s"
# pg_dump's session settings (search_path '' among them, and timeouts of 0)
# would outlive the clone on the caller's connection, and psql's `\restrict`
# lines are no SQL: neither is replayed. The DDL names every object with its
# schema, so it does not depend on the search_path. (A line of a function body
# looking exactly like one of these would be dropped too: the template has no
# function; tests/tenants/test_onboarding.py compares a clone with it.)
SESSION_LINE = re.compile(r"(SET \w+ = .*;|SELECT pg_catalog\.set_config\(.*\);|\\.*)\n?")


def schema_name_for(slug: str) -> str:
    """Schema names are kept apart from slugs (hostnames reject `_`)."""
    return "c_" + slug.replace("-", "_")


def quote_schema(name: str) -> str:
    """A schema name as an SQL identifier (names come from schema_name_for or
    the pool, `[a-z0-9_]` only; anything else is refused)."""
    if not name or len(name) > 63 or not all(ch.isalnum() or ch == "_" for ch in name):
        raise ValueError(f"Not a schema name: {name!r}")
    return f'"{name}"'


@dataclass(frozen=True)
class Definition:
    """A template's DDL as pg_dump writes it (session lines left out), and the
    relations whose contents a clone copies: tables with their insertable
    columns, sequences."""

    pre_data: str
    post_data: str
    tables: tuple[tuple[str, str], ...]
    sequences: tuple[str, ...]


# Template schema → (its recorded state, its definition at that state).
_definitions: dict[str, tuple[tuple, Definition]] = {}


def _template_state(template: str) -> tuple | None:
    """The template's SchemaState (tenants/releases.py rewrites it with every
    migration of the template, in the same transaction)."""
    schema_state = apps.get_model("tenants", "SchemaState")
    return (
        schema_state.objects.filter(schema_name=template)
        .values_list("fingerprint", "migrated_at")
        .first()
    )


def _pg_dump(template: str, section: str) -> str:
    """One section of the template's DDL, read by pg_dump in a session of its
    own: it sees what is committed, never the caller's transaction."""
    database = connection.settings_dict
    command, env = pg_command(
        pg_binary("pg_dump"),
        "--schema",
        template,
        "--schema-only",
        f"--section={section}",
        "--no-owner",
        "--no-privileges",
        f"--lock-wait-timeout={PG_DUMP_LOCK_WAIT}",
        "--dbname",
        database["NAME"],
        database=database,
    )
    with tempfile.TemporaryFile() as out:
        run_pg(command, env, label="pg_dump", stdout=out, timeout=PG_DUMP_TIMEOUT)
        out.seek(0)
        text = out.read().decode("utf-8")
    return "".join(line for line in text.splitlines(True) if not SESSION_LINE.fullmatch(line))


def _contents(template: str) -> tuple[tuple[tuple[str, str], ...], tuple[str, ...]]:
    """The template's tables (with their columns, generated ones left out) and
    sequences, from the catalog, as quoted identifiers."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT quote_ident(c.relname), c.relkind, string_agg(
                quote_ident(a.attname), ', ' ORDER BY a.attnum
            ) FILTER (WHERE a.attgenerated = '')
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace
            LEFT JOIN pg_attribute a
                ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
            WHERE n.nspname = %s AND c.relkind IN ('r', 'S')
            GROUP BY c.relname, c.relkind
            ORDER BY c.relname
            """,
            [template],
        )
        rows = cursor.fetchall()
    tables = tuple((name, columns) for name, kind, columns in rows if kind == "r" and columns)
    sequences = tuple(name for name, kind, _ in rows if kind == "S")
    return tables, sequences


def template_definition(template: str) -> Definition:
    """The template's definition, read once per process and per recorded state
    of the template (pg_dump of one schema takes seconds when the database
    holds hundreds). A template without a recorded state is read every time.

    pg_dump sees only committed changes: the template is changed by releases,
    which commit, never inside the transaction of a clone."""
    for _attempt in range(3):
        state = _template_state(template)
        cached = _definitions.get(template)
        if state is not None and cached is not None and cached[0] == state:
            return cached[1]
        with ThreadPoolExecutor(max_workers=2) as dumps:
            pre_data, post_data = dumps.map(
                lambda section: _pg_dump(template, section), ("pre-data", "post-data")
            )
        definition = Definition(pre_data, post_data, *_contents(template))
        if state is None:
            return definition
        if _template_state(template) == state:  # no release committed meanwhile
            _definitions[template] = (state, definition)
            return definition
    raise RuntimeError(f"The template {template} kept changing while it was read.")


def _renamed(sql: str, *, template: str, clone: str) -> str:
    return "".join(rename_schema_in_lines(sql.splitlines(True), old=template, new=clone))


def _copy_contents(cursor, definition: Definition, *, template: str, clone: str) -> None:
    """The template's rows (tables with none are skipped: a table that never
    held a row has no page) and its sequences' positions."""
    source, target = quote_schema(template), quote_schema(clone)
    statements = []
    if definition.tables:
        cursor.execute(
            """
            SELECT t.name FROM unnest(%s::text[]) AS t(name)
            WHERE pg_relation_size((%s || '.' || t.name)::regclass) > 0
            """,
            [[name for name, _ in definition.tables], source],
        )
        filled = {name for (name,) in cursor.fetchall()}
        # Identifiers quoted by the catalog (Definition), never a user's input.
        statements += [
            f"INSERT INTO {target}.{name} ({columns}) OVERRIDING SYSTEM VALUE "  # noqa: S608
            f"SELECT {columns} FROM {source}.{name};"
            for name, columns in definition.tables
            if name in filled
        ]
    if definition.sequences:
        positions = " UNION ALL ".join(
            f"SELECT pg_catalog.setval('{target}.{name}', last_value, is_called) "  # noqa: S608
            f"FROM {source}.{name}"
            for name in definition.sequences
        )
        statements.append(positions + ";")
    if statements:
        cursor.execute("\n".join(statements))


def clone_template(*, template: str, clone: str) -> None:
    """Create the schema `clone` as a copy of `template` (a commune's creation
    and the warm pool, tenants/pool.py), in the caller's transaction: its DDL
    replayed (same names for every constraint and index), then its rows and
    sequence positions, then its indexes, constraints and triggers."""
    quote_schema(template)  # both names go into the SQL as they are: refuse others
    quote_schema(clone)
    definition = template_definition(template)
    with connection.cursor() as cursor:
        # Functions may refer to tables created after them (pg_dump turns this
        # check off for the same reason); only until the transaction ends.
        cursor.execute("SET LOCAL check_function_bodies = false")
        cursor.execute(_renamed(definition.pre_data, template=template, clone=clone))
        _copy_contents(cursor, definition, template=template, clone=clone)
        cursor.execute(_renamed(definition.post_data, template=template, clone=clone))
    connection.set_schema_to_public()

"""The warm pool: schemas cloned from the template ahead of time, so that
opening a commune renames one (a catalog update, milliseconds) instead of
cloning ~720 relations (~1 s).

A pooled schema has a `PoolSchema` row and a `SchemaState` row, no Commune row
and no domain: it is never served, never listed, but releases migrate it like
every schema (tenants/releases.py). Only a pooled schema at the template's
state is claimed; during a release, one not migrated yet is skipped and the
commune is cloned as before.
"""

import secrets

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_exists

from tenants import tasks
from tenants.models import PoolSchema, SchemaState
from tenants.schema import clone_template, quote_schema

# pg_advisory_xact_lock key: one refill at a time, however many workers.
REFILL_LOCK = 20_020_003
POOL_PREFIX = "pool_"


def claim_schema(*, schema_name: str) -> str | None:
    """Rename a ready pooled schema to `schema_name`, in the caller's transaction,
    and queue the refill; returns the pooled schema's name, or None when the
    pool has none ready (the caller clones). Two onboardings at once never get
    the same one (FOR UPDATE SKIP LOCKED)."""
    if settings.RESEAU_SCHEMA_POOL_SIZE <= 0:
        return None
    if not connection.in_atomic_block:
        raise RuntimeError("claim_schema runs inside the onboarding's transaction.")
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT p.id, p.schema_name FROM tenants_poolschema p
            JOIN tenants_schemastate st ON st.schema_name = p.schema_name
            WHERE st.fingerprint = (
                SELECT fingerprint FROM tenants_schemastate WHERE schema_name = %s
            )
            ORDER BY p.id LIMIT 1
            FOR UPDATE OF p SKIP LOCKED
            """,
            [settings.TENANT_BASE_SCHEMA],
        )
        row = cursor.fetchone()
        if row is None:
            return None
        pk, pooled = row
        cursor.execute(f"ALTER SCHEMA {quote_schema(pooled)} RENAME TO {quote_schema(schema_name)}")
    PoolSchema.objects.filter(pk=pk).delete()
    SchemaState.objects.filter(schema_name=schema_name).delete()  # a deleted commune's
    SchemaState.objects.filter(schema_name=pooled).update(schema_name=schema_name)
    tasks.refill_pool.defer()  # a row of this transaction: gone if it rolls back
    return pooled


def refill(*, size: int | None = None) -> int:
    """Clone the template until the pool holds `size` schemas (the setting by
    default), one transaction per schema; returns how many were made. Nothing
    is made while the template has no recorded state (it could not be claimed)."""
    size = settings.RESEAU_SCHEMA_POOL_SIZE if size is None else size
    template = settings.TENANT_BASE_SCHEMA
    made = 0
    while True:
        with transaction.atomic():
            connection.set_schema_to_public()
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [REFILL_LOCK])
            if PoolSchema.objects.count() >= size:
                return made
            if (
                not schema_exists(template)
                or not SchemaState.objects.filter(schema_name=template).exists()
            ):
                return made
            name = POOL_PREFIX + secrets.token_hex(8)
            clone_template(template=template, clone=name)
            SchemaState.copy(template=template, clone=name)
            PoolSchema.objects.create(schema_name=name)
        made += 1


def drain() -> int:
    """Drop every pooled schema (pool turned off, or a test's cleanup)."""
    dropped = 0
    with transaction.atomic():
        connection.set_schema_to_public()
        for pooled in PoolSchema.objects.select_for_update():
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {quote_schema(pooled.schema_name)} CASCADE")
            SchemaState.objects.filter(schema_name=pooled.schema_name).delete()
            pooled.delete()
            dropped += 1
    return dropped

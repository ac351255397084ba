"""The warm pool (tenants/pool.py): a commune opens by renaming a schema cloned
ahead; two openings never take the same one; a pooled schema is never served
and is claimed only when it is at the template's migrations.

Committed for real (other connections, threads): every test drains the pool."""

import threading

import pytest
from django.conf import settings
from django.db import connection, connections, transaction
from django.test import Client
from django_tenants.utils import schema_exists
from procrastinate.contrib.django.models import ProcrastinateJob

from socle.communes import served_communes
from tenants import pool, releases
from tenants.models import Commune, PoolSchema, SchemaState
from tenants.services import onboard_commune


@pytest.fixture
def committed(django_db_blocker):
    with django_db_blocker.unblock():
        try:
            yield
        finally:
            connection.set_schema_to_public()
            pool.drain()
            ProcrastinateJob.objects.filter(task_name="tenants.tasks.refill_pool").delete()


class Rollback(Exception):
    pass


def test_opening_a_commune_renames_a_pooled_schema_and_queues_the_refill(committed, commune):
    assert pool.refill(size=1) == 1
    pooled = PoolSchema.objects.get().schema_name
    # Waiting in the pool: no Commune row, not served, not listed.
    assert not Commune.objects.filter(schema_name=pooled).exists()
    assert pooled not in served_communes().values_list("schema_name", flat=True)
    assert Client(HTTP_HOST=f"{pooled}.{settings.RESEAU_BASE_DOMAIN}").get("/").status_code == 404

    onboarded = onboard_commune(
        name="Gamma", slug="gamma-pool", insee_code="75056", ambassador_email="a@gamma.example"
    )
    created = onboarded.commune
    try:
        assert not PoolSchema.objects.exists()
        assert not schema_exists(pooled) and schema_exists(created.schema_name)
        state = SchemaState.objects.get(schema_name=created.schema_name)
        assert state.fingerprint == SchemaState.objects.get(schema_name="modele").fingerprint
        assert ProcrastinateJob.objects.filter(task_name="tenants.tasks.refill_pool").exists()
        home = Client(HTTP_HOST=f"gamma-pool.{settings.RESEAU_BASE_DOMAIN}").get("/")
        assert home.status_code == 200
        # The other commune's site does not show the new one's pages.
        other = Client(HTTP_HOST=f"{commune.slug}.{settings.RESEAU_BASE_DOMAIN}").get("/")
        assert "Gamma" not in other.content.decode()
    finally:
        connection.set_schema_to_public()
        created.domains.all().delete()
        created.delete(force_drop=True)
        SchemaState.objects.filter(schema_name=created.schema_name).delete()


def test_two_openings_at_once_never_claim_the_same_pooled_schema(committed):
    assert pool.refill(size=2) == 2
    barrier = threading.Barrier(3)
    claimed = []

    def claim(n):
        try:
            with transaction.atomic():
                claimed.append(pool.claim_schema(schema_name=f"c_race_{n}"))
                barrier.wait(30)  # all three hold their claim at once
                raise Rollback
        except Rollback:
            pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=claim, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    names = [name for name in claimed if name is not None]
    assert len(claimed) == 3 and len(names) == 2 and len(set(names)) == 2
    # Rolled back: the pool is whole again.
    assert sorted(PoolSchema.objects.values_list("schema_name", flat=True)) == sorted(names)
    assert all(schema_exists(name) for name in names)


def test_a_pooled_schema_behind_the_template_is_not_claimed_but_migrated(committed):
    pool.refill(size=1)
    pooled = PoolSchema.objects.get().schema_name
    SchemaState.objects.filter(schema_name=pooled).update(fingerprint="0" * 64)
    with transaction.atomic():
        assert pool.claim_schema(schema_name="c_never") is None
    assert pooled in releases.schemas_behind()
    result = releases.release(workers=1)
    assert [o.schema for o in result.migrated] == [pooled]
    with transaction.atomic():
        assert pool.claim_schema(schema_name="c_now") == pooled
        transaction.set_rollback(True)


def test_an_empty_pool_clones_as_before(committed, settings):
    settings.RESEAU_SCHEMA_POOL_SIZE = 0
    assert pool.refill() == 0
    with transaction.atomic():
        assert pool.claim_schema(schema_name="c_none") is None

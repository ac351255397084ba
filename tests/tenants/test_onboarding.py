"""Onboarding clones the template: fast, complete, and all or nothing."""

import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from django_tenants.utils import schema_context, schema_exists

from socle import registry
from tenants import schema
from tenants.models import Commune, Domain, SchemaState
from tenants.schema import clone_template
from tenants.services import onboard_commune
from voisinages import roles
from voisinages.models import Invitation, Resident

pytestmark = pytest.mark.django_db


def _shape(schema):
    """A schema's relations, constraints and indexes (definitions without the
    schema's name), row counts and sequence positions."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.relname, c.relkind FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = %s
            """,
            [schema],
        )
        relations = sorted(cursor.fetchall())
        cursor.execute(
            """
            SELECT cls.relname, con.conname, con.contype, pg_get_constraintdef(con.oid)
            FROM pg_constraint con
            JOIN pg_class cls ON cls.oid = con.conrelid
            JOIN pg_namespace ns ON ns.oid = cls.relnamespace
            WHERE ns.nspname = %s
            """,
            [schema],
        )
        constraints = sorted(
            (table, name, kind, definition.replace(f"{schema}.", "MODELE."))
            for table, name, kind, definition in cursor.fetchall()
        )
        cursor.execute(
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE schemaname = %s",
            [schema],
        )
        indexes = sorted(
            (table, name, definition.replace(f"{schema}.", "MODELE."))
            for table, name, definition in cursor.fetchall()
        )
        tables = [name for name, kind in relations if kind == "r"]
        sequences = [name for name, kind in relations if kind == "S"]
        cursor.execute(
            " UNION ALL ".join(
                f'SELECT \'{name}\', count(*) FROM "{schema}"."{name}"'  # noqa: S608
                for name in tables
            )
        )
        rows = sorted(cursor.fetchall())
        cursor.execute(
            " UNION ALL ".join(
                f'SELECT \'{name}\', last_value, is_called FROM "{schema}"."{name}"'  # noqa: S608
                for name in sequences
            )
        )
        positions = sorted(cursor.fetchall())
    return {
        "relations": relations,
        "constraints": constraints,
        "indexes": indexes,
        "rows": rows,
        "sequences": positions,
    }


def _cast_free(rows):
    """Definitions without casts nor parentheses: PostgreSQL reads back the
    `varchar IN (...)` of a constraint or index it had printed with its casts
    moved (`(ARRAY['a'::varchar])::text[]` becomes `ARRAY[('a'::varchar)::text]`),
    the same condition."""
    return [tuple(re.sub(r"::text(\[\])?|[()]", "", field) for field in row) for row in rows]


def test_a_clone_is_its_template():
    template = settings.TENANT_BASE_SCHEMA
    clone_template(template=template, clone="c_twin")
    expected, cloned = _shape(template), _shape("c_twin")
    assert len(expected["relations"]) > 500 and len(expected["constraints"]) > 100
    assert sum(count for _, count in expected["rows"]) > 100
    assert any(called for _, _, called in expected["sequences"])
    for part in ("relations", "rows", "sequences"):
        assert cloned[part] == expected[part], part
    for part in ("constraints", "indexes"):
        assert _cast_free(cloned[part]) == _cast_free(expected[part]), part
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT max(id) FROM "{template}".django_content_type')
        last = cursor.fetchone()[0]
        cursor.execute(
            "INSERT INTO c_twin.django_content_type (app_label, model) "
            "VALUES ('twin', 'row') RETURNING id"
        )
        assert cursor.fetchone()[0] == last + 1
        # The connection is back on the public schema, its search_path whole.
        cursor.execute("SHOW search_path")
        assert cursor.fetchone()[0] == "public"
    assert Commune.objects.filter(is_template=True).exists()


def test_an_onboarded_commune_has_the_constraint_and_index_names_of_the_template(commune):
    names = {
        part: [row[:2] for row in rows]
        for part, rows in _shape(commune.schema_name).items()
        if part in ("relations", "constraints", "indexes")
    }
    template = _shape(settings.TENANT_BASE_SCHEMA)
    assert names == {part: [row[:2] for row in template[part]] for part in names}


def test_the_template_is_dumped_once_per_recorded_state(monkeypatch):
    template = settings.TENANT_BASE_SCHEMA
    dumped = []
    dump = schema._pg_dump
    monkeypatch.setattr(schema, "_pg_dump", lambda *args: dumped.append(args) or dump(*args))
    schema.template_definition(template)  # whatever an earlier test left
    dumped.clear()
    clone_template(template=template, clone="c_first")
    clone_template(template=template, clone="c_second")
    assert dumped == []
    # A release that migrates the template rewrites its state.
    SchemaState.objects.filter(schema_name=template).update(migrated_at=timezone.now())
    clone_template(template=template, clone="c_third")
    assert sorted(dumped) == [(template, "post-data"), (template, "pre-data")]
    assert all(schema_exists(name) for name in ("c_first", "c_second", "c_third"))


class AfterTheClone(Exception):
    pass


def test_a_failure_after_the_clone_leaves_no_schema():
    with pytest.raises(AfterTheClone), transaction.atomic():
        clone_template(template=settings.TENANT_BASE_SCHEMA, clone="c_undone")
        assert schema_exists("c_undone")
        raise AfterTheClone
    assert not schema_exists("c_undone")
    assert Commune.objects.filter(is_template=True).exists()


def test_onboarding_creates_a_served_commune_with_an_ambassador_invitation(client_for):
    onboarded = onboard_commune(
        name="Gamma",
        slug="gamma",
        insee_code="2A004",
        postcodes=["20000"],
        ambassador_email="maire@gamma.example",
    )
    commune = onboarded.commune
    assert onboarded.url == "http://gamma.localhost:8000/"
    assert Domain.objects.get(tenant=commune).domain == "gamma.localhost"
    assert "Gamma" in client_for(commune).get("/").content.decode()
    token = onboarded.invitation_url.split("invitation=")[1]

    signup = client_for(commune).post(
        "/accounts/signup/",
        {
            "first_name": "Marie",
            "last_name": "Curie",
            "email": "maire@gamma.example",
            "password": "une-commune-ouverte",
            "invitation": token,
        },
    )
    assert signup.status_code == 302
    with schema_context(commune.schema_name):
        ambassador = Resident.objects.get(email="maire@gamma.example")
        assert set(ambassador.groups.values_list("name", flat=True)) == {
            roles.RESIDENT,
            roles.AMBASSADOR,
        }
        assert ambassador.has_perm("voisinages.manage_members")
        assert not Invitation.objects.get(token=token).is_usable


def test_the_template_stays_clean_after_onboarding(commune, make_resident):
    make_resident(commune)
    with schema_context(settings.TENANT_BASE_SCHEMA):
        assert not Resident.objects.exists()
        assert not Invitation.objects.exists()


BAD_INPUTS = [
    ({"slug": "Bad_Slug"}, "slug"),
    ({"slug": "-dash"}, "slug"),
    ({"slug": "alpha"}, "slug"),  # already used by the test commune
    ({"slug": "modele"}, "slug"),  # the template
    ({"insee_code": "1234"}, "insee_code"),
    ({"insee_code": "2C123"}, "insee_code"),
    ({"ambassador_email": "not-an-email"}, "ambassador_email"),
    ({"name": "  "}, "name"),
]


@pytest.mark.parametrize(("override", "field"), BAD_INPUTS)
def test_invalid_onboarding_is_refused_and_leaves_nothing(override, field):
    before = (Commune.objects.count(), Domain.objects.count())
    arguments = {
        "name": "Delta",
        "slug": "delta",
        "insee_code": "92002",
        "ambassador_email": "maire@delta.example",
        **override,
    }
    with pytest.raises(ValidationError) as error:
        onboard_commune(**arguments)
    assert field in error.value.message_dict
    assert (Commune.objects.count(), Domain.objects.count()) == before
    assert not schema_exists("c_delta")


def test_an_existing_domain_is_refused(commune):
    Domain.objects.create(domain="epsilon.localhost", tenant=commune, is_primary=False)
    with pytest.raises(ValidationError) as error:
        onboard_commune(
            name="Epsilon",
            slug="epsilon",
            insee_code="92004",
            ambassador_email="maire@epsilon.example",
        )
    assert "epsilon.localhost" in str(error.value)
    assert not Commune.objects.filter(slug="epsilon").exists()
    assert not schema_exists("c_epsilon")


def test_a_failure_midway_leaves_no_row_no_domain_no_schema():
    def broken(**kwargs):
        raise RuntimeError("disk full")

    with registry.isolated(), pytest.raises(RuntimeError):
        registry.commune_defaults("cms", broken)
        onboard_commune(
            name="Zeta", slug="zeta", insee_code="92004", ambassador_email="maire@zeta.example"
        )
    connection.set_schema_to_public()
    assert not Commune.objects.filter(slug="zeta").exists()
    assert not Domain.objects.filter(domain="zeta.localhost").exists()
    assert not schema_exists("c_zeta")


def test_the_command_prints_the_url_and_the_invitation(capsys):
    call_command(
        "onboard_commune",
        "--name",
        "Eta",
        "--slug",
        "eta",
        "--insee",
        "92004",
        "--postcode",
        "92500",
        "--ambassador-email",
        "maire@eta.example",
    )
    out = capsys.readouterr().out
    assert "http://eta.localhost:8000/" in out
    assert "http://eta.localhost:8000/accounts/signup/?invitation=" in out


def test_the_command_explains_a_refusal():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as error:
        call_command(
            "onboard_commune",
            "--name",
            "Theta",
            "--slug",
            "Theta!",
            "--insee",
            "9",
            "--ambassador-email",
            "x@theta.example",
        )
    assert "slug" in str(error.value) and "insee_code" in str(error.value)
    assert not Commune.objects.filter(name="Theta").exists()

"""Onboarding clones the template: fast, complete, and all or nothing."""

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django_tenants.clone import CloneSchema
from django_tenants.utils import schema_context, schema_exists

from socle import registry
from tenants.models import Commune, Domain
from tenants.schema import _constraints, _indexes, restore_constraint_names
from tenants.services import onboard_commune
from voisinages import roles
from voisinages.models import Invitation, Resident

pytestmark = pytest.mark.django_db


def _names(schema):
    with connection.cursor() as cursor:
        constraints = {
            (key[0], key[1], key[2]): sorted(v) for key, v in _constraints(cursor, schema).items()
        }
        indexes = {key: sorted(v) for key, v in _indexes(cursor, schema).items()}
    return constraints, indexes


def test_a_clone_has_the_constraint_and_index_names_of_a_migrated_schema(commune):
    migrated = settings.TENANT_BASE_SCHEMA  # the template is migrated, never cloned
    assert _names(commune.schema_name) == _names(migrated)
    assert len(_names(migrated)[0]) > 100


def test_cloning_alone_renames_constraints_and_restoring_fixes_them():
    CloneSchema().clone_schema(settings.TENANT_BASE_SCHEMA, "raw_clone")
    try:
        assert _names("raw_clone") != _names(settings.TENANT_BASE_SCHEMA)
        assert restore_constraint_names(template=settings.TENANT_BASE_SCHEMA, clone="raw_clone") > 0
        assert _names("raw_clone") == _names(settings.TENANT_BASE_SCHEMA)
    finally:
        with connection.cursor() as cursor:
            cursor.execute('DROP SCHEMA "raw_clone" CASCADE')


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

"""socle.communes: the active commune, its address, and the loop of the
scheduled commands over every served commune."""

import pytest
from django.db import connection
from django.test import override_settings
from django.utils import translation
from django_tenants.utils import schema_context

from socle.communes import (
    ModerationMode,
    RegistrationPolicy,
    commune_url,
    current_commune,
    current_commune_id,
    for_each_commune,
    served_communes,
)
from tenants.models import Commune
from voisinages.models import Quartier

pytestmark = pytest.mark.django_db


def test_the_active_commune_under_schema_context_and_set_tenant(commune, other_commune):
    with schema_context(other_commune.schema_name):
        assert current_commune() == other_commune
        assert current_commune_id() == other_commune.pk
    connection.set_tenant(commune)
    assert current_commune() == commune
    assert current_commune_id() == commune.pk


def test_served_communes_leave_out_the_platform_and_the_template(commune, other_commune):
    served = set(served_communes())
    assert {commune, other_commune} <= served
    assert not any(c.is_template or c.schema_name == "public" for c in served)
    assert Commune.objects.filter(is_template=True).exists()


@override_settings(RESEAU_URL_SCHEME="https", RESEAU_PORT=443)
def test_commune_url_uses_the_configured_domain(commune):
    assert commune_url(commune, "/fil/") == f"https://{commune.primary_domain}/fil/"


def test_for_each_commune_works_in_each_schema_and_sees_only_its_own_rows(commune, other_commune):
    with schema_context(commune.schema_name):
        Quartier.objects.create(name="Les Coteaux de test")

    def work(current):
        assert connection.schema_name == current.schema_name
        return (
            translation.get_language(),
            Quartier.objects.filter(name="Les Coteaux de test").count(),
        )

    with translation.override("en"):
        seen = dict(for_each_commune(work))
    assert seen[commune] == ("fr", 1)
    assert seen[other_commune] == ("fr", 0)  # the other commune sees nothing
    assert list(seen) == sorted(seen, key=lambda c: c.pk)
    assert connection.schema_name == "public"


def test_for_each_commune_runs_over_the_communes_given(commune, other_commune):
    only = served_communes().filter(pk=other_commune.pk)
    assert [c for c, _ in for_each_commune(lambda c: None, communes=only)] == [other_commune]


def test_the_commune_settings_choices_keep_their_stored_values():
    assert Commune.ModerationMode is ModerationMode
    assert Commune.RegistrationPolicy is RegistrationPolicy
    assert [c.value for c in ModerationMode] == ["a_posteriori", "a_priori"]
    assert [c.value for c in RegistrationPolicy] == ["open", "approval", "invitation"]
    with translation.override("fr"):
        assert str(RegistrationPolicy.INVITATION.label) == "Sur invitation uniquement"

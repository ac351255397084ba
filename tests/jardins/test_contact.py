"""“Contacter <Prénom>” on a garden's page writes to its coordinator, in a
conversation that quotes the garden; refused to other communes."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Conversation
from tests.jardins.conftest import text

pytestmark = pytest.mark.django_db


def test_a_resident_contacts_the_coordinator_from_the_garden(world, resident, client_for):
    client = client_for(world.commune, resident)
    url = f"/messages/contacter/jardin/{world.garden.pk}/"
    page = text(client.get(world.garden.get_absolute_url()))
    assert f'href="{url}"' in page and "Contacter Rose" in page
    assert "Jardin des Lilas" in text(client.get(url))
    response = client.post(url, {"body": "Bonjour, reste-t-il des parcelles ?"})
    assert response.status_code == 302
    with schema_context(world.commune.schema_name):
        conversation = Conversation.objects.get()
        assert {conversation.first_id, conversation.second_id} == {
            resident.pk, world.coordinator.pk,
        }  # fmt: skip
        assert conversation.subject_title == "Jardin des Lilas"
        assert conversation.subject_url == world.garden.get_absolute_url()
    # The coordinator sees no button to write to themself.
    own = text(client_for(world.commune, world.coordinator).get(world.garden.get_absolute_url()))
    assert f'href="{url}"' not in own


def test_a_coordinator_who_refuses_messages_is_not_offered(world, resident, client_for):
    with schema_context(world.commune.schema_name):
        type(world.coordinator).objects.filter(pk=world.coordinator.pk).update(
            accepts_messages=False
        )
    page = text(client_for(world.commune, resident).get(world.garden.get_absolute_url()))
    assert "/messages/contacter/jardin/" not in page
    assert "n’accepte pas les messages privés" in page


def test_contacting_a_garden_from_another_commune_fails(
    world, other_commune, make_resident, client_for
):
    outsider = make_resident(other_commune, first_name="Carole")
    response = client_for(other_commune, outsider).post(
        f"/messages/contacter/jardin/{world.garden.pk}/", {"body": "Bonjour"}
    )
    assert response.status_code == 404
    with schema_context(world.commune.schema_name):
        assert not Conversation.objects.exists()

"""Preferences and visibility in private messages: a
neighbour who does not accept messages cannot be written to, on the site or
through the API; a member hidden from the directory is never named."""

import html
import re

import pytest
from django_tenants.utils import schema_context

from discussions.models import Conversation, Message
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def _text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(response.content.decode()))


def _no_conversation(commune):
    with schema_context(commune.schema_name):
        return not Conversation.objects.exists() and not Message.objects.exists()


@pytest.fixture
def quiet(commune, make_resident):
    """Inès does not accept private messages."""
    ines = make_resident(commune, email="ines@alpha.example", first_name="Inès")
    with schema_context(commune.schema_name):
        ines.accepts_messages = False
        ines.save(update_fields=["accepts_messages"])
    return ines


def test_the_site_refuses_to_write_to_who_does_not_accept_messages(
    commune, resident, quiet, client_for
):
    response = client_for(commune, resident).post(
        f"/messages/avec/{quiet.pk}/", {"body": "Bonjour"}
    )
    assert response.status_code in (400, 403)
    assert "n'accepte pas les messages privés" in _text(response)
    assert _no_conversation(commune)


def test_the_api_refuses_to_write_to_who_does_not_accept_messages(
    commune, resident, quiet, api_for
):
    body = assert_error(
        api_for(commune, resident).post(
            "/conversations", {"recipient_id": quiet.pk, "body": "Bonjour"}
        ),
        403,
    )
    assert "n'accepte pas les messages privés" in body["message"]
    assert _no_conversation(commune)


def test_another_communes_resident_cannot_write_either(
    commune, other_commune, quiet, make_resident, api_for, client_for
):
    outsider = make_resident(other_commune, email="o@beta.example")
    response = api_for(other_commune, outsider).post(
        "/conversations", {"recipient_id": quiet.pk, "body": "Bonjour"}
    )
    assert response.status_code in (403, 404)
    assert _no_conversation(commune)


@pytest.mark.parametrize("hidden_as", ["pending", "suspended"])
def test_a_member_hidden_from_the_directory_is_never_named(
    commune, resident, make_resident, client_for, api_for, hidden_as
):
    hidden = make_resident(commune, email="h@alpha.example", first_name="Hortense")
    with schema_context(commune.schema_name):
        if hidden_as == "pending":
            hidden.approval_pending = True
        else:
            hidden.is_active = False
        hidden.save()
    page = client_for(commune, resident).get(f"/messages/avec/{hidden.pk}/")
    assert page.status_code == 404 and "Hortense" not in _text(page)
    response = api_for(commune, resident).post(
        "/conversations", {"recipient_id": hidden.pk, "body": "Bonjour"}
    )
    assert response.status_code == 404 and "Hortense" not in response.content.decode()
    assert _no_conversation(commune)

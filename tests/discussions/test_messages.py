"""Private conversations: unread counts, read marks, blocking, live events."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Message
from socle.live import conversation_group

pytestmark = pytest.mark.django_db


def test_conversation_unread_and_seen(commune, make_resident, client_for, events,
                                      django_capture_on_commit_callbacks):  # fmt: skip
    alice = make_resident(commune, first_name="Alice", last_name="Martin")
    bob = make_resident(commune, first_name="Bob", last_name="Petit")
    a, b = client_for(commune, alice), client_for(commune, bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = a.post(f"/messages/avec/{bob.pk}/", {"body": "Bonjour Bob !"})
    assert response.status_code == 302
    conversation_url = response["Location"]
    conv_id = int(conversation_url.strip("/").split("/")[-1])
    with schema_context(commune.schema_name):
        message = Message.objects.get()
    assert (conversation_group(commune.pk, conv_id), {
        "type": "message.created", "conversation_id": conv_id, "message_id": message.pk,
        "fragment_url": f"/messages/message/{message.pk}/fragment/",
    }) in events  # fmt: skip
    inbox = b.get("/messages/").content.decode()
    assert "Alice M." in inbox and "1 non lu" in inbox
    assert "alice" not in inbox.lower().replace("alice m.", "")  # no email shown
    with django_capture_on_commit_callbacks(execute=True):
        page = b.get(conversation_url).content.decode()
    assert f'data-live-messages data-conversation-id="{conv_id}"' in page
    assert f'data-message-id="{message.pk}"' in page
    assert ("message.seen", bob.pk) in [(e["type"], e.get("reader_id")) for _g, e in events]
    assert "non lu" not in b.get("/messages/").content.decode()
    assert b.get(f"/messages/message/{message.pk}/fragment/").status_code == 200


def test_blocking_stops_messages(commune, make_resident, client_for):
    alice = make_resident(commune, first_name="Alice")
    bob = make_resident(commune, first_name="Bob")
    a, b = client_for(commune, alice), client_for(commune, bob)
    url = a.post(f"/messages/avec/{bob.pk}/", {"body": "Salut"})["Location"]
    b.post(url + "bloquer/")
    assert a.post(url, {"body": "Tu es là ?"}).status_code == 403
    assert a.post(f"/messages/avec/{bob.pk}/", {"body": "Encore"}).status_code == 403
    with schema_context(commune.schema_name):
        assert Message.objects.count() == 1
    b.post(url + "bloquer/", {"unblock": "1"})
    assert a.post(url, {"body": "Tu es là ?"}).status_code == 302


def test_outsiders_cannot_read_or_write(commune, make_resident, client_for, stranger_client):
    alice = make_resident(commune)
    bob = make_resident(commune)
    eve = make_resident(commune)
    url = client_for(commune, alice).post(f"/messages/avec/{bob.pk}/", {"body": "Secret"})[
        "Location"
    ]
    assert client_for(commune, eve).get(url).status_code == 404
    assert client_for(commune, eve).post(url, {"body": "Coucou"}).status_code == 404
    assert stranger_client(commune).post(url, {"body": "Coucou"}).status_code == 302
    with schema_context(commune.schema_name):
        assert list(Message.objects.values_list("body", flat=True)) == ["Secret"]


def test_empty_message_is_refused(commune, make_resident, client_for):
    alice = make_resident(commune)
    bob = make_resident(commune)
    response = client_for(commune, alice).post(f"/messages/avec/{bob.pk}/", {"body": "  "})
    assert response.status_code == 400
    assert "Écrivez d&#x27;abord quelque chose." in response.content.decode()
    with schema_context(commune.schema_name):
        assert not Message.objects.exists()

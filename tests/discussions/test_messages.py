"""Private conversations: unread counts, read marks, blocking, live events."""

import pytest
from django_tenants.utils import schema_context

from discussions.models import Message
from socle.live import conversation_group

pytestmark = pytest.mark.django_db


def test_conversation_unread_and_seen(commune, make_resident, client_for, captured_events):
    alice = make_resident(commune, first_name="Alice", last_name="Martin")
    bob = make_resident(commune, first_name="Bob", last_name="Petit")
    a, b = client_for(commune, alice), client_for(commune, bob)
    with captured_events(expected=2) as events:
        response = a.post(f"/messages/avec/{bob.pk}/", {"body": "Bonjour Bob !"})
    assert response.status_code == 302
    conversation_url = response["Location"]
    conv_id = int(conversation_url.strip("/").split("/")[-1])
    with schema_context(commune.schema_name):
        message = Message.objects.get()
    # The conversation's page shows the message; Bob alone gets a notification.
    assert events[0] == (conversation_group(commune.pk, conv_id), {
        "type": "message.created", "conversation_id": conv_id, "message_id": message.pk,
        "fragment_url": f"/messages/message/{message.pk}/fragment/",
    })  # fmt: skip
    group, event = events[1]
    assert group == f"t{commune.pk}.u{bob.pk}"
    assert (event["type"], event["kind"]) == ("notification", "discussions.message.received")
    inbox = b.get("/messages/").content.decode()
    assert "Alice M." in inbox and "1 non lu" in inbox
    assert "alice" not in inbox.lower().replace("alice m.", "")  # no email shown
    with captured_events(expected=1) as seen:
        page = b.get(conversation_url).content.decode()
    assert f'data-live-messages data-conversation-id="{conv_id}"' in page
    assert f'data-message-id="{message.pk}"' in page
    [(group, event)] = seen
    assert group == conversation_group(commune.pk, conv_id)
    assert (event["type"], event["reader_id"]) == ("message.seen", bob.pk)
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

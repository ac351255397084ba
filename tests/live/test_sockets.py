"""The websocket endpoint with Channels' communicators (in-memory layer)."""

import json

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404
from django_tenants.utils import schema_context

from socle import live
from tests.live.conftest import committed_resident, same_id_residents, session_for, socket_for

pytestmark = pytest.mark.usefixtures("live_db")


async def send_event(group, event):
    await get_channel_layer().group_send(group, live.group_message(group, event))


@pytest.fixture
def stand_in_selectors(monkeypatch):
    """A stand-in `get_post_for` that reads the database of the active schema
    (a "post" is one of the viewer's inbox rows), so a lookup in the wrong
    commune is refused."""
    from discussions import selectors
    from voisinages.models import Notification

    def get_post_for(*, viewer, post_id):
        if not Notification.objects.filter(pk=post_id, recipient=viewer).exists():
            raise Http404
        return post_id

    def get_conversation_for(*, viewer, conversation_id):
        raise PermissionDenied

    monkeypatch.setattr(selectors, "get_post_for", get_post_for)
    monkeypatch.setattr(selectors, "get_conversation_for", get_conversation_for)
    return selectors


def test_two_communes_interleaved_with_the_same_user_id_get_only_their_events(
    alpha, beta, stand_in_selectors
):
    from voisinages.models import Notification

    anna, bruno = same_id_residents(alpha, beta)
    assert anna.pk == bruno.pk  # the same id in both schemas
    with schema_context(alpha.schema_name):
        post_like = Notification.objects.create(recipient=anna, kind="tests.x", title="A")
    key_a, key_b = session_for(alpha, anna), session_for(beta, bruno)

    async def scenario():
        sock_a, sock_b = socket_for(alpha, key_a), socket_for(beta, key_b)
        assert (await sock_a.connect())[0]
        assert (await sock_b.connect())[0]
        # Interleaved access checks: each runs in its own commune's schema.
        for sock, expected in ((sock_a, "subscribed"), (sock_b, "error"), (sock_a, "subscribed")):
            await sock.send_json_to({"subscribe": "post", "id": post_like.pk})
            assert (await sock.receive_json_from(timeout=2))["type"] == expected
        await send_event(live.user_group(alpha.pk, anna.pk), {"type": "notification", "id": 1})
        await send_event(live.feed_group(beta.pk), {"type": "post.published", "post_id": 7})
        await send_event(
            live.post_group(alpha.pk, post_like.pk), {"type": "comment.created", "comment_id": 3}
        )
        got_a = [await sock_a.receive_json_from(timeout=2) for _ in range(2)]
        got_b = await sock_b.receive_json_from(timeout=2)
        assert [e["type"] for e in got_a] == ["notification", "comment.created"]
        assert got_b == {"type": "post.published", "post_id": 7}
        assert await sock_a.receive_nothing(timeout=0.2)
        assert await sock_b.receive_nothing(timeout=0.2)
        await sock_a.disconnect()
        await sock_b.disconnect()

    async_to_sync(scenario)()
    assert connection.schema_name == "public"


def test_a_commune_wide_event_is_one_message_per_process(alpha):
    keys = [session_for(alpha, committed_resident(alpha)) for _ in range(3)]

    async def scenario():
        layer = get_channel_layer()
        sockets = [socket_for(alpha, key) for key in keys]
        for sock in sockets:
            assert (await sock.connect())[0]
        # Only the hub's channel is in the feed group, whatever the number of sockets.
        members = layer.groups.get(live.feed_group(alpha.pk), {})
        assert len(members) == 1
        await send_event(live.feed_group(alpha.pk), {"type": "post.published", "post_id": 1})
        for sock in sockets:
            assert (await sock.receive_json_from(timeout=2))["post_id"] == 1
        for sock in sockets:
            await sock.disconnect()
        assert live.feed_group(alpha.pk) not in layer.groups  # left with the last socket

    async_to_sync(scenario)()


def test_anonymous_foreign_origin_and_unknown_hosts_are_refused(alpha, beta):
    anna = committed_resident(alpha)
    key = session_for(alpha, anna)

    async def scenario():
        for sock in (
            socket_for(alpha),  # no session
            socket_for(alpha, "not-a-session"),
            socket_for(alpha, key, origin_host=beta.live_host),  # a sibling commune's page
            socket_for(alpha, key, origin_host=False),  # no Origin at all
            socket_for(beta, key),  # alpha's session on beta's host
            socket_for(alpha, key, host="nowhere.localhost", origin_host="nowhere.localhost"),
        ):
            connected, _ = await sock.connect()
            assert not connected
        sock = socket_for(alpha, key)
        assert (await sock.connect())[0]
        await sock.disconnect()

    async_to_sync(scenario)()


def test_a_suspended_resident_is_disconnected_and_cannot_come_back(alpha):
    from voisinages import roles
    from voisinages.services.members import suspend_resident

    anna, other = committed_resident(alpha), committed_resident(alpha)
    ambassador = committed_resident(alpha, roles=(roles.AMBASSADOR,))
    key, other_key = session_for(alpha, anna), session_for(alpha, other)

    async def scenario():
        sock, other_sock = socket_for(alpha, key), socket_for(alpha, other_key)
        assert (await sock.connect())[0]
        assert (await other_sock.connect())[0]

        def suspend():  # the ambassador's action; the socket closes after its commit
            with schema_context(alpha.schema_name):
                suspend_resident(resident=anna, actor=ambassador, reason="Messages insultants")

        from asgiref.sync import sync_to_async

        await sync_to_async(suspend)()
        assert (await sock.receive_json_from(timeout=2))["type"] == live.ACCOUNT_SUSPENDED
        closing = await sock.receive_output(timeout=2)
        assert closing == {"type": "websocket.close", "code": 4403}
        # The other resident stays connected and still gets the feed.
        await send_event(live.feed_group(alpha.pk), {"type": "post.published", "post_id": 2})
        assert (await other_sock.receive_json_from(timeout=2))["post_id"] == 2
        again = socket_for(alpha, key)
        assert not (await again.connect())[0]
        await other_sock.disconnect()

    async_to_sync(scenario)()


def test_bad_subscriptions_are_refused_with_a_reason(alpha, stand_in_selectors):
    key = session_for(alpha, committed_resident(alpha))

    async def scenario():
        sock = socket_for(alpha, key)
        assert (await sock.connect())[0]
        for payload in ("nope", json.dumps({"subscribe": "wagtail", "id": 1}), "{}"):
            await sock.send_to(text_data=payload)
            assert (await sock.receive_json_from(timeout=2))["error"] == "bad-request"
        await sock.send_json_to({"subscribe": "conversation", "id": 5})
        assert (await sock.receive_json_from(timeout=2))["error"] == "forbidden"
        await sock.disconnect()

    async_to_sync(scenario)()


HOSTILE_FRAMES = [
    '{"subscribe": "post", "id": 1e400}',  # an infinite float
    '{"subscribe": {}, "id": 1}',  # an unhashable kind
    '{"subscribe": ["post"], "id": 1}',
    '{"subscribe": "post", "id": "²"}',  # "²".isdigit() is true
    '{"subscribe": "post", "id": "٣"}',
    '{"subscribe": "post", "id": 99999999999999999999999}',  # past bigint
    '{"subscribe": "post", "id": "1\\u0000"}',
    '{"subscribe": "post", "id": true}',
    "[1, 2]",
    "[" * 100_000 + "]" * 100_000,  # too deep for the JSON decoder
]


def test_malformed_subscriptions_answer_an_error_frame_and_keep_the_socket(alpha):
    key = session_for(alpha, committed_resident(alpha))

    async def scenario():
        sock = socket_for(alpha, key)
        assert (await sock.connect())[0]
        for payload in HOSTILE_FRAMES:
            await sock.send_to(text_data=payload)
            answer = await sock.receive_json_from(timeout=2)
            assert answer == {"type": "error", "error": "bad-request"}, payload[:40]
        # Still open and answering.
        await sock.send_json_to({"subscribe": "conversation", "id": 5})
        assert (await sock.receive_json_from(timeout=2))["error"] == "forbidden"
        await sock.disconnect()

    async_to_sync(scenario)()


def test_only_ambassadors_follow_the_moderation_count(alpha):
    from voisinages import roles

    ambassador = committed_resident(alpha, roles=(roles.AMBASSADOR,))
    neighbour = committed_resident(alpha)
    key_amb, key_nb = session_for(alpha, ambassador), session_for(alpha, neighbour)

    async def scenario():
        amb, nb = socket_for(alpha, key_amb), socket_for(alpha, key_nb)
        assert (await amb.connect())[0]
        assert (await nb.connect())[0]
        await send_event(live.moderation_group(alpha.pk), {"type": "moderation.count", "count": 4})
        assert await amb.receive_json_from(timeout=2) == {"type": "moderation.count", "count": 4}
        assert await nb.receive_nothing(timeout=0.2)
        await amb.disconnect()
        await nb.disconnect()

    async_to_sync(scenario)()

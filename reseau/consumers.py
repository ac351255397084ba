"""The websocket consumer of `/ws/`: authenticate, join the resident's groups
through the process hub, accept subscriptions to a post or a conversation after
an access check, forward events. No database access here except through
`reseau.live_auth.in_commune` (one sync function per access)."""

import functools
import json

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncWebsocketConsumer

from reseau.live_auth import in_commune
from socle import live, registry
from socle.database import is_database_unavailable
from socle.params import parse_id
from voisinages.models import Resident

# No per-socket channel-layer channel: the process hub receives for every socket.
NO_CHANNEL_LAYER = "reseau.live.no-per-socket-channel"
MAX_SUBSCRIPTIONS = 20
CLOSE_UNAUTHENTICATED = 4401
CLOSE_SUSPENDED = 4403


def can_subscribe(*, resident_id: int, kind: str, object_id: int) -> bool:
    """Whether the resident may follow this object: the `allowed` check its app
    registered (runs inside the commune's schema, see in_commune)."""
    viewer = Resident.objects.filter(pk=resident_id, is_active=True).first()
    if viewer is None:
        return False
    return registry.subscriptions()[kind].allowed(viewer=viewer, object_id=object_id)


def daphne_protocol(send):
    """The Twisted protocol behind daphne's ASGI `send` (a partial of
    `Server.handle_reply(protocol, message)`), or None under another server:
    the hub then writes a frame prepared once per event to every socket."""
    if isinstance(send, functools.partial) and send.args:
        protocol = send.args[0]
        if hasattr(protocol, "sendPreparedMessage") and hasattr(protocol, "factory"):
            return protocol
    return None


def parse_subscription(text) -> tuple[str, int] | None:
    """`{"subscribe": <kind>, "id": <id>}` -> (kind, id), or None for anything
    else (not JSON, too deep, not an object, a kind no app registered with
    `registry.live_subscription` ("post", "conversation"), an id that is not a
    whole number of the database's range)."""
    try:
        request = json.loads(text or "")
    except (ValueError, RecursionError):
        return None
    if not isinstance(request, dict):
        return None
    kind, object_id = request.get("subscribe"), parse_id(request.get("id"))
    if not isinstance(kind, str) or kind not in registry.subscriptions() or object_id is None:
        return None
    return kind, object_id


class LiveConsumer(AsyncWebsocketConsumer):
    channel_layer_alias = NO_CHANNEL_LAYER

    async def connect(self):
        self.identity = self.scope.get("live")
        self.joined: list[str] = []
        self.hub = live.get_hub()
        if self.identity is None or not self.identity.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        commune_id = self.identity.commune_id
        groups = [
            live.user_group(commune_id, self.identity.resident_id),
            live.feed_group(commune_id),
        ]
        if self.identity.is_ambassador:
            groups.append(live.moderation_group(commune_id))
        self.live_protocol = daphne_protocol(self.base_send)
        for group in groups:
            await self._join(group)
        await self.accept()

    async def _join(self, group: str):
        if group in self.joined:
            return
        self.joined.append(group)
        if self.hub is not None:
            await self.hub.join(group, self)

    async def disconnect(self, code):
        if self.hub is not None and getattr(self, "joined", None):
            await self.hub.leave_all(self.joined, self)
        self.joined = []

    async def receive(self, text_data=None, bytes_data=None):
        subscription = parse_subscription(text_data)
        if subscription is None:
            await self.send(json.dumps({"type": "error", "error": "bad-request"}))
            return
        kind, object_id = subscription
        group = registry.subscriptions()[kind].group(self.identity.commune_id, object_id)
        try:
            allowed = len(self.joined) < MAX_SUBSCRIPTIONS + 3 and await database_sync_to_async(
                in_commune
            )(
                self.identity.schema_name,
                can_subscribe,
                resident_id=self.identity.resident_id,
                kind=kind,
                object_id=object_id,
            )
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            # The socket stays open; the page may ask again later.
            await self.send(
                json.dumps(
                    {"type": "error", "error": "unavailable", "subscribe": kind, "id": object_id}
                )
            )
            return
        if not allowed:
            await self.send(
                json.dumps(
                    {"type": "error", "error": "forbidden", "subscribe": kind, "id": object_id}
                )
            )
            return
        await self._join(group)
        await self.send(json.dumps({"type": "subscribed", "subscribe": kind, "id": object_id}))

    async def live_dispatch(self, group: str, text: str):
        """Called by the process hub with an event already serialised."""
        if self.joined and group == self.joined[0] and live.ACCOUNT_SUSPENDED in text:
            if json.loads(text).get("type") == live.ACCOUNT_SUSPENDED:
                await self.base_send({"type": "websocket.send", "text": text})
                await self.close(code=CLOSE_SUSPENDED)
                await self.disconnect(CLOSE_SUSPENDED)
                return
        # Straight to the server (the consumer's send() only wraps this).
        await self.base_send({"type": "websocket.send", "text": text})

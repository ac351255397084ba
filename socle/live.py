"""Live delivery over the channel layer: group names, publishing, and the
per-process hub. Group names carry the commune: `t<commune id>.u<resident id>`
for one resident, `t<commune id>.feed` for the whole commune. A failing channel
layer loses nothing: the inbox is the truth.

Fan-out: sockets never join channel-layer groups themselves. Each server
process has one `LiveHub` (per event loop) holding one channel-layer channel;
the hub joins a group when the first local socket needs it and leaves it with
the last one, and dispatches every message it receives to its local sockets.
A commune-wide event therefore costs one channel-layer message per process,
not one per connected resident (a `group_send` to 1,000 sockets took ~0.6 s).

Imports no project app: notifications are delivered by voisinages/live.py."""

import asyncio
import json
import logging
import weakref

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.db import transaction

from socle.communes import current_commune_id

logger = logging.getLogger(__name__)

# The message type a hub receives from the channel layer.
EVENT_MESSAGE = "live.event"
# Sent to a resident's group when the account is suspended: sockets close.
ACCOUNT_SUSPENDED = "account.suspended"


def user_group(commune_id: int, resident_id: int) -> str:
    return f"t{commune_id}.u{resident_id}"


def feed_group(commune_id: int) -> str:
    """Commune-wide events: a new post, an alert."""
    return f"t{commune_id}.feed"


def post_group(commune_id: int, post_id: int) -> str:
    """Readers of one post (new comments)."""
    return f"t{commune_id}.post{post_id}"


def conversation_group(commune_id: int, conversation_id: int) -> str:
    """The two members of a private conversation (messages, "vu" marks)."""
    return f"t{commune_id}.conv{conversation_id}"


def moderation_group(commune_id: int) -> str:
    """Ambassadors watching the moderation queue count."""
    return f"t{commune_id}.moderation"


def publish(group: str, event: dict) -> bool:
    """Send an event to a group once committed; services call it inside
    `transaction.on_commit` with primary keys and plain values only."""
    return send_to_group(group, event)


def send_to_group(group: str, event: dict) -> bool:
    layer = get_channel_layer()
    if layer is None:
        return False
    try:
        async_to_sync(layer.group_send)(group, group_message(group, event))
    except Exception:  # the layer is down: pages and the inbox keep working
        logger.warning("Live delivery to %s failed", group, exc_info=True)
        return False
    return True


def group_message(group: str, event: dict) -> dict:
    """The channel-layer message for an event (a hub serialises the event once
    and forwards the same text to every local socket)."""
    return {"type": EVENT_MESSAGE, "group": group, "event": event}


def disconnect_resident(commune_id: int, resident_id: int) -> bool:
    """Close every open socket of a resident (call it after commit when the
    account is suspended; the next handshake is refused anyway)."""
    return publish(user_group(commune_id, resident_id), {"type": ACCOUNT_SUSPENDED})


def publish_on_commit(group_of, event: dict) -> None:
    """Send `event` to `group_of(<id of the active commune>)` once the transaction
    commits (nothing is sent if it rolls back)."""
    group = group_of(current_commune_id())
    transaction.on_commit(lambda: publish(group, event))


# --- The per-process hub ------------------------------------------------------


class LiveHub:
    """One channel-layer channel per process (per event loop) and the local
    sockets of each group. Sockets are objects with an async
    `live_dispatch(group, text)` method (see reseau.consumers.LiveConsumer)."""

    REFRESH_SECONDS = 3600  # re-join groups well within the layer's group expiry
    RETRY_MAX_SECONDS = 30

    def __init__(self, layer):
        self.layer = layer
        self.channel_name: str | None = None
        self.members: dict[str, set] = {}
        self._lock = asyncio.Lock()
        self._tasks: list[asyncio.Task] = []
        self._dirty = False  # a group_add failed: re-join when the layer is back

    async def _start(self):
        if self.channel_name is None:
            self.channel_name = await self.layer.new_channel()
            self._tasks = [
                asyncio.ensure_future(self._receive_loop()),
                asyncio.ensure_future(self._refresh_loop()),
            ]

    async def join(self, group: str, socket) -> None:
        async with self._lock:
            await self._start()
            sockets = self.members.setdefault(group, set())
            first = not sockets
            sockets.add(socket)
            if first:
                try:
                    await self.layer.group_add(group, self.channel_name)
                except Exception:
                    self._dirty = True
                    logger.warning("Live: could not join %s", group, exc_info=True)

    async def leave(self, group: str, socket) -> None:
        async with self._lock:
            sockets = self.members.get(group)
            if not sockets:
                return
            sockets.discard(socket)
            if sockets:
                return
            del self.members[group]
            try:
                await self.layer.group_discard(group, self.channel_name)
            except Exception:
                logger.warning("Live: could not leave %s", group, exc_info=True)

    async def leave_all(self, groups, socket) -> None:
        for group in list(groups):
            await self.leave(group, socket)

    async def dispatch(self, message: dict) -> int:
        """Hand one channel-layer message to the local sockets of its group.

        Under daphne, a socket exposes its Twisted protocol (`live_protocol`):
        the frame is then built once per event (autobahn's prepareMessage) and
        written to each open socket directly. Other servers, and events the
        consumer must act on (a suspension), go through `live_dispatch`."""
        if message.get("type") != EVENT_MESSAGE:
            return 0
        group = message.get("group")
        sockets = list(self.members.get(group, ()))
        if not sockets:
            return 0
        event = message.get("event") or {}
        text = json.dumps(event)
        fast = event.get("type") != ACCOUNT_SUSPENDED
        prepared = None
        for socket in sockets:
            try:
                protocol = getattr(socket, "live_protocol", None) if fast else None
                if protocol is not None and protocol.state == protocol.STATE_OPEN:
                    if prepared is None:
                        prepared = protocol.factory.prepareMessage(text.encode())
                    protocol.sendPreparedMessage(prepared)
                else:
                    await socket.live_dispatch(group, text)
            except Exception:
                logger.warning("Live: a socket failed to take an event", exc_info=True)
        return len(sockets)

    async def _rejoin(self):
        async with self._lock:
            for group in list(self.members):
                await self.layer.group_add(group, self.channel_name)
            self._dirty = False

    async def _receive_loop(self):
        delay = 0.5
        while True:
            try:
                if self._dirty:
                    await self._rejoin()
                message = await self.layer.receive(self.channel_name)
                delay = 0.5
            except asyncio.CancelledError:
                raise
            except Exception:
                # Redis is down or restarting: wait, then join the groups again
                # (a restarted Redis has forgotten them).
                logger.warning("Live: channel layer unavailable", exc_info=True)
                self._dirty = True
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.RETRY_MAX_SECONDS)
                continue
            await self.dispatch(message)

    async def _refresh_loop(self):
        while True:
            await asyncio.sleep(self.REFRESH_SECONDS)
            try:
                await self._rejoin()
            except Exception:
                self._dirty = True
                logger.warning("Live: could not refresh groups", exc_info=True)


_hubs: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, LiveHub]" = weakref.WeakKeyDictionary()


def get_hub() -> LiveHub | None:
    """The hub of the running event loop (None without a channel layer)."""
    layer = get_channel_layer()
    if layer is None:
        return None
    loop = asyncio.get_running_loop()
    hub = _hubs.get(loop)
    if hub is None or hub.layer is not layer:
        hub = _hubs[loop] = LiveHub(layer)
    return hub

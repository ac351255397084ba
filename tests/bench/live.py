"""make bench-live [CLIENTS=1000 EVENTS=30]: CLIENTS websocket clients of one
commune against one daphne process with the Redis channel layer; publishes
EVENTS commune-wide events through the live hub (one channel-layer message per
process), then the same through a plain Channels group_send to one channel per
socket, in the same run. The last line is one JSON object: clients,
fanout_p50_ms, fanout_p95_ms (publish to the last client receiving),
naive_fanout_p50_ms, naive_fanout_p95_ms, kb_per_connection (server RSS growth
per idle connection)."""

import asyncio
import base64
import json
import os
import resource
import statistics
import sys
import time

import django


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def rss_kb(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise RuntimeError("no VmRSS")


def raise_open_files_limit(wanted: int) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft < target:
        resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


def make_commune_and_sessions(clients: int):
    """A bench commune with one resident per client and a session each."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.models import Session
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from tenants.models import Commune
    from tenants.selectors import commune_host
    from tenants.services import onboard_commune
    from voisinages.models import Resident

    slug = f"bench-live-{os.getpid()}"
    commune = onboard_commune(
        name="Bench live", slug=slug, insee_code="75056", ambassador_email="a@bench.example"
    ).commune
    commune = Commune.objects.get(pk=commune.pk)
    engine = import_module(settings.SESSION_ENGINE)
    password = make_password("bench-password-123")
    keys = []
    with schema_context(commune.schema_name):
        residents = Resident.objects.bulk_create(
            Resident(
                email=f"r{i}@{slug}.example", first_name="R", last_name=str(i), password=password
            )
            for i in range(clients)
        )
        sessions = []
        expiry = timezone.now() + timezone.timedelta(days=1)
        for resident in residents:
            store = engine.SessionStore()
            key = store._get_new_session_key()
            data = {
                SESSION_KEY: str(resident.pk),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend",
                HASH_SESSION_KEY: resident.get_session_auth_hash(),
            }
            sessions.append(
                Session(session_key=key, session_data=store.encode(data), expire_date=expiry)
            )
            keys.append(key)
        Session.objects.bulk_create(sessions)
    return commune, commune_host(commune), keys


def drop_commune(commune):
    from django.db import connection

    connection.set_schema_to_public()
    commune.domains.all().delete()
    commune.delete(force_drop=True)


class RawClient(asyncio.Protocol):
    """A websocket client reduced to what the measure needs: the handshake,
    then the arrival time of the first bytes after each publish (frames are
    not decoded: a browser decodes in its own process, not in the server's)."""

    def __init__(self, owner):
        self.owner, self.transport, self.buffer = owner, None, b""
        self.upgraded = asyncio.get_running_loop().create_future()
        self.waiting = False

    def connection_made(self, transport):
        self.transport = transport

    def data_received(self, data):
        if not self.upgraded.done():
            self.buffer += data
            head, separator, rest = self.buffer.partition(b"\r\n\r\n")
            if separator:
                self.upgraded.set_result(head.startswith(b"HTTP/1.1 101"))
                self.buffer = b""
                if rest:
                    self.data_received(rest)
            return
        now = time.perf_counter()
        self.buffer += data
        while len(self.buffer) >= 2:  # server frames are not masked
            opcode, length, offset = self.buffer[0] & 0x0F, self.buffer[1] & 0x7F, 2
            if length == 126:
                length, offset = int.from_bytes(self.buffer[2:4], "big"), 4
            elif length == 127:
                length, offset = int.from_bytes(self.buffer[2:10], "big"), 10
            if len(self.buffer) < offset + length:
                return
            payload = self.buffer[offset : offset + length]
            self.buffer = self.buffer[offset + length :]
            if opcode == 0x9:  # ping: answer, or the server drops us
                self.transport.write(bytes([0x8A, 0x80 | len(payload)]) + b"\0\0\0\0" + payload)
            elif opcode == 0x1 and self.waiting:
                self.waiting = False
                self.owner.arrived(now)

    def connection_lost(self, exc):
        if not self.upgraded.done():
            self.upgraded.set_result(False)


class Clients:
    """Many websocket clients in one event loop, recording arrival times."""

    def __init__(self, host, port, keys, path):
        self.host, self.port, self.keys, self.path = host, port, keys, path
        self.sockets = []
        self.times = []
        self.done = None

    async def open_all(self, batch=10):
        loop = asyncio.get_running_loop()

        async def one(key):
            transport, client = await loop.create_connection(
                lambda: RawClient(self), "127.0.0.1", self.port
            )
            nonce = base64.b64encode(os.urandom(16)).decode()
            transport.write(
                (
                    f"GET {self.path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
                    "Upgrade: websocket\r\nConnection: Upgrade\r\n"
                    f"Sec-WebSocket-Key: {nonce}\r\nSec-WebSocket-Version: 13\r\n"
                    f"Origin: http://{self.host}:{self.port}\r\n"
                    f"Cookie: sessionid={key}\r\n\r\n"
                ).encode()
            )
            if not await asyncio.wait_for(client.upgraded, 120):
                raise RuntimeError("handshake refused")
            return client

        for start in range(0, len(self.keys), batch):
            self.sockets += await asyncio.gather(
                *(one(k) for k in self.keys[start : start + batch])
            )

    def arrived(self, when):
        self.times.append(when)
        if len(self.times) == len(self.sockets):
            self.done.set()

    def expect(self):
        self.times, self.done = [], asyncio.Event()
        for client in self.sockets:
            client.waiting = True

    async def close_all(self):
        for client in self.sockets:
            client.transport.close()
        self.sockets = []


async def measure(clients, layer, group, events, first_seq, message_for):
    samples = []
    for seq in range(first_seq, first_seq + events):
        clients.expect()
        event = {"type": "post.published", "post_id": seq, "seq": seq, "title": "Bench"}
        started = time.perf_counter()
        await layer.group_send(group, message_for(group, event))
        await asyncio.wait_for(clients.done.wait(), 60)
        samples.append((max(clients.times) - started) * 1000)
        await asyncio.sleep(0.1)
    return samples


async def run(host, port, keys, server_pid, redis_url, events, feed):
    from socle import live
    from tests.bench.live_app import NAIVE_GROUP
    from tests.live.servers import redis_layer

    layer = redis_layer(redis_url)
    # Warm the server (imports, first DB connection) with one socket.
    warm = Clients(host, port, keys[:1], "/ws/")
    await warm.open_all()
    await warm.close_all()
    await asyncio.sleep(1)
    before = rss_kb(server_pid)

    hub_clients = Clients(host, port, keys, "/ws/")
    await hub_clients.open_all()
    await asyncio.sleep(2)
    kb_per_connection = (rss_kb(server_pid) - before) / len(keys)
    hub = await measure(hub_clients, layer, feed, events, 1, live.group_message)
    await hub_clients.close_all()
    await asyncio.sleep(1)

    naive_clients = Clients(host, port, keys, "/ws/naive/")
    await naive_clients.open_all()
    await asyncio.sleep(1)
    naive = await measure(
        naive_clients,
        layer,
        NAIVE_GROUP,
        max(5, events // 3),
        10_000,
        lambda group, event: {"type": "live.event", "event": event},
    )
    await naive_clients.close_all()
    return hub, naive, kb_per_connection


def main(clients: int, events: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    django.setup()
    from django.conf import settings

    from socle import live
    from tests.live.servers import redis_server, start_daphne, stop

    raise_open_files_limit(clients * 2 + 256)
    commune, host, keys = make_commune_and_sessions(clients)
    try:
        with redis_server() as (url, _redis):
            server, port = start_daphne(
                redis_url=url,
                db_name=settings.DATABASES["default"]["NAME"],
                settings="tests.bench.live_settings",
                application="tests.bench.live_app:application",
            )
            try:
                hub, naive, kb = asyncio.run(
                    run(host, port, keys, server.pid, url, events, live.feed_group(commune.pk))
                )
            finally:
                stop(server)
    finally:
        drop_commune(commune)
    return {
        "clients": clients,
        "events": len(hub),
        "fanout_p50_ms": round(statistics.median(hub), 1),
        "fanout_p95_ms": round(percentile(hub, 0.95), 1),
        "naive_fanout_p50_ms": round(statistics.median(naive), 1),
        "naive_fanout_p95_ms": round(percentile(naive, 0.95), 1),
        "kb_per_connection": round(kb, 1),
    }


if __name__ == "__main__":
    clients = int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1] else 1000
    events = int(sys.argv[2]) if len(sys.argv) > 2 and sys.argv[2] else 30
    result = main(clients, events)
    print(
        f"hub fan-out to {clients} sockets: p50 {result['fanout_p50_ms']} ms, "
        f"p95 {result['fanout_p95_ms']} ms; plain group_send: p95 {result['naive_fanout_p95_ms']} ms"
    )
    print(json.dumps(result))

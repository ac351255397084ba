"""Real daphne processes, a real websocket client (`websockets`) and Redis:
two processes share one Redis; stopping Redis loses nothing from the inbox."""

import asyncio
import json
import time
import urllib.request

import pytest
from asgiref.sync import async_to_sync
from django.db import connection, connections
from django_tenants.utils import schema_context
from websockets.asyncio.client import connect

from socle import live
from socle.registry import notification_kind
from tests.live.conftest import committed_resident, session_for
from tests.live.servers import redis_layer, redis_server, start_daphne, stop
from voisinages.notifications import notify

pytestmark = [pytest.mark.slow, pytest.mark.usefixtures("live_db")]

notification_kind("tests.live.server", "Serveur", default="app")


def ws(commune, port, session_key):
    host = f"{commune.live_host}:{port}"
    return connect(
        f"ws://{host}/ws/",
        host="127.0.0.1",
        port=port,
        origin=f"http://{host}",
        additional_headers={"Cookie": f"sessionid={session_key}"},
        open_timeout=20,
    )


async def next_event(socket, timeout=10):
    return json.loads(await asyncio.wait_for(socket.recv(), timeout))


def http_get(commune, port, path, session_key):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": f"{commune.live_host}:{port}", "Cookie": f"sessionid={session_key}"},
    )
    with urllib.request.urlopen(request, timeout=20) as response:  # noqa: S310 (loopback)
        return response.status, response.read().decode()


def test_an_event_published_once_reaches_sockets_held_by_two_processes(alpha):
    anna, bruno = committed_resident(alpha), committed_resident(alpha)
    key_a, key_b = session_for(alpha, anna), session_for(alpha, bruno)
    db_name = connection.settings_dict["NAME"]
    with redis_server() as (url, _server):
        first, port_1 = start_daphne(redis_url=url, db_name=db_name)
        second, port_2 = start_daphne(redis_url=url, db_name=db_name)
        try:

            async def scenario():
                layer = redis_layer(url)
                async with ws(alpha, port_1, key_a) as sock_1, ws(alpha, port_2, key_b) as sock_2:
                    await asyncio.sleep(0.3)  # both hubs have joined the feed group
                    feed = live.feed_group(alpha.pk)
                    event = {"type": "post.published", "post_id": 42, "title": "Perceuse"}
                    await layer.group_send(feed, live.group_message(feed, event))
                    assert await next_event(sock_1) == event
                    assert await next_event(sock_2) == event
                    # A private event reaches only its resident, on the other process.
                    group = live.user_group(alpha.pk, bruno.pk)
                    await layer.group_send(
                        group, live.group_message(group, {"type": "notification", "id": 1})
                    )
                    assert (await next_event(sock_2))["type"] == "notification"
                    with pytest.raises(asyncio.TimeoutError):
                        await next_event(sock_1, timeout=0.5)
                await layer.flush()

            async_to_sync(scenario)()
        finally:
            stop(first)
            stop(second)


def test_redis_stopped_mid_way_loses_nothing_from_the_inbox(alpha, settings):
    anna = committed_resident(alpha)
    key = session_for(alpha, anna)
    db_name = connection.settings_dict["NAME"]
    with redis_server(private=True) as (url, redis):
        settings.CHANNEL_LAYERS = {
            "default": {
                "BACKEND": "channels_redis.core.RedisChannelLayer",
                "CONFIG": {
                    "hosts": [{"address": url, "socket_timeout": None, "socket_connect_timeout": 1}]
                },
            }
        }
        server, port = start_daphne(redis_url=url, db_name=db_name)

        def tell(title):
            try:
                with schema_context(alpha.schema_name):
                    return notify(recipients=[anna], kind="tests.live.server", title=title)[0]
            finally:
                connections.close_all()  # this worker thread's own connection

        try:

            async def scenario():
                async with ws(alpha, port, key) as sock:
                    await asyncio.sleep(0.3)
                    first = await asyncio.to_thread(tell, "Avant la panne")
                    assert (await next_event(sock))["title"] == "Avant la panne"

                    redis.stop()
                    started = time.monotonic()
                    during = await asyncio.to_thread(tell, "Pendant la panne")
                    assert time.monotonic() - started < 10  # publishing did not hang
                    # Pages still work, and the inbox has the notification.
                    status, body = await asyncio.to_thread(
                        http_get, alpha, port, f"/notifications/depuis/?after={first.pk}", key
                    )
                    assert status == 200
                    assert [i["title"] for i in json.loads(body)["items"]] == ["Pendant la panne"]
                    assert json.loads(body)["last_id"] == during.pk

                    redis.start()  # the same port: the process hub joins its groups again
                    deadline = time.monotonic() + 30
                    while True:
                        await asyncio.to_thread(tell, "Après la panne")
                        try:
                            event = await next_event(sock, timeout=1)
                            break
                        except TimeoutError:
                            assert time.monotonic() < deadline, "live delivery never came back"
                    assert event["title"] == "Après la panne"

            async_to_sync(scenario)()
        finally:
            stop(server)

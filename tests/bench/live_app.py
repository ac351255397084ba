"""The ASGI application of `make bench-live`: the real one, plus `/ws/naive/`
where every socket joins a plain Channels group with its own channel (the
fan-out the live hub replaces), for comparison in the same server process."""

from channels.generic.websocket import AsyncWebsocketConsumer
from channels.routing import ProtocolTypeRouter, URLRouter
from django.urls import path

from reseau.asgi import django_application
from reseau.consumers import LiveConsumer
from reseau.live_auth import CommuneSocketMiddleware

NAIVE_GROUP = "bench.naive"


class NaiveConsumer(AsyncWebsocketConsumer):
    groups = [NAIVE_GROUP]

    async def connect(self):
        if not self.scope["live"].is_authenticated:
            await self.close()
            return
        await self.accept()

    async def live_event(self, message):
        import json

        await self.send(json.dumps(message["event"]))


application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": CommuneSocketMiddleware(
            URLRouter(
                [path("ws/", LiveConsumer.as_asgi()), path("ws/naive/", NaiveConsumer.as_asgi())]
            )
        ),
    }
)

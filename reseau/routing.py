"""ASGI routing: HTTP goes to Django; `/ws/` is the live endpoint of every
commune host (origin check, commune and session resolved by reseau.live_auth)."""

from channels.routing import ProtocolTypeRouter, URLRouter
from django.urls import path

from reseau.consumers import LiveConsumer
from reseau.live_auth import CommuneSocketMiddleware


def build_application(django_application):
    websocket_urlpatterns = [path("ws/", LiveConsumer.as_asgi())]
    return ProtocolTypeRouter(
        {
            "http": django_application,
            "websocket": CommuneSocketMiddleware(URLRouter(websocket_urlpatterns)),
        }
    )

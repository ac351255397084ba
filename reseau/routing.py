"""ASGI routing: HTTP goes to Django; websockets are added by the live issue."""

from channels.routing import ProtocolTypeRouter


def build_application(django_application):
    return ProtocolTypeRouter({"http": django_application})

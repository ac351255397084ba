"""ASGI middleware of the websocket endpoint: the Origin host must equal the
Host (sibling communes are same-site, their cookies would be sent), the commune
comes from the Host, and the session and user are read inside that commune's
schema.

Every database access of the live stack goes through `in_commune`: one sync
function that sets the schema, works, and resets to public in `finally`. All
`database_sync_to_async` work of a process shares one thread and one
connection (docs/ARCHITECTURE.md, "How a live event travels"), so nothing may rely on a schema set earlier."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from http.cookies import SimpleCookie
from importlib import import_module
from types import SimpleNamespace
from urllib.parse import urlsplit

from channels.db import database_sync_to_async
from channels.security.websocket import WebsocketDenier
from django.conf import settings
from django.contrib.auth import get_user
from django.db import connection
from django_tenants.utils import get_public_schema_name

from socle.database import is_database_unavailable
from tenants.models import Commune, Domain
from voisinages import roles

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveIdentity:
    """Who holds a socket: plain values only (no model instance outlives the
    sync function that loaded it)."""

    commune_id: int
    schema_name: str
    resident_id: int | None = None
    is_ambassador: bool = False

    @property
    def is_authenticated(self) -> bool:
        return self.resident_id is not None


def in_commune(schema_name: str, work: Callable, *args, **kwargs):
    """Run `work` with the commune's schema active, and always go back to the
    public schema afterwards (sync; wrap it in database_sync_to_async)."""
    try:
        commune = Commune.objects.get(schema_name=schema_name)
        connection.set_tenant(commune)
        return work(*args, **kwargs)
    finally:
        connection.set_schema_to_public()


def header(scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


def same_origin(scope) -> bool:
    """The handshake's Origin must name exactly the Host (scheme aside)."""
    host, origin = header(scope, b"host"), header(scope, b"origin")
    if not host or not origin:
        return False
    return urlsplit(origin).netloc.lower() == host.strip().lower()


def session_key_of(scope) -> str | None:
    raw = header(scope, b"cookie")
    if not raw:
        return None
    cookies = SimpleCookie()
    try:
        cookies.load(raw)
    except Exception:
        return None
    morsel = cookies.get(settings.SESSION_COOKIE_NAME)
    return morsel.value if morsel else None


def resolve_identity(hostname: str, session_key: str | None) -> LiveIdentity | None:
    """The commune served at `hostname` and the resident of that commune whose
    session is `session_key` (None when no open commune is served there)."""
    try:
        connection.set_schema_to_public()
        domain = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        commune = domain.tenant if domain else None
        if (
            commune is None
            or commune.is_template
            or commune.schema_name == get_public_schema_name()
            or not commune.is_active
        ):
            return None
        identity = LiveIdentity(commune_id=commune.pk, schema_name=commune.schema_name)
        if not session_key:
            return identity
        connection.set_tenant(commune)
        engine = import_module(settings.SESSION_ENGINE)
        user = get_user(SimpleNamespace(session=engine.SessionStore(session_key)))
        if not user.is_authenticated or not user.is_active:
            return identity
        return LiveIdentity(
            commune_id=commune.pk,
            schema_name=commune.schema_name,
            resident_id=user.pk,
            is_ambassador=roles.has_role(user, roles.AMBASSADOR),
        )
    finally:
        connection.set_schema_to_public()


class CommuneSocketMiddleware:
    """Refuses foreign-origin handshakes and hosts that serve no commune, and
    puts `scope["live"]` (a LiveIdentity) for the consumer."""

    def __init__(self, inner):
        self.inner = inner

    async def __call__(self, scope, receive, send):
        if scope["type"] != "websocket":
            return await self.inner(scope, receive, send)
        if not same_origin(scope):
            return await WebsocketDenier()(scope, receive, send)
        hostname = header(scope, b"host").strip().lower().rsplit(":", 1)[0]
        try:
            identity = await database_sync_to_async(resolve_identity)(
                hostname, session_key_of(scope)
            )
        except Exception as error:
            if not is_database_unavailable(error):
                raise
            # Refused, not crashed: the page's script retries with a growing delay.
            logger.warning("Database unavailable: socket refused for %s", hostname)
            return await WebsocketDenier()(scope, receive, send)
        if identity is None:
            return await WebsocketDenier()(scope, receive, send)
        return await self.inner(dict(scope, live=identity), receive, send)

"""Connections that stay small. A PostgreSQL backend keeps the catalog caches
(relations, attributes, plans) of every schema it has touched and never frees
them: about 10 MB per commune, so a pooled connection that serves every commune
in turn grows without end (docs/PERFORMANCE.md, "Connections"). After a
request, the connection is closed (for good: not returned to the pool) once it
has served RESEAU_CONN_MAX_SCHEMAS distinct schemas or lived RESEAU_CONN_MAX_AGE
seconds; the next request opens a fresh backend. Routing a commune's requests to
the same worker (docs/DEPLOYMENT.md) keeps each connection on a few communes."""

import time
import weakref
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection


@dataclass
class Served:
    """What one database connection (one PostgreSQL backend) has served."""

    since: float = field(default_factory=time.monotonic)
    schemas: set[str] = field(default_factory=set)


# Keyed by the driver's connection, which a pool hands to request after request.
_served: "weakref.WeakKeyDictionary[object, Served]" = weakref.WeakKeyDictionary()


def served_by(raw) -> Served:
    if raw not in _served:
        _served[raw] = Served()
    return _served[raw]


def note_schema_served(schema: str) -> bool:
    """Count `schema` as served by the current connection; True when the
    connection has reached its limits and must be closed."""
    raw = connection.connection
    if raw is None:
        return False
    served = served_by(raw)
    served.schemas.add(schema)
    too_many = len(served.schemas) >= settings.RESEAU_CONN_MAX_SCHEMAS
    too_old = time.monotonic() - served.since >= settings.RESEAU_CONN_MAX_AGE
    return too_many or too_old


def retire_connection() -> None:
    """Close the current connection so that its backend ends. A pooled one is
    marked expired first: the pool then closes it instead of keeping it."""
    raw = connection.connection
    if raw is None:
        return
    if getattr(connection, "pool", None) is not None:
        # psycopg_pool discards a returned connection past its expiry time.
        raw._expire_at = 0
    _served.pop(raw, None)
    connection.close()


class ConnectionRecyclingMiddleware:
    """After each response: note the commune the connection served, retire the
    connection past its limits. First in MIDDLEWARE, so it runs last, outside
    every atomic block (ATOMIC_REQUESTS is off)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        schema = getattr(connection, "schema_name", None)
        if schema and not connection.in_atomic_block and note_schema_served(schema):
            retire_connection()
        return response

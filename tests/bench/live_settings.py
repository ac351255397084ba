"""bench-live's server: development settings with Django's connection pool, as
in production (without it every handshake opens a PostgreSQL connection)."""

from reseau.settings.dev import *  # noqa: F403

DEBUG = False
DATABASES["default"]["OPTIONS"].setdefault("pool", True)  # noqa: F405

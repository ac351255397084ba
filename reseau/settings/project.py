"""Réseau's own settings: the map, the links in emails, the archives of
communes, tags."""

from .environment import DATA_DIR, env

RESEAU_MAP_TILE_URL = env(
    "RESEAU_MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png"
)
RESEAU_MAP_ATTRIBUTION = env("RESEAU_MAP_ATTRIBUTION", default="© OpenStreetMap contributors")
# The port that links in emails carry (reset, invitation, confirmation): the
# public one, never the Host header's. `make run` serves on PORT (8000).
RESEAU_PORT = env.int("RESEAU_PUBLIC_PORT", default=env.int("PORT", default=8000))
RESEAU_URL_SCHEME = env("RESEAU_URL_SCHEME", default="http")

# Archives of communes made by platform staff (pg_dump of the schema + media).
RESEAU_EXPORT_ROOT = env.path("RESEAU_EXPORT_ROOT", default=DATA_DIR / "exports")

# Tags ("Jardinage" and "jardinage" are one skill).
TAGGIT_CASE_INSENSITIVE = True

# The JSON API (api app, /api/v1/ on each commune's host).
NINJA_PAGINATION_MAX_LIMIT = 100

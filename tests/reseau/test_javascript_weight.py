"""The JavaScript a phone downloads on the main pages, maps aside, stays under
60 KB once compressed (gzip, what the production server sends: whitenoise's
CompressedManifestStaticFilesStorage). Measured from the pages themselves: every
`<script src>` they reference, as a resident and as a visitor."""

import gzip
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET = 60 * 1024
# Loaded only by the pages whose point is a map (gardens, the neighbours' map,
# the quartiers' outlines), and kept apart by the issue's budget.
MAPS = frozenset(
    {
        "vendor/leaflet/leaflet.js",
        "jardins/map.js",
        "voisinages/map.js",
        "tenants/quartiers.js",
        "tenants/landing_map.js",
    }
)
SCRIPT = re.compile(r"<script\b[^>]*\bsrc=\"([^\"]+)\"")


def compressed_size(name: str) -> int:
    path = finders.find(name)
    assert path, f"{name} is referenced by a page but is not a static file"
    return len(gzip.compress(Path(path).read_bytes(), compresslevel=9))


def scripts_of(html: str) -> set[str]:
    names = set()
    for src in SCRIPT.findall(html):
        assert src.startswith(settings.STATIC_URL), f"a script from elsewhere: {src}"
        names.add(src[len(settings.STATIC_URL) :].split("?", 1)[0])
    return names


def test_a_phone_downloads_less_than_60_kb_of_javascript(commune, resident, client_for):
    pages = ["/fil/", "/objets/", "/voisins/", "/notifications/", "/agenda/", "/actualites/",
             "/associations/", "/jardins/", "/fil/nouveau/?type=demande", "/voisins/moi/",
             "/messages/"]  # fmt: skip
    loaded = {}
    for who, client in (("resident", client_for(commune, resident)), ("visitor", None)):
        client = client or client_for(commune)
        for path in pages if who == "resident" else ["/fil/", "/objets/", "/accounts/signup/"]:
            response = client.get(path)
            assert response.status_code == 200, (who, path)
            loaded[(who, path)] = scripts_of(response.content.decode()) - MAPS
    everything = set().union(*loaded.values())
    # The pages do load htmx and the live script: the measure is not of nothing.
    assert {"vendor/htmx/htmx.min.js", "reseau/live.js", "reseau/app.js"} <= everything
    # Every script of every page at once: more than any single page loads.
    sizes = {name: compressed_size(name) for name in everything}
    total = sum(sizes.values())
    assert total < BUDGET, f"{total} bytes compressed: {sizes}"

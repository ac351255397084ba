"""The cost of a commune's request does not grow with the number of communes:
finding the commune (one statement on the public tables), the session and the
user (the commune's schema), Wagtail's site (the commune's own site table,
its root paths cached under a per-commune key). Counted in queries, not timed:
the same count with 2 communes and with 30 more (public rows and domains only,
which is all a request of another commune reads)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Site

from tenants.models import Commune, Domain
from tests.conftest import host_of

pytestmark = pytest.mark.django_db

EXTRA_COMMUNES = 30


def _add_communes(count: int) -> None:
    """Rows and domains without schemas (bulk_create skips the clone)."""
    communes = Commune.objects.bulk_create(
        Commune(schema_name=f"c_plus_{n}", slug=f"plus-{n}", name=f"Plus {n}") for n in range(count)
    )
    Domain.objects.bulk_create(
        Domain(domain=host_of(added), tenant=added, is_primary=True) for added in communes
    )


def _queries(client, path: str) -> list[str]:
    assert client.get(path).status_code == 200  # warm: caches filled once per commune
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return [query["sql"] for query in captured.captured_queries]


def test_a_commune_page_costs_the_same_with_many_communes(commune, client_for, resident):
    anonymous, member = client_for(commune), client_for(commune, resident)
    before = {"/": _queries(anonymous, "/"), "/voisins/": _queries(member, "/voisins/")}
    connection.set_schema_to_public()
    _add_communes(EXTRA_COMMUNES)
    assert Commune.objects.count() >= EXTRA_COMMUNES + 3
    after = {"/": _queries(anonymous, "/"), "/voisins/": _queries(member, "/voisins/")}
    assert len(after["/"]) == len(before["/"])
    assert len(after["/voisins/"]) == len(before["/voisins/"])
    # The commune is found by its domain in one statement, the session by its key.
    tenant_lookups = [sql for sql in after["/voisins/"] if '"tenants_domain"' in sql]
    assert len(tenant_lookups) == 1 and "WHERE d." in tenant_lookups[0]
    assert sum('"django_session"' in sql for sql in after["/voisins/"]) == 1


def test_wagtail_finds_the_site_without_reading_other_communes(commune, rf):
    request = rf.get("/", HTTP_HOST=host_of(commune))
    connection.set_tenant(commune)
    Site.find_for_request(request)  # warm
    request = rf.get("/", HTTP_HOST=host_of(commune))
    with CaptureQueriesContext(connection) as before:
        site = Site.find_for_request(request)
    connection.set_schema_to_public()
    _add_communes(EXTRA_COMMUNES)
    connection.set_tenant(commune)
    Site.find_for_request(rf.get("/", HTTP_HOST=host_of(commune)))  # the search_path again
    request = rf.get("/", HTTP_HOST=host_of(commune))
    with CaptureQueriesContext(connection) as after:
        assert Site.find_for_request(request) == site
    assert len(after) == len(before) <= 1
    assert site.hostname == host_of(commune)

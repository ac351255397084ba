"""The work every page does before its own: finding the commune and filling the
header (unread badge, roles). Fewer statements, and still each commune's own data,
never stale."""

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from voisinages import roles
from voisinages.models import Notification
from voisinages.services import grant_role


def statements(queries) -> list[str]:
    return [query["sql"] for query in queries.captured_queries]


def notify_directly(commune, resident, count):
    with schema_context(commune.schema_name):
        Notification.objects.bulk_create(
            Notification(recipient=resident, kind="test", title=f"n{n}") for n in range(count)
        )


def unread_badge(html: str) -> str:
    return html.split("data-live-unread>")[1].split("<")[0]


def test_the_commune_is_found_in_one_statement_whatever_the_last_search_path(
    commune, other_commune, client_for
):
    # A page of the other commune first: the connection is left on its schema.
    assert client_for(other_commune).get("/objets/").status_code == 200
    with CaptureQueriesContext(connection) as queries:
        response = client_for(commune).get("/objets/")
    assert response.status_code == 200
    assert commune.name in response.content.decode()
    assert other_commune.name not in response.content.decode()
    sql = statements(queries)
    assert '"public"."tenants_domain"' in sql[0]
    # No `SET search_path = "public"` before the lookup: one SET, the commune's.
    assert [s for s in sql if s.startswith("SET search_path")] == [
        f'SET search_path = "{commune.schema_name}","public"'
    ]


def test_an_unknown_host_reads_nothing_in_the_last_communes_schema(commune, client_for, resident):
    client = client_for(commune, resident)
    assert client.get("/objets/").status_code == 200  # the connection is on alpha
    client.defaults["HTTP_HOST"] = f"nulle-part.{settings.RESEAU_BASE_DOMAIN}"
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/objets/")
    assert response.status_code == 404
    assert resident.display_name not in response.content.decode()
    sql = statements(queries)
    assert '"public"."tenants_domain"' in sql[0]
    # Whatever the 404 page reads after the lookup, it reads in the public schema:
    # the search_path is set again first.
    assert sql[1:2] in ([], ['SET search_path = "public"'])
    assert not any(s.startswith("SET") and commune.schema_name in s for s in sql)


def test_a_suspended_or_template_commune_is_still_refused(commune, client_for):
    from tenants.models import Commune

    Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.SUSPENDED)
    assert client_for(commune).get("/objets/").status_code == 503
    Commune.objects.filter(pk=commune.pk).update(status=Commune.Status.ACTIVE)
    assert client_for(commune).get("/objets/").status_code == 200


def test_the_header_shows_each_communes_own_unread_count_and_follows_reads(
    commune, other_commune, make_resident, client_for
):
    alice = make_resident(commune, email="alice@alpha.example")
    bruno = make_resident(other_commune, email="bruno@beta.example")
    notify_directly(commune, alice, 3)
    notify_directly(other_commune, bruno, 1)
    alpha, beta = client_for(commune, alice), client_for(other_commune, bruno)
    assert unread_badge(alpha.get("/objets/").content.decode()) == "3"
    assert unread_badge(beta.get("/objets/").content.decode()) == "1"
    assert unread_badge(alpha.get("/objets/").content.decode()) == "3"
    with schema_context(commune.schema_name):
        read = Notification.objects.filter(recipient=alice).order_by("pk")[:2]
        Notification.objects.filter(pk__in=list(read.values_list("pk", flat=True))).update(
            read_at=timezone.now()
        )
    assert unread_badge(alpha.get("/objets/").content.decode()) == "1"
    assert unread_badge(beta.get("/objets/").content.decode()) == "1"


def test_the_header_reads_counts_and_roles_in_one_statement(commune, make_resident, client_for):
    ambassador = make_resident(commune, roles=(roles.AMBASSADOR,))
    resident = make_resident(commune)
    with CaptureQueriesContext(connection) as queries:
        page = client_for(commune, ambassador).get("/objets/").content.decode()
    assert 'href="/gestion/membres/"' in page
    sql = statements(queries)
    header = [s for s in sql if "voisinages_notification" in s]
    assert len(header) == 1 and "auth_group" in header[0]
    assert [s for s in sql if "auth_group" in s] == header
    assert 'href="/gestion/membres/"' not in (
        client_for(commune, resident).get("/objets/").content.decode()
    )


def test_a_role_granted_shows_on_the_next_page(commune, make_resident, client_for):
    resident = make_resident(commune)
    client = client_for(commune, resident)
    assert 'href="/gestion/membres/"' not in client.get("/objets/").content.decode()
    with schema_context(commune.schema_name):
        grant_role(resident=resident, role=roles.AMBASSADOR)
    assert 'href="/gestion/membres/"' in client.get("/objets/").content.decode()


@pytest.mark.parametrize("url", ["/objets/", "/"])
def test_visitors_pages_need_no_header_counts(commune, client_for, url):
    with CaptureQueriesContext(connection) as queries:
        client_for(commune).get(url)
    assert not any("voisinages_notification" in s for s in statements(queries))


def test_the_lookup_leaves_the_search_path_to_be_set_again(db, commune):
    """Found or not, the next query sets the search_path itself (the lookup
    only skips the `SET` it does not need)."""
    from reseau.middleware import CommuneMiddleware
    from tenants.models import Domain
    from voisinages.models import Quartier

    middleware = CommuneMiddleware(lambda request: None)
    connection.set_tenant(commune)
    list(Quartier.objects.all())
    found = middleware.get_tenant(Domain, f"{commune.slug}.{settings.RESEAU_BASE_DOMAIN}")
    assert found.pk == commune.pk and found.schema_name == commune.schema_name
    assert found.postcodes == commune.postcodes  # fields converted as the ORM does
    assert connection.search_path_set_schemas is None
    with pytest.raises(Domain.DoesNotExist):
        middleware.get_tenant(Domain, "nulle-part.example")
    assert connection.search_path_set_schemas is None

"""The directory and the object page stay cheap as they fill up: a fixed number
of queries whatever the page holds, and the stored search text follows edits."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context

from objets import services
from objets.models import Category, Item
from objets.selectors import search_items


def count_queries(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries), response.content.decode()


def bulk_items(commune, owner, n, title="Objet"):
    with schema_context(commune.schema_name):
        category = Category.objects.get(name="Autre")
        Item.objects.bulk_create(
            Item(title=f"{title} {i}", category=category, owner=owner, created_by=owner)
            for i in range(n)
        )


def test_the_directory_queries_do_not_grow_with_the_page(
    commune, client_for, owner, borrower, make_resident
):
    client = client_for(commune, borrower)
    bulk_items(commune, owner, 2)
    # The search form's choices are cached for 5 minutes (objets/selectors.py):
    # warm them, so that the count does not depend on which test ran before.
    client.get("/objets/")
    few, page = count_queries(client, "/objets/")
    assert "Objet 1" in page and "Lucie M." in page
    other = make_resident(commune, first_name="Zoé", last_name="Petit")
    bulk_items(commune, other, 30, title="Outil")
    many, page = count_queries(client, "/objets/")
    assert page.count('class="item-card"') == 20 and "Zoé P." in page
    assert many == few
    assert count_queries(client, "/objets/?page=2")[0] == few


def test_a_garden_on_the_page_costs_one_query_and_shows_its_name(
    commune, client_for, make_resident, owner, borrower
):
    from jardins.models import Garden
    from voisinages import roles

    client = client_for(commune, borrower)
    bulk_items(commune, owner, 3)
    without, _page = count_queries(client, "/objets/")
    ambassador = make_resident(commune, first_name="Claire", roles=(roles.AMBASSADOR,))
    with schema_context(commune.schema_name):
        garden = Garden.objects.create(name="Jardin des Rosiers")
        tool = services.create_item(
            actor=ambassador,
            title="Grelinette",
            category=Category.objects.get(name="Jardin"),
            garden=garden,
        )
    queries, page = count_queries(client, "/objets/")
    assert queries == without + 1
    assert "Grelinette" in page and "Jardin des Rosiers" in page
    queries, page = count_queries(client, f"/objets/{tool.pk}/")
    assert "Jardin des Rosiers" in page and "Claire" in page


def test_the_object_page_has_a_fixed_number_of_queries(
    commune, client_for, owner, borrower, make_item
):
    plain = make_item(owner, title="Ponceuse")
    tagged = make_item(owner, title="Scie", tags=["bois", "métal", "atelier"])
    client = client_for(commune, borrower)
    first, _page = count_queries(client, f"/objets/{plain.pk}/")
    second, page = count_queries(client, f"/objets/{tagged.pk}/")
    assert first == second <= 11
    assert all(f"#{tag}" in page for tag in ("bois", "métal", "atelier"))


def test_the_search_text_follows_edits_and_bulk_inserts(commune, owner, make_item):
    drill = make_item(owner, title="Perceuse sans fil", description="")
    bulk_items(commune, owner, 1, title="Échelle")
    with schema_context(commune.schema_name):
        assert [i.pk for i in search_items(query="perceuses")] == [drill.pk]
        assert [i.title for i in search_items(query="echelle")] == ["Échelle 0"]
        services.update_item(item=drill, actor=owner, title="Scie sauteuse")
        assert list(search_items(query="perceuse")) == []
        assert [i.pk for i in search_items(query="scie")] == [drill.pk]
        Item.objects.filter(pk=drill.pk).update(description="Idéale pour les planches")
        assert [i.pk for i in search_items(query="planche")] == [drill.pk]


def test_another_communes_objects_are_not_found(
    commune, other_commune, make_resident, client_for, owner, make_item
):
    make_item(owner, title="Taille-haie")
    stranger = make_resident(other_commune)
    page = client_for(other_commune, stranger).get("/objets/", {"q": "taille-haie"})
    assert "Taille-haie" not in page.content.decode()


def test_deep_pages_show_the_same_objects_as_a_plain_slice(commune, owner):
    from objets.selectors import DEEP_OFFSET, PAGE_SIZE, CappedPaginator

    bulk_items(commune, owner, DEEP_OFFSET + 3 * PAGE_SIZE + 5)
    with schema_context(commune.schema_name):
        everything = [item.pk for item in search_items()]
        paginator = CappedPaginator(search_items(), PAGE_SIZE)
        for number in range(1, paginator.num_pages + 1):
            page = paginator.page(number)
            start = (number - 1) * PAGE_SIZE
            assert [item.pk for item in page.object_list] == everything[start : start + PAGE_SIZE]
        assert number * PAGE_SIZE > DEEP_OFFSET + PAGE_SIZE  # deep pages were read
        deep = paginator.page(paginator.num_pages - 1).object_list
        assert all(item.owner.display_name == "Lucie M." for item in deep)

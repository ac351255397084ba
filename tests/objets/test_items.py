"""Listing, editing and searching objects."""

import html
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django_tenants.utils import schema_context

from objets import services
from objets.models import Blackout, Category, Item, ItemPhoto, Loan
from objets.selectors import items_of_garden, search_items
from tests.images import BOMB_MESSAGE, bomb_upload, stored_files
from tests.objets.conftest import days, png
from voisinages import roles
from voisinages.models import Quartier

pytestmark = pytest.mark.django_db


def test_categories_are_seeded_in_french(commune):
    with schema_context(commune.schema_name):
        names = list(Category.objects.values_list("name", flat=True))
    assert names == [
        "Outils", "Jardin", "Cuisine", "Bricolage", "Sport", "Loisirs", "Enfants",
        "Livres et jeux", "High-tech", "Autre",
    ]  # fmt: skip


def test_listing_an_object_with_photos(commune, client_for, owner):
    with schema_context(commune.schema_name):
        category = Category.objects.get(name="Jardin")
        quartier = Quartier.objects.create(name="Bergères")
    response = client_for(commune, owner).post(
        "/objets/nouveau/",
        {
            "title": "Taille-haie électrique",
            "description": "Lame de 50 cm.",
            "category": category.pk,
            "condition": "good",
            "suggested_deposit": "30",
            "max_loan_days": 3,
            "quartier": quartier.pk,
            "tags_text": "haie, jardinage",
            "photos": [png("a.png"), png("b.png", size=(300, 200))],
        },
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        item = Item.objects.get()
        assert item.owner_id == owner.pk and item.quartier == quartier
        assert sorted(t.name for t in item.tags.all()) == ["haie", "jardinage"]
        photos = list(item.photos.all())
    assert len(photos) == 2
    path = Path(settings.MEDIA_ROOT) / commune.schema_name / photos[0].image.name
    from PIL import Image

    with Image.open(path) as image:  # resized, re-encoded, stored under the commune's folder
        assert image.format == "JPEG" and max(image.size) == 1600
    page = client_for(commune, owner).get(response.url).content.decode()
    assert "Taille-haie électrique" in page and "Quartier Bergères" in page
    assert photos[0].thumbnail.url in page
    # The directory shows the first photo's thumbnail.
    listing = client_for(commune, owner).get("/objets/").content.decode()
    assert photos[0].thumbnail.url in listing


@pytest.mark.parametrize(
    "make_upload, message",
    [
        (
            lambda: SimpleUploadedFile("x.png", b"not an image at all", "image/png"),
            "n’est pas une image acceptée",
        ),
        (bomb_upload, BOMB_MESSAGE),
    ],
    ids=["not-an-image", "decompression-bomb"],
)
def test_a_bad_photo_is_refused_and_nothing_stored(
    commune, client_for, owner, make_upload, message
):
    with schema_context(commune.schema_name):
        category = Category.objects.get(name="Outils")
    before = stored_files(commune)
    response = client_for(commune, owner).post(
        "/objets/nouveau/",
        {
            "title": "Marteau",
            "category": category.pk,
            "condition": "good",
            "max_loan_days": 3,
            "photos": [make_upload()],
        },
    )
    assert response.status_code == 200
    assert message in html.unescape(response.content.decode())
    with schema_context(commune.schema_name):
        assert not Item.objects.exists() and not ItemPhoto.objects.exists()
    assert stored_files(commune) == before


def test_at_most_five_photos(commune, owner, item):
    with schema_context(commune.schema_name):
        services.update_item(item=item, actor=owner, photos=[png(size=(50, 50)) for _ in range(5)])
        with pytest.raises(Exception, match="5 photos au plus"):
            services.update_item(item=item, actor=owner, photos=[png(size=(50, 50))])
        assert ItemPhoto.objects.filter(item=item).count() == 5


def test_only_the_owner_edits(commune, client_for, make_resident, owner, item):
    neighbour = make_resident(commune, first_name="Zoé")
    client = client_for(commune, neighbour)
    assert client.get(f"/objets/{item.pk}/modifier/").status_code == 403
    response = client.post(f"/objets/{item.pk}/modifier/", {"title": "Volé"})
    assert response.status_code == 403
    owner_client = client_for(commune, owner)
    assert owner_client.get(f"/objets/{item.pk}/modifier/").status_code == 200
    with schema_context(commune.schema_name):
        assert Item.objects.get(pk=item.pk).title == "Perceuse à percussion"


def test_another_commune_cannot_edit(commune, other_commune, client_for, make_resident, item):
    stranger = make_resident(other_commune, email="voisin@beta.example")
    response = client_for(other_commune, stranger).post(
        f"/objets/{item.pk}/modifier/", {"title": "X"}
    )
    assert response.status_code == 404
    with schema_context(commune.schema_name):
        assert Item.objects.get(pk=item.pk).title == "Perceuse à percussion"


def test_search_french_text_category_tag_quartier_and_dates(
    commune, client_for, make_resident, owner, borrower, make_item
):
    with schema_context(commune.schema_name):
        north = Quartier.objects.create(name="Nord")
        garden = Category.objects.get(name="Jardin")
    drill = make_item(owner, title="Perceuse sans fil", tags=["béton"], quartier=north)
    ladder = make_item(owner, title="Échelle télescopique", description="Pour les gouttières")
    mower = make_item(owner, title="Tondeuse", category=garden)
    with schema_context(commune.schema_name):

        def ids(**criteria):
            return [i.pk for i in search_items(**criteria)]

        assert ids() == [mower.pk, ladder.pk, drill.pk]  # newest first
        assert ids(query="echelle") == [ladder.pk]  # accents ignored
        assert ids(query="perceuses") == [drill.pk]  # French stemming
        assert ids(query="gouttiere") == [ladder.pk]
        assert ids(category_id=garden.pk) == [mower.pk]
        assert ids(tag="Béton") == [drill.pk]
        assert ids(quartier_id=north.pk) == [drill.pk]
        loan = services.request_loan(
            item=drill, borrower=borrower, starts_on=days(3), ends_on=days(5)
        )
        services.accept_loan(loan=loan, actor=owner)
        Blackout.objects.create(item=ladder, starts_on=days(5), ends_on=days(9))
        assert ids(available_from=days(4), available_to=days(6)) == [mower.pk]
        assert ids(available_from=days(6), available_to=days(6)) == [mower.pk, drill.pk]
        assert ids(available_from=days(10), available_to=days(12)) == [
            mower.pk,
            ladder.pk,
            drill.pk,
        ]
        # The French text search goes through the GIN index.
        with connection.cursor() as cursor:
            cursor.execute("SET enable_seqscan = off")
            plan = str(search_items(query="echelle").explain())
            cursor.execute("SET enable_seqscan = on")
        assert "item_search_idx" in plan
    page = client_for(commune, borrower).get("/objets/", {"q": "échelle"}).content.decode()
    assert "Échelle télescopique" in page and "Tondeuse" not in page
    page = (
        client_for(commune, borrower)
        .get("/objets/", {"du": days(4), "au": days(6)})
        .content.decode()
    )
    assert "Tondeuse" in page and "Perceuse sans fil" not in page


def test_the_directory_is_paginated(commune, client_for, owner, make_item):
    with schema_context(commune.schema_name):
        category = Category.objects.get(name="Autre")
        Item.objects.bulk_create(
            Item(title=f"Objet {n}", category=category, owner=owner, created_by=owner)
            for n in range(25)
        )
    client = client_for(commune, owner)
    first = client.get("/objets/").content.decode()
    assert "25 objets" in first and "Page 1 sur 2" in first
    second = client.get("/objets/", {"page": 2}).content.decode()
    assert "Page 2 sur 2" in second


def test_the_calendar_shows_booked_and_blackout_days(commune, client_for, owner, borrower, item):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(1), ends_on=days(2)
        )
        services.accept_loan(loan=loan, actor=owner)
        Blackout.objects.create(item=item, starts_on=days(3), ends_on=days(3))
    month = days(1).strftime("%Y-%m")
    page = (
        client_for(commune, borrower).get(f"/objets/{item.pk}/", {"mois": month}).content.decode()
    )
    assert 'class="booked' in page and "prêté" in page
    if days(3).month == days(1).month:
        assert 'class="blackout' in page


def test_ambassadors_edit_categories(commune, client_for, make_resident, owner):
    ambassador = make_resident(commune, first_name="Claire", roles=(roles.AMBASSADOR,))
    assert (
        client_for(commune, owner)
        .post("/objets/categories/", {"name": "Fêtes", "position": 3})
        .status_code
        == 403
    )
    response = client_for(commune, ambassador).post(
        "/objets/categories/", {"name": "Fêtes", "position": 3}
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        assert Category.objects.filter(name="Fêtes").exists()
        outils = Category.objects.get(name="Outils")
    client_for(commune, ambassador).post(
        f"/objets/categories/{outils.pk}/", {"name": "Outillage", "position": 0}
    )
    with schema_context(commune.schema_name):
        assert Category.objects.get(pk=outils.pk).name == "Outillage"


def test_garden_tools_are_listed_by_an_ambassador(commune, make_resident, borrower):
    from jardins.models import Garden

    ambassador = make_resident(commune, first_name="Claire", roles=(roles.AMBASSADOR,))
    with schema_context(commune.schema_name):
        garden = Garden.objects.create(name="Jardin des Rosiers")
        category = Category.objects.get(name="Jardin")
        tool = services.create_item(
            actor=ambassador, title="Grelinette", category=category, garden=garden
        )
        assert tool.owner is None and tool.keeper == ambassador
        assert list(items_of_garden(garden)) == [tool]
        loan = services.request_loan(
            item=tool, borrower=borrower, starts_on=days(1), ends_on=days(1)
        )
        assert loan.lender_id == ambassador.pk
        with pytest.raises(Exception, match="ambassadeurs"):
            services.create_item(actor=borrower, title="X", category=category, garden=garden)
        assert Loan.objects.count() == 1


def test_visitors_see_the_directory_without_names(commune, client_for, owner, item):
    page = client_for(commune).get("/objets/").content.decode()
    assert "Perceuse à percussion" in page and "Lucie M." not in page
    assert "Connectez-vous pour emprunter ou prêter." in page
    assert client_for(commune).get(f"/objets/{item.pk}/").status_code == 302
    assert "Lucie M." in client_for(commune, owner).get("/objets/").content.decode()

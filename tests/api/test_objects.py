"""Objects through the API: categories, the directory, an object's page, listing,
editing, unavailable periods; refusals change nothing."""

import pytest
from django_tenants.utils import schema_context

from objets import services
from objets.models import Blackout, Category, Item, Loan
from tests.api.conftest import PUBLIC_PROFILE_KEYS, assert_error
from tests.objets import conftest as lending
from tests.objets.conftest import days, png
from voisinages.models import Quartier

pytestmark = pytest.mark.django_db

# The objets tests' fixtures: an owner, a borrower and an object in `commune`.
owner, borrower, make_item, item = lending.owner, lending.borrower, lending.make_item, lending.item


def _category(commune, name="Outils"):
    with schema_context(commune.schema_name):
        return Category.objects.get(name=name)


def _items(commune):
    with schema_context(commune.schema_name):
        return sorted(
            Item.objects.values_list(
                "pk", "title", "description", "max_loan_days", "is_active", "category__name"
            )
        )


def period(start: int, end: int) -> dict:
    """JSON dates `start` and `end` days from today."""
    return {"starts_on": str(days(start)), "ends_on": str(days(end))}


def _only_there(commune, other_commune, make_resident):
    """An object of `other_commune` whose id no object of `commune` has."""
    with schema_context(commune.schema_name):
        here = set(Item.objects.values_list("pk", flat=True))
    stranger = make_resident(other_commune, email="voisin@beta.example")
    with schema_context(other_commune.schema_name):
        category = Category.objects.get(name="Outils")
        while True:
            theirs = services.create_item(actor=stranger, title="Chez Bêta", category=category)
            if theirs.pk not in here:
                return stranger, theirs


def test_categories_are_the_communes_own(commune, resident, api_for):
    api = api_for(commune, resident)
    names = [c["name"] for c in api.get("/objects/categories").json()]
    assert names[:3] == ["Outils", "Jardin", "Cuisine"] and "Autre" in names
    with schema_context(commune.schema_name):
        Category.objects.create(name="Musique", position=99)
    assert api.get("/objects/categories").json()[-1] == {
        "id": _category(commune, "Musique").pk,
        "name": "Musique",
        "position": 99,
    }


def test_directory_filters_like_the_site(commune, owner, borrower, make_item, api_for):
    with schema_context(commune.schema_name):
        quartier = Quartier.objects.create(name="Bergères")
    drill = make_item(owner, title="Perceuses sans fil", tags=["béton"])
    mower = make_item(
        owner,
        title="Tondeuse",
        description="Thermique.",
        category=_category(commune, "Jardin"),
        quartier=quartier,
    )
    with schema_context(commune.schema_name):
        services.add_blackout(item=drill, actor=owner, starts_on=days(5), ends_on=days(6))
    api = api_for(commune, borrower)

    def ids(**params):
        response = api.get("/objects", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["items"]]

    assert ids() == [mower.pk, drill.pk]  # newest first
    assert ids(q="perceuse") == [drill.pk]  # French stems, accents ignored
    assert ids(category=_category(commune, "Jardin").pk) == [mower.pk]
    assert ids(tag="BÉTON") == [drill.pk]
    assert ids(quartier=quartier.pk) == [mower.pk]
    assert ids(available_from=days(4), available_to=days(5)) == [mower.pk]
    assert ids(available_from=days(7)) == [mower.pk, drill.pk]
    row = api.get("/objects", {"q": "perceuse"}).json()["items"][0]
    assert row["owner_label"] == "Lucie M." and row["owner_id"] == owner.pk
    assert row["tags"] == ["béton"] and row["url"] == f"/objets/{drill.pk}/"
    body = assert_error(
        api.get("/objects", {"available_from": days(5), "available_to": days(4)}), 422
    )
    assert list(body["fields"]) == ["available_to"]
    body = assert_error(api.get("/objects", {"category": "outils"}), 422, "validation_error")
    assert list(body["fields"]) == ["category"]


def test_directory_cursor_pagination(commune, owner, borrower, make_item, api_for):
    made = [make_item(owner, title=f"Objet {n}").pk for n in range(5)]
    api = api_for(commune, borrower)
    page = api.get("/objects", {"limit": 2}).json()
    seen = [row["id"] for row in page["items"]]
    while page["next_cursor"]:
        page = api.get("/objects", {"limit": 2, "cursor": page["next_cursor"]}).json()
        seen += [row["id"] for row in page["items"]]
    assert seen == made[::-1]
    assert_error(api.get("/objects", {"cursor": "pas-un-curseur"}), 422)


def test_directory_queries_do_not_grow_with_the_page(commune, owner, borrower, make_item, api_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    api = api_for(commune, borrower)
    make_item(owner, title="Objet 0", tags=["scie"])

    def queries(limit):
        with CaptureQueriesContext(connection) as captured:
            rows = api.get("/objects", {"limit": limit}).json()["items"]
        return len(captured), rows

    queries(1)  # the first request of a client does a little more (its session)
    one, _rows = queries(1)
    for n in range(1, 8):
        make_item(owner, title=f"Objet {n}", tags=["scie", f"t{n}"])
    eight, rows = queries(8)
    assert len(rows) == 8 and eight == one
    assert {row["condition"] for row in rows} == {"good"} and rows[-1]["tags"] == ["scie"]


def test_an_objects_page(commune, owner, borrower, make_resident, make_item, api_for):
    with schema_context(commune.schema_name):
        type(owner).objects.filter(pk=owner.pk).update(
            phone="0611223344", bio="Bricoleuse.", show_phone=True, show_email=True
        )
    drill = make_item(owner, photos=[png()], suggested_deposit="20.50", tags=["béton"])
    third = make_resident(commune, first_name="Nadia")
    with schema_context(commune.schema_name):
        past = Loan.objects.create(
            item=drill,
            borrower=third,
            lender=owner,
            starts_on=days(-10),
            ends_on=days(-8),
            status=Loan.Status.COMPLETED,
        )
        services.leave_review(loan=past, author=third, rating=5, comment="Parfait.")
        services.leave_review(loan=past, author=owner, rating=4, comment="Ponctuelle.")
        booked = services.request_loan(
            item=drill, borrower=third, starts_on=days(2), ends_on=days(3)
        )
        services.accept_loan(loan=booked, actor=owner)
        services.add_blackout(
            item=drill, actor=owner, starts_on=days(10), ends_on=days(12), note="Vacances"
        )
        Blackout.objects.create(item=drill, starts_on=days(-5), ends_on=days(-4))
    response = api_for(commune, borrower).get(f"/objects/{drill.pk}")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Perceuse à percussion" and body["category"]["name"] == "Outils"
    assert body["suggested_deposit"] == "20.50" and body["condition_label"] == "Bon état"
    [photo] = body["photos"]
    assert photo["url"].startswith("/media/") and photo["thumbnail_url"].endswith("-mini.jpg")
    assert body["thumbnail_url"] == photo["thumbnail_url"]
    # The owner's public profile only: no email, phone, address or last name.
    assert set(body["owner"]) == PUBLIC_PROFILE_KEYS
    assert body["owner"]["display_name"] == "Lucie M." and body["owner"]["bio"] == "Bricoleuse."
    text = response.content.decode()
    assert "preteuse@alpha.example" not in text and "0611223344" not in text
    assert "Martin" not in text
    assert body["owner_rating"] == {"count": 1, "average": 5.0}
    assert [(r["rating"], r["comment"], r["author"]) for r in body["reviews"]] == [
        (5, "Parfait.", "Nadia D.")
    ]
    assert body["availability"]["booked"] == [
        {"starts_on": days(2).isoformat(), "ends_on": days(3).isoformat()}
    ]
    [blackout] = body["availability"]["blackouts"]  # past periods are left out
    assert blackout["starts_on"] == days(10).isoformat() and blackout["note"] == ""
    assert body["can_manage"] is False
    mine = api_for(commune, owner).get(f"/objects/{drill.pk}").json()
    assert mine["can_manage"] is True
    assert mine["availability"]["blackouts"][0]["note"] == "Vacances"


def test_list_an_object_in_json(commune, owner, api_for):
    with schema_context(commune.schema_name):
        quartier = Quartier.objects.create(name="Centre")
    api = api_for(commune, owner)
    response = api.post(
        "/objects",
        {
            "title": "Escabeau 5 marches",
            "description": "Alu, léger.",
            "category": _category(commune, "Bricolage").pk,
            "tags": [" échelle ", "", "hauteur"],
            "condition": "used",
            "suggested_deposit": 15,
            "max_loan_days": 3,
            "quartier": quartier.pk,
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["owner_id"] == owner.pk and body["tags"] == ["hauteur", "échelle"]
    assert body["quartier"] == {"id": quartier.pk, "name": "Centre"}
    assert body["photos"] == [] and body["can_manage"] is True
    with schema_context(commune.schema_name):
        item = Item.objects.get(pk=body["id"])
        assert item.max_loan_days == 3 and item.condition == "used" and item.created_by == owner
    assert api.get(f"/objects/{item.pk}").json()["title"] == "Escabeau 5 marches"


CATEGORY = object()  # stands for the id of "Outils"


@pytest.mark.parametrize(
    ("payload", "fields"),
    [
        ({"title": "", "category": CATEGORY}, {"title"}),
        ({"title": "Scie", "category": 999999}, {"category"}),
        ({"title": "Scie", "category": CATEGORY, "max_loan_days": 91}, {"max_loan_days"}),
        ({"title": "Scie", "category": CATEGORY, "suggested_deposit": -1}, {"suggested_deposit"}),
        ({"title": "Scie", "category": CATEGORY, "quartier": 999999}, {"quartier"}),
        # A NUL byte is refused by the API's parser, before any other rule.
        ({"title": "Scie\x00", "category": CATEGORY, "condition": "cassé"}, {"title"}),
        ({"title": "x" * 121}, {"title", "category"}),
    ],
    ids=["empty-title", "unknown-category", "too-long-loans", "negative-deposit",
         "unknown-quartier", "nul-and-bad-condition", "too-long-title-no-category"],
)  # fmt: skip
def test_listing_refusals_name_the_field(commune, owner, api_for, payload, fields):
    category = _category(commune).pk
    payload = {k: category if v is CATEGORY else v for k, v in payload.items()}
    body = assert_error(api_for(commune, owner).post("/objects", payload), 422, "validation_error")
    assert set(body["fields"]) == fields, body
    assert _items(commune) == []


def test_the_deposit_is_checked_by_the_model(commune, owner, api_for):
    body = assert_error(
        api_for(commune, owner).post(
            "/objects",
            {"title": "Scie", "category": _category(commune).pk, "suggested_deposit": 123456.789},
        ),
        422,
    )
    assert list(body["fields"]) == ["suggested_deposit"]
    assert _items(commune) == []


def test_who_may_list_an_object(commune, make_resident, api_for):
    payload = {"title": "Scie", "category": _category(commune).pk}
    newcomer = make_resident(commune, email="new@alpha.example", is_verified=False)
    assert_error(api_for(commune, newcomer).post("/objects", payload), 403, "permission_denied")
    verified = make_resident(commune, email="ok@alpha.example")
    assert_error(
        api_for(commune, verified, scope="read").post("/objects", payload), 403, "read_only_token"
    )
    assert_error(api_for(commune).post("/objects", payload), 401, "not_authenticated")
    assert _items(commune) == []


def test_the_owner_edits_an_object(commune, owner, borrower, item, api_for):
    api = api_for(commune, owner)
    response = api.patch(
        f"/objects/{item.pk}",
        {"title": "Perceuse Bosch", "tags": ["bosch"], "max_loan_days": 3, "quartier": None},
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Perceuse Bosch" and body["tags"] == ["bosch"]
    assert body["max_loan_days"] == 3 and body["description"] == "Avec forets béton et bois."
    # Withdrawn: gone from the directory and from others' view, still the owner's.
    assert api.patch(f"/objects/{item.pk}", {"is_active": False}).json()["is_active"] is False
    neighbour = api_for(commune, borrower)
    assert_error(neighbour.get(f"/objects/{item.pk}"), 404, "not_found")
    assert neighbour.get("/objects").json()["items"] == []
    assert api.get(f"/objects/{item.pk}").json()["is_active"] is False


def test_edit_refusals_change_nothing(commune, owner, borrower, item, api_for):
    before = _items(commune)
    assert_error(
        api_for(commune, borrower).patch(f"/objects/{item.pk}", {"title": "À moi"}),
        403,
        "permission_denied",
    )
    assert_error(
        api_for(commune, owner, scope="read").patch(f"/objects/{item.pk}", {"title": "Non"}),
        403,
        "read_only_token",
    )
    api = api_for(commune, owner)
    body = assert_error(api.patch(f"/objects/{item.pk}", {"max_loan_days": 0}), 422)
    assert list(body["fields"]) == ["max_loan_days"]
    body = assert_error(api.patch(f"/objects/{item.pk}", {"title": None}), 422)
    assert list(body["fields"]) == ["title"]
    body = assert_error(api.patch(f"/objects/{item.pk}", {"category": None}), 422)
    assert list(body["fields"]) == ["category"]
    body = assert_error(api.patch(f"/objects/{item.pk}", {"category": 999999}), 422)
    assert list(body["fields"]) == ["category"]
    assert_error(api.patch("/objects/999999", {"title": "x"}), 404, "not_found")
    assert _items(commune) == before


def test_blackouts_for_the_owner(commune, owner, borrower, item, api_for):
    api = api_for(commune, owner)
    response = api.post(
        f"/objects/{item.pk}/blackouts",
        {**period(3, 5), "note": "Vacances"},
    )
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["note"] == "Vacances" and created["ends_on"] == days(5).isoformat()

    def periods():
        with schema_context(commune.schema_name):
            return list(Blackout.objects.values_list("pk", "starts_on", "ends_on"))

    assert periods() == [(created["id"], days(3), days(5))]
    # Refusals, each with a clear message.
    body = assert_error(
        api.post(f"/objects/{item.pk}/blackouts", period(4, 6)),
        422,
    )
    assert "chevauche" in body["message"]
    body = assert_error(
        api.post(f"/objects/{item.pk}/blackouts", period(9, 8)),
        422,
    )
    assert body["fields"] == {"ends_on": [body["message"]]}
    body = assert_error(
        api.post(f"/objects/{item.pk}/blackouts", period(-3, -2)),
        422,
    )
    assert list(body["fields"]) == ["ends_on"]
    body = assert_error(api.post(f"/objects/{item.pk}/blackouts", {"ends_on": "demain"}), 422)
    assert set(body["fields"]) == {"starts_on", "ends_on"}
    assert_error(
        api_for(commune, borrower).post(f"/objects/{item.pk}/blackouts", period(8, 9)),
        403,
    )
    assert_error(
        api_for(commune, borrower).delete(f"/objects/{item.pk}/blackouts/{created['id']}"), 403
    )
    assert_error(api.delete(f"/objects/{item.pk + 1}/blackouts/{created['id']}"), 404)
    assert periods() == [(created["id"], days(3), days(5))]
    # A loan cannot be asked over them; removed, the days are free again.
    body = assert_error(
        api_for(commune, borrower).post(f"/objects/{item.pk}/loans", period(4, 4)),
        422,
    )
    assert "indisponibles" in body["message"]
    assert api.delete(f"/objects/{item.pk}/blackouts/{created['id']}").status_code == 204
    assert periods() == []
    assert_error(api.delete(f"/objects/{item.pk}/blackouts/{created['id']}"), 404)


def test_another_communes_objects_are_404_and_untouched(
    commune, other_commune, owner, borrower, item, make_resident, api_for
):
    stranger, theirs = _only_there(commune, other_commune, make_resident)
    with schema_context(other_commune.schema_name):
        blackout = services.add_blackout(
            item=theirs, actor=stranger, starts_on=days(3), ends_on=days(4)
        )
    for caller in (owner, borrower):
        api = api_for(commune, caller)
        assert_error(api.get(f"/objects/{theirs.pk}"), 404, "not_found")
        assert_error(api.patch(f"/objects/{theirs.pk}", {"title": "Volé"}), 404, "not_found")
        assert_error(
            api.post(f"/objects/{theirs.pk}/blackouts", period(8, 9)),
            404,
        )
        assert_error(api.delete(f"/objects/{theirs.pk}/blackouts/{blackout.pk}"), 404)
        assert_error(
            api.post(f"/objects/{theirs.pk}/loans", period(1, 2)),
            404,
        )
        assert theirs.pk not in [row["id"] for row in api.get("/objects").json()["items"]]
    with schema_context(other_commune.schema_name):
        theirs.refresh_from_db()
        assert theirs.title == "Chez Bêta"
        assert list(Blackout.objects.filter(item=theirs).values_list("pk", flat=True)) == [
            blackout.pk
        ]
        assert not Loan.objects.filter(item=theirs).exists()
    with schema_context(commune.schema_name):
        assert not Loan.objects.exists() and not Blackout.objects.exists()

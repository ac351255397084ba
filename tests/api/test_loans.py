"""Loans through the API: the whole workflow, my loans, and every refusal (clear
message, field messages where one date is at fault, nothing changed)."""

import pytest
from django_tenants.utils import schema_context

from objets import services
from objets.models import Blackout, Category, Loan, Review
from tests.api.conftest import assert_error
from tests.objets import conftest as lending
from tests.objets.conftest import days
from voisinages.models import Notification

pytestmark = pytest.mark.django_db
S = Loan.Status

# The objets tests' fixtures: an owner, a borrower and an object in `commune`.
owner, borrower, make_item, item = lending.owner, lending.borrower, lending.make_item, lending.item


def period(start: int, end: int, **extra) -> dict:
    return {"starts_on": str(days(start)), "ends_on": str(days(end)), **extra}


def _states(commune):
    with schema_context(commune.schema_name):
        return sorted(
            Loan.objects.values_list(
                "pk", "status", "lender_handover_at", "borrower_handover_at", "decline_reason"
            )
        )


def _inbox(commune, resident, kind):
    with schema_context(commune.schema_name):
        return list(Notification.objects.filter(recipient=resident, kind=kind))


def _request(commune, item, borrower, start=1, end=2):
    with schema_context(commune.schema_name):
        return services.request_loan(
            item=item, borrower=borrower, starts_on=days(start), ends_on=days(end)
        )


def test_the_whole_workflow_through_the_api(commune, owner, borrower, item, api_for):
    lender, asker = api_for(commune, owner), api_for(commune, borrower)

    # Request a range with a message.
    response = asker.post(
        f"/objects/{item.pk}/loans", period(2, 4, message="Pour poser des étagères.")
    )
    assert response.status_code == 201, response.content
    loan = response.json()
    assert loan["status"] == "requested" and loan["my_role"] == "borrower"
    assert loan["lender"] == {"id": owner.pk, "display_name": "Lucie M."}
    assert loan["days"] == 3 and loan["message"] == "Pour poser des étagères."
    assert loan["actions"] == ["cancel"]
    [note] = _inbox(commune, owner, "objets.loan.requested")
    assert note.url == f"/objets/prets/{loan['id']}/"
    seen = lender.get(f"/loans/{loan['id']}").json()
    assert seen["my_role"] == "lender" and seen["actions"] == ["accept", "decline", "cancel"]

    # Accept; both confirm the handover.
    accepted = lender.post(f"/loans/{loan['id']}/accept").json()
    assert accepted["status"] == "accepted" and _inbox(commune, borrower, "objets.loan.accepted")
    half = lender.post(f"/loans/{loan['id']}/handover").json()
    assert half["status"] == "accepted" and half["my_handover_done"] is True
    assert "handover" not in half["actions"]
    assert _inbox(commune, borrower, "objets.loan.handover")
    started = asker.post(f"/loans/{loan['id']}/handover").json()
    assert started["status"] == "ongoing" and started["actions"] == ["returned"]
    assert _inbox(commune, owner, "objets.loan.started")
    detail = asker.get(f"/objects/{item.pk}").json()
    assert detail["availability"]["booked"] == [
        {"starts_on": str(days(2)), "ends_on": str(days(4))}
    ]

    # Returned, then confirmed with a note on the condition.
    assert asker.post(f"/loans/{loan['id']}/returned").json()["status"] == "returned"
    assert _inbox(commune, owner, "objets.loan.returned")
    done = lender.post(f"/loans/{loan['id']}/confirm-return", {"condition_note": "Rendue propre."})
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "completed" and done.json()["return_note"] == "Rendue propre."
    assert done.json()["actions"] == ["review"]
    assert _inbox(commune, borrower, "objets.loan.completed")

    # A review each way.
    review = asker.post(f"/loans/{loan['id']}/review", {"rating": 5, "comment": "Top !"})
    assert review.status_code == 201, review.content
    assert review.json()["subject_id"] == owner.pk and review.json()["author"] == "Thomas B."
    lender.post(f"/loans/{loan['id']}/review", {"rating": 4})
    assert _inbox(commune, owner, "objets.loan.reviewed")
    final = asker.get(f"/loans/{loan['id']}").json()
    assert sorted(r["rating"] for r in final["reviews"]) == [4, 5]
    assert final["can_review"] is False and final["actions"] == []
    body = asker.get(f"/objects/{item.pk}").json()
    assert [r["comment"] for r in body["reviews"]] == ["Top !"]
    assert body["owner_rating"] == {"count": 1, "average": 5.0}
    body = assert_error(asker.post(f"/loans/{loan['id']}/review", {"rating": 1}), 422)
    assert "déjà donné votre avis" in body["message"]
    with schema_context(commune.schema_name):
        assert Review.objects.count() == 2


def test_my_loans_by_role_status_and_object(
    commune, owner, borrower, item, make_item, make_resident, api_for
):
    third = make_resident(commune, first_name="Nadia")
    mine = make_item(borrower, title="Tente")
    lent = _request(commune, item, borrower, 1, 2)
    asked = _request(commune, mine, owner, 3, 4)
    other = _request(commune, mine, third, 5, 6)
    with schema_context(commune.schema_name):
        services.accept_loan(loan=lent, actor=owner)
    api = api_for(commune, borrower)

    def ids(**params):
        response = api.get("/loans", params)
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["items"]]

    assert ids() == [other.pk, asked.pk, lent.pk]
    assert ids(role="lender") == [other.pk, asked.pk]
    assert ids(role="borrower") == [lent.pk]
    assert ids(status="accepted") == [lent.pk]
    assert ids(item=mine.pk) == [other.pk, asked.pk]
    page = api.get("/loans", {"limit": 2}).json()
    assert page["next_cursor"]
    assert ids(limit=2, cursor=page["next_cursor"]) == [lent.pk]
    assert [row["my_role"] for row in api.get("/loans").json()["items"]] == [
        "lender",
        "lender",
        "borrower",
    ]
    # Not a party: nothing listed, the loan does not exist for them.
    assert ids(item=item.pk) == [lent.pk]
    stranger = api_for(commune, third)
    assert [row["id"] for row in stranger.get("/loans").json()["items"]] == [other.pk]
    assert_error(stranger.get(f"/loans/{lent.pk}"), 404, "not_found")
    body = assert_error(api.get("/loans", {"role": "owner", "status": "lost"}), 422)
    assert set(body["fields"]) == {"role", "status"}


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        (-1, 1, "starts_on", "Un prêt ne peut pas commencer dans le passé."),
        (3, 2, "ends_on", "La date de fin doit être le jour de début ou après."),
        (1, 8, "ends_on", "Cet objet se prête pour 7 jours au plus."),
    ],
    ids=["start-in-the-past", "end-before-start", "longer-than-max"],
)
def test_bad_dates_name_the_field(commune, borrower, item, api_for, start, end, field, message):
    body = assert_error(
        api_for(commune, borrower).post(f"/objects/{item.pk}/loans", period(start, end)),
        422,
        "validation_error",
    )
    assert body["message"] == message and body["fields"] == {field: [message]}
    assert _states(commune) == []


def test_request_refusals(commune, owner, borrower, item, make_resident, api_for):
    body = assert_error(
        api_for(commune, owner).post(f"/objects/{item.pk}/loans", period(1, 2)), 422
    )
    assert body["message"] == "Vous ne pouvez pas emprunter votre propre objet."
    assert body["fields"] == {}
    api = api_for(commune, borrower)
    body = assert_error(api.post(f"/objects/{item.pk}/loans", {"starts_on": "hier"}), 422)
    assert set(body["fields"]) == {"starts_on", "ends_on"}
    body = assert_error(
        api.post(f"/objects/{item.pk}/loans", period(1, 2, message="x" * 2001)), 422
    )
    assert list(body["fields"]) == ["message"]
    assert_error(api.post("/objects/999999/loans", period(1, 2)), 404, "not_found")
    newcomer = make_resident(commune, email="new@alpha.example", is_verified=False)
    assert_error(
        api_for(commune, newcomer).post(f"/objects/{item.pk}/loans", period(1, 2)),
        403,
        "permission_denied",
    )
    assert_error(
        api_for(commune, borrower, scope="read").post(f"/objects/{item.pk}/loans", period(1, 2)),
        403,
        "read_only_token",
    )
    assert _states(commune) == []
    # Asking twice for the same days.
    assert api.post(f"/objects/{item.pk}/loans", period(1, 2)).status_code == 201
    body = assert_error(api.post(f"/objects/{item.pk}/loans", period(2, 3)), 422)
    assert "déjà demandé" in body["message"]
    assert len(_states(commune)) == 1


def test_step_refusals_change_nothing(commune, owner, borrower, item, make_resident, api_for):
    loan = _request(commune, item, borrower)
    lender, asker = api_for(commune, owner), api_for(commune, borrower)
    before = _states(commune)
    # Only the lender answers; a reason is needed to decline.
    assert_error(asker.post(f"/loans/{loan.pk}/accept"), 403, "permission_denied")
    assert_error(asker.post(f"/loans/{loan.pk}/decline", {"reason": "Non"}), 403)
    body = assert_error(lender.post(f"/loans/{loan.pk}/decline", {"reason": "  "}), 422)
    assert body["fields"] == {"reason": ["Indiquez un motif : cela aide votre voisin."]}
    body = assert_error(lender.post(f"/loans/{loan.pk}/decline", {"reason": "x" * 1001}), 422)
    assert list(body["fields"]) == ["reason"]
    # Steps out of order.
    body = assert_error(asker.post(f"/loans/{loan.pk}/returned"), 422)
    assert "n’est plus possible" in body["message"]
    assert_error(lender.post(f"/loans/{loan.pk}/returned"), 403)
    assert_error(asker.post(f"/loans/{loan.pk}/confirm-return"), 403)
    body = assert_error(asker.post(f"/loans/{loan.pk}/review", {"rating": 5}), 422)
    assert "une fois l’objet rendu" in body["message"]
    body = assert_error(asker.post(f"/loans/{loan.pk}/review", {"rating": 6}), 422)
    assert list(body["fields"]) == ["rating"]
    # A stranger: the loan does not exist for them.
    stranger = api_for(commune, make_resident(commune, first_name="Zoé"))
    for step in ("accept", "handover", "returned", "confirm-return", "cancel"):
        assert_error(stranger.post(f"/loans/{loan.pk}/{step}"), 404, "not_found")
    # Read tokens cannot take any step.
    reader = api_for(commune, owner, scope="read")
    assert_error(reader.post(f"/loans/{loan.pk}/accept"), 403, "read_only_token")
    assert reader.get(f"/loans/{loan.pk}").status_code == 200
    assert _states(commune) == before
    with schema_context(commune.schema_name):
        assert not Review.objects.exists()


def test_a_stranger_cannot_confirm_a_handover(
    commune, owner, borrower, item, make_resident, api_for
):
    loan = _request(commune, item, borrower)
    with schema_context(commune.schema_name):
        services.accept_loan(loan=loan, actor=owner)
    before = _states(commune)
    stranger = make_resident(commune, first_name="Zoé")
    assert_error(api_for(commune, stranger).post(f"/loans/{loan.pk}/handover"), 404)
    assert _states(commune) == before


def test_decline_and_cancel(commune, owner, borrower, item, make_resident, api_for):
    declined = _request(commune, item, borrower, 1, 2)
    third = make_resident(commune, first_name="Nadia")
    cancelled = _request(commune, item, third, 4, 5)
    body = api_for(commune, owner).post(
        f"/loans/{declined.pk}/decline", {"reason": "Je pars avec."}
    )
    assert body.status_code == 200, body.content
    assert body.json()["status"] == "declined" and body.json()["decline_reason"] == "Je pars avec."
    assert _inbox(commune, borrower, "objets.loan.declined")
    body = api_for(commune, third).post(f"/loans/{cancelled.pk}/cancel", {}).json()
    assert body["status"] == "cancelled" and body["cancelled_by_id"] == third.pk
    assert _inbox(commune, owner, "objets.loan.cancelled")
    body = assert_error(api_for(commune, owner).post(f"/loans/{cancelled.pk}/accept"), 422)
    assert "Annulé" in body["message"]


def test_accepting_declines_overlaps_and_an_overlap_cannot_be_accepted(
    commune, owner, borrower, item, make_resident, api_for
):
    third, fourth = make_resident(commune, first_name="Nadia"), make_resident(commune)
    chosen = _request(commune, item, borrower, 2, 4)
    overlapping = _request(commune, item, third, 4, 6)
    api = api_for(commune, owner)
    assert api.post(f"/loans/{chosen.pk}/accept").json()["status"] == "accepted"
    assert api.get(f"/loans/{overlapping.pk}").json()["status"] == "declined"
    with schema_context(commune.schema_name):
        # A request that slipped in over the same days (e.g. made before a fix).
        late = Loan.objects.create(
            item=item, borrower=fourth, lender=owner, starts_on=days(3), ends_on=days(5)
        )
    before = _states(commune)
    body = assert_error(api.post(f"/loans/{late.pk}/accept"), 422, "validation_error")
    assert body["message"] == "L’objet est déjà prêté sur certains de ces jours."
    assert _states(commune) == before


def test_messages_in_english(commune, borrower, item, api_for):
    body = assert_error(
        api_for(commune, borrower, language="en").post(f"/objects/{item.pk}/loans", period(-2, -1)),
        422,
    )
    assert body == {
        "code": "validation_error",
        "message": "A loan cannot start in the past.",
        "fields": {"starts_on": ["A loan cannot start in the past."]},
    }


def test_another_communes_loans_are_404_and_untouched(
    commune, other_commune, owner, borrower, item, make_resident, api_for
):
    mine = _request(commune, item, borrower)
    with schema_context(commune.schema_name):
        here = set(Loan.objects.values_list("pk", flat=True))
    lender = make_resident(other_commune, email="preteur@beta.example")
    asker = make_resident(other_commune, email="emprunteur@beta.example")
    with schema_context(other_commune.schema_name):
        category = Category.objects.get(name="Outils")
        theirs_item = services.create_item(actor=lender, title="Chez Bêta", category=category)
        while True:
            theirs = services.request_loan(
                item=theirs_item, borrower=asker, starts_on=days(1), ends_on=days(1)
            )
            if theirs.pk not in here:
                break
            Loan.objects.filter(pk=theirs.pk).update(status=S.CANCELLED)
        before = list(Loan.objects.order_by("pk").values_list("pk", "status"))
    for caller in (owner, borrower):
        api = api_for(commune, caller)
        assert_error(api.get(f"/loans/{theirs.pk}"), 404, "not_found")
        for step in ("accept", "handover", "returned", "confirm-return", "cancel"):
            assert_error(api.post(f"/loans/{theirs.pk}/{step}"), 404, "not_found")
        assert_error(api.post(f"/loans/{theirs.pk}/decline", {"reason": "Non"}), 404)
        assert_error(api.post(f"/loans/{theirs.pk}/review", {"rating": 1}), 404)
        assert theirs.pk not in [row["id"] for row in api.get("/loans").json()["items"]]
    with schema_context(other_commune.schema_name):
        assert list(Loan.objects.order_by("pk").values_list("pk", "status")) == before
        assert not Review.objects.exists() and not Blackout.objects.exists()
    assert [row[:2] for row in _states(commune)] == [(mine.pk, S.REQUESTED)]

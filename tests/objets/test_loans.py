"""The loan workflow, step by step, and every refusal (clear message, nothing changed)."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django_tenants.utils import schema_context

from objets import services
from objets.models import Blackout, Loan, Review
from objets.selectors import rating_summary_for
from tests.objets.conftest import days, png
from voisinages.models import Notification

pytestmark = pytest.mark.django_db
S = Loan.Status


def _loan_states(commune):
    with schema_context(commune.schema_name):
        return sorted(Loan.objects.values_list("pk", "status"))


def _inbox(commune, resident, kind):
    with schema_context(commune.schema_name):
        return list(Notification.objects.filter(recipient=resident, kind=kind))


def test_the_whole_workflow_through_the_pages(commune, client_for, owner, borrower, item):
    lender_client, borrower_client = client_for(commune, owner), client_for(commune, borrower)

    # Request a date range with a message.
    response = borrower_client.post(
        f"/objets/{item.pk}/emprunter/",
        {"starts_on": days(2), "ends_on": days(4), "message": "Pour poser des étagères."},
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        loan = Loan.objects.get()
    assert loan.status == S.REQUESTED and loan.lender_id == owner.pk
    [note] = _inbox(commune, owner, "objets.loan.requested")
    assert "Thomas B." in note.title and note.url == f"/objets/prets/{loan.pk}/"
    page = lender_client.get(f"/objets/prets/{loan.pk}/").content.decode()
    assert "Pour poser des étagères." in page and "Accepter" in page

    # Accept.
    assert lender_client.post(f"/objets/prets/{loan.pk}/accept/").status_code == 302
    assert _loan_states(commune) == [(loan.pk, S.ACCEPTED)]
    assert _inbox(commune, borrower, "objets.loan.accepted")

    # Both confirm the handover (the loan starts on the second).
    lender_client.post(f"/objets/prets/{loan.pk}/handover/")
    assert _loan_states(commune) == [(loan.pk, S.ACCEPTED)]
    assert _inbox(commune, borrower, "objets.loan.handover")
    borrower_client.post(f"/objets/prets/{loan.pk}/handover/")
    assert _loan_states(commune) == [(loan.pk, S.ONGOING)]
    assert _inbox(commune, owner, "objets.loan.started")

    # The borrower returns it, the owner confirms with a note and a photo.
    borrower_client.post(f"/objets/prets/{loan.pk}/returned/")
    assert _loan_states(commune) == [(loan.pk, S.RETURNED)]
    assert _inbox(commune, owner, "objets.loan.returned")
    response = lender_client.post(
        f"/objets/prets/{loan.pk}/confirm-return/",
        {"condition_note": "Rendu propre.", "photo": png("retour.png")},
    )
    assert response.status_code == 302
    with schema_context(commune.schema_name):
        loan.refresh_from_db()
        assert loan.status == S.COMPLETED and loan.return_note == "Rendu propre."
        assert loan.return_photo.name.startswith("objets/retours/")
    assert _inbox(commune, borrower, "objets.loan.completed")

    # Ratings each way, shown on the object and summarised for profiles.
    borrower_client.post(f"/objets/prets/{loan.pk}/review/", {"rating": 5, "comment": "Top !"})
    lender_client.post(f"/objets/prets/{loan.pk}/review/", {"rating": 4, "comment": "Ponctuel."})
    assert _inbox(commune, owner, "objets.loan.reviewed")
    assert _inbox(commune, borrower, "objets.loan.reviewed")
    with schema_context(commune.schema_name):
        assert rating_summary_for(owner) == {"count": 1, "average": 5.0}
        assert rating_summary_for(borrower) == {"count": 1, "average": 4.0}
    page = borrower_client.get(f"/objets/{item.pk}/").content.decode()
    assert "Top !" in page and "Ponctuel." not in page  # the object shows borrowers' reviews
    # Reviewing twice is refused.
    response = borrower_client.post(f"/objets/prets/{loan.pk}/review/", {"rating": 1})
    assert "Vous avez déjà donné votre avis" in response.content.decode()
    with schema_context(commune.schema_name):
        assert Review.objects.count() == 2


def test_accepting_declines_the_other_overlapping_requests(
    commune, make_resident, owner, borrower, item
):
    third = make_resident(commune, first_name="Nadia")
    fourth = make_resident(commune, first_name="Jean")
    with schema_context(commune.schema_name):
        chosen = services.request_loan(
            item=item, borrower=borrower, starts_on=days(2), ends_on=days(4)
        )
        overlapping = services.request_loan(
            item=item, borrower=third, starts_on=days(4), ends_on=days(6)
        )
        later = services.request_loan(
            item=item, borrower=fourth, starts_on=days(5), ends_on=days(6)
        )
        services.accept_loan(loan=chosen, actor=owner)
        overlapping.refresh_from_db()
        later.refresh_from_db()
        assert overlapping.status == S.DECLINED
        assert "prêté à quelqu’un d’autre" in overlapping.decline_reason
        assert later.status == S.REQUESTED
    assert _inbox(commune, third, "objets.loan.declined")
    assert not _inbox(commune, fourth, "objets.loan.declined")


def test_decline_needs_a_reason(commune, client_for, owner, borrower, item):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(1), ends_on=days(2)
        )
    client = client_for(commune, owner)
    response = client.post(f"/objets/prets/{loan.pk}/decline/", {"decline-reason": ""})
    assert response.status_code == 400
    assert "Indiquez un motif : cela aide votre voisin." in response.content.decode()
    assert _loan_states(commune) == [(loan.pk, S.REQUESTED)]
    client.post(f"/objets/prets/{loan.pk}/decline/", {"decline-reason": "Je pars avec."})
    with schema_context(commune.schema_name):
        loan.refresh_from_db()
    assert loan.status == S.DECLINED and loan.decline_reason == "Je pars avec."
    assert _inbox(commune, borrower, "objets.loan.declined")


@pytest.mark.parametrize("who", ["owner", "borrower"])
def test_either_party_cancels_before_the_handover(commune, client_for, owner, borrower, item, who):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(1), ends_on=days(2)
        )
        services.accept_loan(loan=loan, actor=owner)
    actor, other = (owner, borrower) if who == "owner" else (borrower, owner)
    client_for(commune, actor).post(
        f"/objets/prets/{loan.pk}/cancel/", {"cancel-reason": "Empêchement"}
    )
    assert _loan_states(commune) == [(loan.pk, S.CANCELLED)]
    assert _inbox(commune, other, "objets.loan.cancelled")


def test_no_cancel_after_the_handover(commune, client_for, owner, borrower, item):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(0), ends_on=days(2)
        )
        services.accept_loan(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=borrower)
    response = client_for(commune, borrower).post(f"/objets/prets/{loan.pk}/cancel/")
    assert response.status_code == 400
    assert "cette étape n’est plus possible" in response.content.decode()
    assert _loan_states(commune) == [(loan.pk, S.ONGOING)]


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [
        (-1, 1, "Un prêt ne peut pas commencer dans le passé."),
        (3, 2, "La date de fin doit être le jour de début ou après."),
        (1, 8, "Cet objet se prête pour 7 jours au plus."),
    ],
    ids=["start-in-the-past", "end-before-start", "longer-than-max"],
)
def test_bad_dates_are_refused(commune, client_for, borrower, item, start, end, message):
    response = client_for(commune, borrower).post(
        f"/objets/{item.pk}/emprunter/", {"starts_on": days(start), "ends_on": days(end)}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _loan_states(commune) == []


def test_lending_to_myself_is_refused(commune, client_for, owner, item):
    with schema_context(commune.schema_name):
        with pytest.raises(ValidationError, match="propre objet"):
            services.request_loan(item=item, borrower=owner, starts_on=days(1), ends_on=days(2))
    response = client_for(commune, owner).post(
        f"/objets/{item.pk}/emprunter/", {"starts_on": days(1), "ends_on": days(2)}
    )
    assert response.status_code == 400
    assert "Vous ne pouvez pas emprunter votre propre objet." in response.content.decode()
    assert _loan_states(commune) == []


def test_an_object_of_another_commune_cannot_be_borrowed(
    commune, other_commune, client_for, make_resident, borrower, item
):
    stranger = make_resident(other_commune, email="voisin@beta.example")
    client = client_for(other_commune, stranger)
    assert client.get(f"/objets/{item.pk}/").status_code == 404
    response = client.post(
        f"/objets/{item.pk}/emprunter/", {"starts_on": days(1), "ends_on": days(2)}
    )
    assert response.status_code == 404
    assert _loan_states(commune) == []
    with schema_context(other_commune.schema_name):
        assert not Loan.objects.exists()


def test_another_commune_cannot_touch_a_loan(
    commune, other_commune, client_for, make_resident, owner, borrower, item
):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(1), ends_on=days(2)
        )
    # A resident of Bêta whose id may equal the owner's: still nothing there.
    stranger = make_resident(other_commune, email="voisin@beta.example")
    client = client_for(other_commune, stranger)
    assert client.post(f"/objets/prets/{loan.pk}/accept/").status_code == 404
    assert client.get(f"/objets/prets/{loan.pk}/").status_code == 404
    assert _loan_states(commune) == [(loan.pk, S.REQUESTED)]


def test_accepting_an_overlapping_request_is_refused(
    commune, client_for, make_resident, owner, borrower, item
):
    third = make_resident(commune, first_name="Nadia")
    with schema_context(commune.schema_name):
        first = services.request_loan(
            item=item, borrower=borrower, starts_on=days(2), ends_on=days(4)
        )
        services.accept_loan(loan=first, actor=owner)
        # A request that slipped in over the same days (e.g. made before a bug fix).
        late = Loan.objects.create(
            item=item, borrower=third, lender=owner, starts_on=days(3), ends_on=days(5)
        )
    response = client_for(commune, owner).post(f"/objets/prets/{late.pk}/accept/")
    assert response.status_code == 400
    assert "L’objet est déjà prêté sur certains de ces jours." in response.content.decode()
    assert _loan_states(commune) == [(first.pk, S.ACCEPTED), (late.pk, S.REQUESTED)]


def test_accepting_an_auto_declined_request_is_refused(
    commune, make_resident, owner, borrower, item
):
    third = make_resident(commune, first_name="Nadia")
    with schema_context(commune.schema_name):
        first = services.request_loan(
            item=item, borrower=borrower, starts_on=days(2), ends_on=days(4)
        )
        second = services.request_loan(
            item=item, borrower=third, starts_on=days(3), ends_on=days(5)
        )
        services.accept_loan(loan=first, actor=owner)
        with pytest.raises(ValidationError, match="Refusé"):
            services.accept_loan(loan=second, actor=owner)
        second.refresh_from_db()
        assert second.status == S.DECLINED


def test_a_stranger_cannot_confirm_a_handover(
    commune, client_for, make_resident, owner, borrower, item
):
    stranger = make_resident(commune, first_name="Zoé")
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(1), ends_on=days(2)
        )
        services.accept_loan(loan=loan, actor=owner)
        with pytest.raises(
            PermissionDenied, match="Seuls le prêteur et l’emprunteur peuvent confirmer"
        ):
            services.confirm_handover(loan=loan, actor=stranger)
    # Through the pages the loan does not even exist for them.
    assert (
        client_for(commune, stranger).post(f"/objets/prets/{loan.pk}/handover/").status_code == 404
    )
    with schema_context(commune.schema_name):
        loan.refresh_from_db()
    assert loan.status == S.ACCEPTED and loan.lender_handover_at is None
    assert loan.borrower_handover_at is None


def test_only_the_lender_answers_and_only_the_borrower_returns(commune, owner, borrower, item):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(0), ends_on=days(1)
        )
        with pytest.raises(PermissionDenied, match="Seul le prêteur"):
            services.accept_loan(loan=loan, actor=borrower)
        services.accept_loan(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=owner)
        services.confirm_handover(loan=loan, actor=borrower)
        with pytest.raises(PermissionDenied, match="Seul l’emprunteur"):
            services.mark_returned(loan=loan, actor=owner)
        with pytest.raises(ValidationError, match="une fois l’objet rendu"):
            services.leave_review(loan=loan, author=owner, rating=5)
        loan.refresh_from_db()
        assert loan.status == S.ONGOING and not Review.objects.exists()


def test_blackout_days_cannot_be_requested(commune, client_for, owner, borrower, item):
    client_for(commune, owner).post(
        f"/objets/{item.pk}/indisponible/",
        {"starts_on": days(5), "ends_on": days(8), "note": "Vacances"},
    )
    with schema_context(commune.schema_name):
        assert Blackout.objects.filter(item=item).count() == 1
    response = client_for(commune, borrower).post(
        f"/objets/{item.pk}/emprunter/", {"starts_on": days(4), "ends_on": days(6)}
    )
    assert response.status_code == 400
    assert "indisponibles" in response.content.decode()
    assert _loan_states(commune) == []


def test_the_database_forbids_overlapping_accepted_loans(commune, owner, borrower, item):
    def loan(start, end, status):
        return Loan.objects.create(
            item=item,
            borrower=borrower,
            lender=owner,
            starts_on=days(start),
            ends_on=days(end),
            status=status,
        )

    with schema_context(commune.schema_name):
        loan(1, 3, S.ACCEPTED)
        with pytest.raises(IntegrityError), transaction.atomic():
            loan(3, 5, S.ONGOING)
        # Declined or completed loans may overlap: only holding statuses count.
        loan(2, 4, S.DECLINED)
        loan(4, 5, S.ACCEPTED)
        with pytest.raises(IntegrityError), transaction.atomic():
            Blackout.objects.create(item=item, starts_on=days(10), ends_on=days(12))
            Blackout.objects.create(item=item, starts_on=days(12), ends_on=days(14))
        with pytest.raises(IntegrityError), transaction.atomic():
            Loan.objects.create(
                item=item, borrower=borrower, lender=owner, starts_on=days(9), ends_on=days(8)
            )

"""Car sharing: asking for a seat, the driver's answer, seats never oversold."""

import threading
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections
from django.utils import timezone
from django_tenants.utils import schema_context

from discussions.models import Post, SeatRequest
from discussions.services import answer_seat_request, publish_post, request_seat, seats_left
from tests.discussions.foreign import foreign_post
from tests.factories import make_resident
from voisinages.models import Notification


def _ride(commune, driver, *, seats=1):
    with schema_context(commune.schema_name):
        return publish_post(
            author=driver,
            kind="covoiturage",
            title="Marché de Rouen samedi",
            body="",
            ride_from="Place de l'église",
            ride_to="Rouen",
            ride_departs_at=timezone.now() + timedelta(days=2),
            ride_seats=seats,
        )


def _notes(commune, resident, kind):
    with schema_context(commune.schema_name):
        return list(Notification.objects.filter(recipient=resident, kind=kind))


@pytest.mark.django_db
def test_a_passenger_asks_the_driver_accepts_and_the_seats_left_decrease(
    commune, make_resident, client_for, run_jobs
):
    driver = make_resident(commune, first_name="Denise")
    passenger = make_resident(commune, first_name="Paul")
    ride = _ride(commune, driver, seats=2)
    passenger_client = client_for(commune, passenger)
    page = passenger_client.get(f"/fil/{ride.pk}/").content.decode()
    assert "2 places restantes" in page and "Demander une place" in page
    response = passenger_client.post(f"/fil/{ride.pk}/places/", follow=True)
    assert "Votre demande est envoyée au conducteur." in response.content.decode()
    assert len(_notes(commune, driver, "discussions.seat.requested")) == 1
    run_jobs()
    assert [m.to for m in mail.outbox] == [[driver.email]]
    assert "Paul" in mail.outbox[0].subject + mail.outbox[0].body
    driver_page = client_for(commune, driver).get(f"/fil/{ride.pk}/").content.decode()
    assert "Paul" in driver_page and "Accepter" in driver_page
    with schema_context(commune.schema_name):
        seat = SeatRequest.objects.get(post=ride, passenger=passenger)
    response = client_for(commune, driver).post(
        f"/fil/{ride.pk}/places/{seat.pk}/", {"decision": "accept"}, follow=True
    )
    assert "Le passager est accepté." in response.content.decode()
    assert "1 place restante" in response.content.decode()
    with schema_context(commune.schema_name):
        seat.refresh_from_db()
        assert seat.status == SeatRequest.Status.ACCEPTED
        assert seats_left(ride) == 1
    notes = _notes(commune, passenger, "discussions.seat.answered")
    assert len(notes) == 1 and "accepté" in notes[0].title
    run_jobs()
    assert [m.to for m in mail.outbox] == [[driver.email], [passenger.email]]
    assert "Votre demande : Acceptée" in passenger_client.get(f"/fil/{ride.pk}/").content.decode()


@pytest.mark.django_db
def test_a_full_ride_refuses_new_requests_in_french(commune, make_resident, client_for):
    driver = make_resident(commune)
    first, second = make_resident(commune), make_resident(commune, first_name="Zoé")
    ride = _ride(commune, driver, seats=1)
    with schema_context(commune.schema_name):
        seat = request_seat(post=ride, passenger=first)
        answer_seat_request(seat=seat, by=driver, accept=True)
        assert seats_left(ride) == 0
    page = client_for(commune, second).get(f"/fil/{ride.pk}/").content.decode()
    assert "Ce trajet est complet." in page
    response = client_for(commune, second).post(f"/fil/{ride.pk}/places/", follow=True)
    assert "Ce trajet est complet : il ne reste aucune place." in response.content.decode()
    with schema_context(commune.schema_name):
        assert not SeatRequest.objects.filter(passenger=second).exists()


@pytest.mark.django_db
def test_a_pending_request_cannot_be_accepted_once_the_ride_is_full(commune, make_resident):
    driver = make_resident(commune)
    first, second = make_resident(commune), make_resident(commune)
    ride = _ride(commune, driver, seats=1)
    with schema_context(commune.schema_name):
        one = request_seat(post=ride, passenger=first)
        two = request_seat(post=ride, passenger=second)
        answer_seat_request(seat=one, by=driver, accept=True)
        with pytest.raises(ValidationError, match="complet"):
            answer_seat_request(seat=two, by=driver, accept=True)
        answer_seat_request(seat=two, by=driver, accept=False)
        two.refresh_from_db()
        assert two.status == SeatRequest.Status.DECLINED
        assert seats_left(ride) == 0
        with pytest.raises(ValidationError, match="déjà reçu une réponse"):
            answer_seat_request(seat=two, by=driver, accept=True)


@pytest.mark.django_db
def test_refusals(commune, make_resident, publish):
    driver = make_resident(commune)
    passenger = make_resident(commune)
    ride = _ride(commune, driver, seats=3)
    with schema_context(commune.schema_name):
        with pytest.raises(ValidationError, match="propre trajet"):
            request_seat(post=ride, passenger=driver)
        seat = request_seat(post=ride, passenger=passenger)
        with pytest.raises(ValidationError, match="déjà demandé"):
            request_seat(post=ride, passenger=passenger)
        with pytest.raises(PermissionDenied):
            answer_seat_request(seat=seat, by=passenger, accept=True)
        Post.objects.filter(pk=ride.pk).update(ride_departs_at=timezone.now() - timedelta(hours=1))
        with pytest.raises(ValidationError, match="déjà parti"):
            request_seat(post=ride, passenger=make_resident(commune))
    newcomer = make_resident(commune, is_verified=False)
    with schema_context(commune.schema_name), pytest.raises(PermissionDenied):
        request_seat(post=ride, passenger=newcomer)
    discussion = publish(driver, title="Pas un trajet")
    with schema_context(commune.schema_name), pytest.raises(ValidationError, match="trajet"):
        request_seat(post=discussion, passenger=passenger)


@pytest.mark.django_db
def test_bad_decisions_and_other_peoples_requests(commune, make_resident, client_for):
    driver = make_resident(commune)
    passenger = make_resident(commune)
    ride = _ride(commune, driver, seats=1)
    with schema_context(commune.schema_name):
        seat = request_seat(post=ride, passenger=passenger)
    response = client_for(commune, driver).post(
        f"/fil/{ride.pk}/places/{seat.pk}/", {"decision": "x" * 10_000}, follow=True
    )
    assert "Choisissez d’accepter ou de refuser la demande." in response.content.decode()
    # The passenger cannot accept their own request.
    response = client_for(commune, passenger).post(
        f"/fil/{ride.pk}/places/{seat.pk}/", {"decision": "accept"}
    )
    assert response.status_code == 403
    assert client_for(commune, driver).post(
        f"/fil/{ride.pk}/places/999999/", {"decision": "accept"}
    ).status_code == 404  # fmt: skip
    assert client_for(commune, passenger).get(f"/fil/{ride.pk}/places/").status_code == 405
    with schema_context(commune.schema_name):
        seat.refresh_from_db()
        assert seat.status == SeatRequest.Status.PENDING


@pytest.mark.django_db
def test_another_communes_resident_cannot_ask_or_answer(
    commune, other_commune, make_resident, stranger_client, client_for
):
    driver = make_resident(commune)
    ride = _ride(commune, driver, seats=2)
    client = stranger_client(commune)
    assert client.post(f"/fil/{ride.pk}/places/").status_code in (302, 403, 404)
    with schema_context(commune.schema_name):
        assert not SeatRequest.objects.filter(post=ride).exists()
    # Logged into their own commune, a post id of the first commune is unknown there.
    stranger = make_resident(other_commune)
    there = make_resident(other_commune)
    elsewhere = foreign_post(here=other_commune, there=commune, author=driver)
    response = client_for(other_commune, stranger).post(f"/fil/{elsewhere.pk}/places/")
    assert response.status_code == 404
    assert there.pk  # the other commune has residents of its own, untouched


def test_seats_are_never_oversold_under_concurrent_accepts(scratch_commune, django_db_blocker):
    """Ten requests on a 3-seat ride, all accepted at once from separate connections."""
    with django_db_blocker.unblock(), schema_context(scratch_commune.schema_name):
        driver = make_resident(scratch_commune, email="driver@scratch.example")
        ride = _ride(scratch_commune, driver, seats=3)
        seats = [
            request_seat(
                post=ride,
                passenger=make_resident(scratch_commune, email=f"p{n}@scratch.example"),
            )
            for n in range(10)
        ]
    barrier = threading.Barrier(len(seats))
    outcomes = []

    def attempt(seat):
        try:
            with schema_context(scratch_commune.schema_name):
                barrier.wait()
                try:
                    answer_seat_request(seat=seat, by=driver, accept=True)
                    outcomes.append("accepted")
                except ValidationError as exc:
                    outcomes.append(exc.messages[0])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(seat,)) for seat in seats]
    with django_db_blocker.unblock():
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
    assert len(outcomes) == 10
    assert outcomes.count("accepted") == 3
    with django_db_blocker.unblock(), schema_context(scratch_commune.schema_name):
        accepted = SeatRequest.objects.filter(post=ride, status="accepted").count()
        assert accepted == 3
        assert seats_left(ride) == 0
    connection.set_schema_to_public()

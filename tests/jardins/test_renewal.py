"""Yearly renewal: holders confirm or free their plot; unconfirmed plots go
back once the deadline has passed (frozen clock)."""

from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from jardins import services
from jardins.models import Plot, PlotRenewal, RenewalCampaign
from voisinages.models import Notification

from .conftest import plot, text

pytestmark = pytest.mark.django_db

# Sessions last two weeks: each block below logs its clients in afresh.
START = timezone.now().replace(microsecond=0) + timedelta(hours=1)
DEADLINE = START + timedelta(days=30)


@pytest.fixture
def holders(world, add_member):
    keeper, leaver, silent = (add_member(first_name=n) for n in ("Kim", "Léo", "Sam"))
    plots = [
        plot(world, i + 1, status=Plot.Status.ASSIGNED, holder=h)
        for i, h in enumerate((keeper, leaver, silent))
    ]
    return (keeper, leaver, silent), plots


def test_renewal_asks_holders_and_frees_unconfirmed_plots_after_the_deadline(
    world, holders, client_for
):
    (keeper, leaver, silent), (p1, p2, p3) = holders
    with time_machine.travel(START, tick=False):
        response = client_for(world.commune, world.coordinator).post(
            f"/jardins/{world.garden.pk}/renouvellement/",
            {"deadline": DEADLINE.strftime("%Y-%m-%dT%H:%M")},
            follow=True,
        )
        assert "Chaque titulaire de parcelle doit confirmer." in text(response)
        with world.ctx():
            assert Notification.objects.filter(kind="jardins.renewal.requested").count() == 3
            r_keep, r_leave, _r_silent = PlotRenewal.objects.order_by("plot__number")
        page = text(client_for(world.commune, keeper).get(f"/jardins/{world.garden.pk}/"))
        assert "Garder votre parcelle cette année ?" in page

    with time_machine.travel(START + timedelta(days=5), tick=False):
        client_for(world.commune, keeper).post(
            f"/jardins/{world.garden.pk}/renouvellement/{r_keep.pk}/", {"answer": "keep"}
        )
        client_for(world.commune, leaver).post(
            f"/jardins/{world.garden.pk}/renouvellement/{r_leave.pk}/", {"answer": "free"}
        )
        with world.ctx():
            p2.refresh_from_db()
            assert p2.status == Plot.Status.FREE and p2.holder is None
            # Before the deadline nothing else moves.
            assert services.close_expired_renewals() == 0
            p3.refresh_from_db()
            assert p3.holder == silent

    with time_machine.travel(DEADLINE + timedelta(minutes=1), tick=False):
        out = StringIO()
        call_command("send_garden_reminders", stdout=out)
        assert "1 plots freed" in out.getvalue()
        with world.ctx():
            p1.refresh_from_db()
            p3.refresh_from_db()
            assert p1.holder == keeper and p1.status == Plot.Status.ASSIGNED
            assert p3.holder is None and p3.status == Plot.Status.FREE
            assert PlotRenewal.objects.get(plot=p3).answer == PlotRenewal.Answer.EXPIRED
            assert RenewalCampaign.objects.get().closed_at is not None
            assert Notification.objects.filter(
                recipient=silent, kind="jardins.renewal.expired"
            ).exists()
            # Running again does nothing more.
            assert services.close_expired_renewals() == 0


def test_answering_after_the_deadline_is_refused(world, holders, client_for):
    (keeper, _leaver, _silent), (p1, _p2, _p3) = holders
    with time_machine.travel(START, tick=False), world.ctx():
        services.start_renewal(garden=world.garden, by=world.coordinator, deadline=DEADLINE)
        renewal = PlotRenewal.objects.get(plot=p1)
    with time_machine.travel(DEADLINE + timedelta(seconds=1), tick=False):
        response = client_for(world.commune, keeper).post(
            f"/jardins/{world.garden.pk}/renouvellement/{renewal.pk}/",
            {"answer": "keep"},
            follow=True,
        )
        assert "La date limite est passée." in text(response)
        with world.ctx():
            renewal.refresh_from_db()
            assert renewal.answer == PlotRenewal.Answer.PENDING


def test_a_deadline_in_the_past_or_a_second_campaign_is_refused(world, holders, client_for):
    with time_machine.travel(START, tick=False):
        client = client_for(world.commune, world.coordinator)
        past = (START - timedelta(days=1)).strftime("%Y-%m-%dT%H:%M")
        response = client.post(
            f"/jardins/{world.garden.pk}/renouvellement/", {"deadline": past}, follow=True
        )
        assert "La date limite doit être dans le futur." in text(response)
        with world.ctx():
            assert not RenewalCampaign.objects.exists()
            services.start_renewal(garden=world.garden, by=world.coordinator, deadline=DEADLINE)
        response = client.post(
            f"/jardins/{world.garden.pk}/renouvellement/",
            {"deadline": DEADLINE.strftime("%Y-%m-%dT%H:%M")},
            follow=True,
        )
        assert "Le renouvellement de cette année a déjà été lancé." in text(response)


def test_someone_else_cannot_answer_for_a_holder(
    world, holders, client_for, add_member, other_commune, make_resident
):
    (_keeper, leaver, _silent), (_p1, p2, _p3) = holders
    with time_machine.travel(START, tick=False):
        with world.ctx():
            services.start_renewal(garden=world.garden, by=world.coordinator, deadline=DEADLINE)
            renewal = PlotRenewal.objects.get(plot=p2)
        url = f"/jardins/{world.garden.pk}/renouvellement/{renewal.pk}/"
        assert (
            client_for(world.commune, add_member(first_name="Ivy"))
            .post(url, {"answer": "free"})
            .status_code
            == 403
        )
        stranger = make_resident(other_commune)
        assert client_for(other_commune, stranger).post(url, {"answer": "free"}).status_code == 404
        with world.ctx():
            p2.refresh_from_db()
            assert p2.holder == leaver
            renewal.refresh_from_db()
            assert renewal.answer == PlotRenewal.Answer.PENDING

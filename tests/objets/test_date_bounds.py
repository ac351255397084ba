"""Loans' dates: one year ahead at most on the site, and a loan row dated on
the last day a date holds does not take the calendar feed down."""

import datetime

import icalendar
import pytest
from django.db import connection
from django.utils import formats, timezone
from django_tenants.utils import schema_context

from objets import services
from objets.models import Blackout, Loan, LoanFeed
from tests.objets.conftest import days

pytestmark = pytest.mark.django_db


def _latest_loan_day() -> str:
    latest = timezone.localdate() + datetime.timedelta(days=365)
    return formats.date_format(latest, "SHORT_DATE_FORMAT")


def test_a_loan_or_an_unavailability_beyond_a_year_is_refused(
    commune, other_commune, client_for, owner, borrower, item, make_resident
):
    far = str(timezone.localdate() + datetime.timedelta(days=400))
    asked = client_for(commune, borrower).post(
        f"/objets/{item.pk}/emprunter/", {"starts_on": str(days(1)), "ends_on": far}
    )
    assert asked.status_code == 400
    assert f"La date doit être au plus tard le {_latest_loan_day()}." in asked.content.decode()
    blocked = client_for(commune, owner).post(
        f"/objets/{item.pk}/indisponible/",
        {"starts_on": "9999-12-30", "ends_on": "9999-12-31"},
        follow=True,
    )
    assert f"La date doit être au plus tard le {_latest_loan_day()}." in blocked.content.decode()
    # Someone of another commune cannot even reach the object.
    stranger = client_for(other_commune, make_resident(other_commune))
    stranger.defaults["HTTP_HOST"] = client_for(commune).defaults["HTTP_HOST"]
    refused = stranger.post(f"/objets/{item.pk}/emprunter/", {"starts_on": far, "ends_on": far})
    assert refused.status_code in (302, 403, 404)
    with schema_context(commune.schema_name):
        assert not Loan.objects.exists() and not Blackout.objects.exists()


def test_a_loan_stored_until_the_last_day_keeps_the_feed_working(
    commune, client_for, owner, borrower, item
):
    with schema_context(commune.schema_name):
        loan = services.request_loan(
            item=item, borrower=borrower, starts_on=days(2), ends_on=days(4)
        )
        services.accept_loan(loan=loan, actor=owner)
        with connection.cursor() as cursor:  # a row stored before the bounds existed
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE objets_loan DROP CONSTRAINT IF EXISTS loan_dates_in_range")
            cursor.execute("UPDATE objets_loan SET ends_on = '9999-12-31' WHERE id = %s", [loan.pk])
    assert client_for(commune, borrower).get("/objets/mes-prets/").status_code == 200
    with schema_context(commune.schema_name):
        token = LoanFeed.objects.get(resident=borrower).token
    response = client_for(commune).get(f"/objets/calendrier/{token}.ics")
    assert response.status_code == 200
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert event["DTSTART"].dt == days(2)
    assert event["DTEND"].dt > event["DTSTART"].dt
    assert client_for(commune, borrower).get(f"/objets/prets/{loan.pk}/").status_code == 200

"""Gardens' dates are bounded, and the garden calendar keeps hostile text in
one event."""

import datetime

import icalendar
import pytest
from django.urls import reverse
from django.utils import formats, timezone

from jardins.models import GardenEvent

pytestmark = pytest.mark.django_db


def _latest(days: int) -> str:
    latest = timezone.localdate() + datetime.timedelta(days=days)
    return formats.date_format(latest, "SHORT_DATE_FORMAT")


def test_an_event_three_years_ahead_is_refused(world, client_for, other_commune, make_resident):
    far = (timezone.localtime() + datetime.timedelta(days=3 * 365)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("garden_event_add", args=[world.garden.pk])
    fields = {"kind": GardenEvent.Kind.HARVEST_PARTY, "title": "Fête", "description": "",
              "starts_at": far, "ends_at": far}  # fmt: skip
    page = client_for(world.commune, world.coordinator).post(url, fields)
    assert page.status_code == 400
    assert f"La date doit être au plus tard le {_latest(2 * 365)}." in page.content.decode()
    stranger = client_for(other_commune, make_resident(other_commune))
    stranger.defaults["HTTP_HOST"] = client_for(world.commune).defaults["HTTP_HOST"]
    assert stranger.post(url, fields).status_code in (302, 403, 404)
    with world.ctx():
        assert not GardenEvent.objects.exists()


def test_a_bare_carriage_return_does_not_split_an_event(world, client_for):
    start = timezone.now() + datetime.timedelta(days=3)
    title = "Fête\rBEGIN:VEVENT, soupe; C:\\pain"
    with world.ctx():
        GardenEvent.objects.create(
            garden=world.garden, kind=GardenEvent.Kind.HARVEST_PARTY, title=title,
            description="Ligne 1\rLigne 2", starts_at=start,
            ends_at=start + datetime.timedelta(hours=3),
        )  # fmt: skip
    response = client_for(world.commune).get(reverse("garden_ical", args=[world.garden.pk]))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert str(event["SUMMARY"]) == title.replace("\r", "\n")
    assert str(event["DESCRIPTION"]) == "Ligne 1\nLigne 2"

"""One definition of date windows: the same French message from a Django form
field and from an API schema; values Python cannot hold are read safely."""

import datetime

import pytest
from django import forms
from django.db import connection
from django.utils import timezone, translation
from pydantic import BaseModel, ValidationError

from socle.dates import (
    EVENTS,
    LOANS,
    SAFE_MAX,
    SAFE_MAX_DATE,
    BoundedDateField,
    BoundedDateTimeField,
    DateWindow,
    api_date,
    api_datetime,
)

FAR = "9999-12-31T23:30:00-05:00"


class EventForm(forms.Form):
    starts_at = BoundedDateTimeField(window=EVENTS)
    day = BoundedDateField(window=LOANS, required=False)


class EventIn(BaseModel):
    starts_at: api_datetime(EVENTS)
    day: api_date(LOANS) | None = None


def _latest(window: DateWindow) -> str:
    return window.bounds()[1].strftime("%d/%m/%Y")


@pytest.fixture(autouse=True)
def _french():
    with translation.override("fr"):
        yield


def test_bounds_of_each_window():
    today = datetime.date(2026, 12, 3)
    assert EVENTS.bounds(today) == (datetime.date(1900, 1, 1), datetime.date(2028, 12, 2))
    assert LOANS.bounds(today) == (datetime.date(1900, 1, 1), datetime.date(2027, 12, 3))
    recent = DateWindow(ahead=datetime.timedelta(days=1), past=datetime.timedelta(days=7))
    assert recent.bounds(today)[0] == datetime.date(2026, 11, 26)


def test_form_field_and_api_type_say_the_same_french_message():
    expected = f"La date doit être au plus tard le {_latest(EVENTS)}."
    form = EventForm(data={"starts_at": "9999-12-31T23:30"})
    assert not form.is_valid()
    assert form.errors["starts_at"] == [expected]
    with pytest.raises(ValidationError) as refused:
        EventIn(starts_at=FAR)
    assert str(refused.value.errors()[0]["ctx"]["error"]) == expected


def test_nothing_before_1900_and_loans_within_a_year():
    form = EventForm(data={"starts_at": "1899-12-31T10:00", "day": "2100-01-01"})
    assert not form.is_valid()
    assert form.errors["starts_at"] == ["La date doit être au plus tôt le 01/01/1900."]
    assert form.errors["day"] == [f"La date doit être au plus tard le {_latest(LOANS)}."]
    with pytest.raises(ValidationError):
        EventIn(starts_at="2026-01-01T10:00:00Z", day="9999-12-31")


def test_dates_inside_the_window_pass():
    soon = timezone.now() + datetime.timedelta(days=30)
    form = EventForm(data={"starts_at": soon.strftime("%Y-%m-%dT%H:%M"), "day": ""})
    assert form.is_valid(), form.errors
    assert EventIn(starts_at=soon, day=timezone.localdate()).starts_at == soon


@pytest.mark.django_db
def test_values_python_cannot_hold_are_read_as_the_nearest_safe_one():
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT %s::timestamptz, %s::timestamptz, '10000-01-01'::date, '9999-12-31'::date",
            [FAR, "9999-12-31 23:59:00+00"],
        )
        beyond, edge, day_beyond, last_day = cursor.fetchone()
    assert beyond == SAFE_MAX and edge == SAFE_MAX
    assert timezone.localtime(beyond).year == 9999  # converting to Paris does not overflow
    assert day_beyond == SAFE_MAX_DATE and last_day == SAFE_MAX_DATE
    assert last_day + datetime.timedelta(days=1) <= datetime.date.max

"""The one iCalendar writer: text survives a round trip through a real
parser, and no date a row may hold overflows."""

import datetime

import icalendar

from socle.ical import CalendarEvent, calendar

HOSTILE = "Soupe\rpain, sel; C:\\dossier\\ — «fête» 🥕"


def _parse(text):
    parsed = icalendar.Calendar.from_ical(text)
    return [c for c in parsed.walk() if c.name == "VEVENT"]


def _event(**fields):
    base = {
        "uid": "e-1@alpha",
        "summary": "Fête",
        "starts": datetime.datetime(2026, 6, 21, 18, tzinfo=datetime.UTC),
    }
    return CalendarEvent(**{**base, **fields})


def test_hostile_text_round_trips_as_one_event():
    text = calendar(
        prodid="-//Test//FR",
        name=HOSTILE,
        events=[_event(summary=HOSTILE, description=HOSTILE, location=HOSTILE)],
    )
    (event,) = _parse(text)
    unfolded = text.replace("\r\n ", "")
    assert "X-WR-CALNAME:Soupe pain\\, sel\\; C:\\\\dossier\\\\ — «fête» 🥕\r\n" in unfolded
    expected = HOSTILE.replace("\r", "\n")  # a bare carriage return is a line break
    assert str(event["SUMMARY"]) == expected
    assert str(event["DESCRIPTION"]) == expected
    assert str(event["LOCATION"]) == expected
    assert "\r" not in text.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))


def test_control_characters_are_dropped():
    (event,) = _parse(calendar(prodid="-//T//FR", events=[_event(summary="a\x00b\x1bc\td")]))
    assert str(event["SUMMARY"]) == "abc\td"


def test_a_loan_ending_on_the_last_day_a_date_holds_does_not_overflow():
    events = [
        _event(uid="l-1", starts=datetime.date(9999, 12, 30), ends=datetime.date.max),
        _event(uid="l-2", starts=datetime.date.max, ends=None),
    ]
    first, second = _parse(calendar(prodid="-//T//FR", events=events))
    assert first["DTEND"].dt > first["DTSTART"].dt
    assert second["DTEND"].dt > second["DTSTART"].dt


def test_moments_at_the_edge_are_written_in_utc_without_overflow():
    edge = datetime.datetime.max.replace(tzinfo=datetime.timezone(datetime.timedelta(hours=-5)))
    paris = datetime.datetime(
        2026, 6, 21, 18, tzinfo=datetime.timezone(datetime.timedelta(hours=2))
    )
    (far, here) = _parse(
        calendar(
            prodid="-//T//FR",
            events=[_event(uid="a", starts=edge, ends=edge), _event(uid="b", starts=paris)],
        )
    )
    assert far["DTSTART"].dt.year == 9999
    assert here["DTSTART"].dt == datetime.datetime(2026, 6, 21, 16, tzinfo=datetime.UTC)
    assert here["DTSTART"].to_ical() == b"20260621T160000Z"

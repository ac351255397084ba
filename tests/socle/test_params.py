"""socle.params: the guarded path for query-string and path values."""

from datetime import date

import pytest
from django.utils import translation

from socle.params import (
    MAX_ID,
    BadParameter,
    clean_text,
    has_control_characters,
    parse_choice,
    parse_date,
    parse_id,
    parse_int,
    parse_month,
)


@pytest.mark.parametrize(
    "value", ["²", "٣", "1²", "１", "1.5", "1e3", " ", "0x10", "\x00", "9" * 30]
)
def test_only_ascii_digits_make_a_number(value):
    assert parse_int(value) is None
    assert parse_int(value, default=7) == 7


def test_a_number_in_range_is_read_and_bounds_are_kept():
    assert parse_int("42") == 42
    assert parse_id(str(MAX_ID)) == MAX_ID
    assert parse_id(str(MAX_ID + 1)) is None
    assert parse_id("0") is None
    assert parse_int("-3", minimum=-5) == -3
    assert parse_int("200", maximum=100, default=100) == 100
    assert parse_int(None, default=5) == 5


def test_strict_parsing_refuses_with_a_french_message():
    with translation.override("fr"), pytest.raises(BadParameter) as raised:
        parse_id("²", strict=True)
    assert str(raised.value) == "Ce nombre n'est pas valide."
    with translation.override("fr"), pytest.raises(BadParameter) as raised:
        parse_month("2024-13", strict=True)
    assert "mois" in str(raised.value)


@pytest.mark.parametrize(
    "value", ["2024-13", "2024-00", "0000-01", "²⁰²⁴-01", "2024-1", "9999-01", "x"]
)
def test_impossible_months_are_refused(value):
    assert parse_month(value) is None


def test_a_month_and_a_date():
    assert parse_month("2026-02") == (2026, 2)
    assert parse_date("2024-02-29") == date(2024, 2, 29)
    assert parse_date("2024-02-30") is None
    assert parse_date("0000-00-00") is None
    assert parse_date("9999-12-31") is None
    assert parse_date("") is None


def test_free_text_loses_control_characters_and_is_bounded():
    assert clean_text("fête\x00 des\x07 voisins ") == "fête des voisins"
    assert clean_text("a" * 500, max_length=100) == "a" * 100
    assert clean_text(None) == ""
    assert has_control_characters("a\x00b")
    assert not has_control_characters("ligne\nsuivante\tet tab")


def test_choices():
    assert parse_choice("offer", ["offer", "request"]) == "offer"
    assert parse_choice("offer", [("offer", "Offre")]) == "offer"
    assert parse_choice("\x00", ["offer"], default="") == ""

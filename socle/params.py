"""The one guarded path for values read from a query string or a URL path.

A query string is typed by anyone: ``"²".isdigit()`` is true, ``int("٣")`` is 3,
``"2024-13"`` is no month, an id may not fit PostgreSQL's bigint and a NUL byte
cannot be sent to PostgreSQL at all. Every view that reads ``request.GET`` (or a
raw value from the path) goes through these helpers: a value that does not parse
gives the default (a filter simply ignored) or, with ``strict=True``, a
:class:`BadParameter`, which Django answers with a 400.
"""

import re
from datetime import date

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

MAX_ID = 2**63 - 1  # PostgreSQL bigint
MIN_YEAR, MAX_YEAR = 1900, 2200
DEFAULT_TEXT_LENGTH = 200

_ASCII_INT = re.compile(r"-?[0-9]{1,19}")
_MONTH = re.compile(r"([0-9]{4})-([0-9]{2})")
_DATE = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
# C0 controls (NUL included) but tab, line feed and carriage return; DEL; C1 controls.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


class BadParameter(BadRequest):
    """A query or path value that does not parse (Django answers 400)."""


def _bad(message: str, strict: bool, default):
    if strict:
        raise BadParameter(message)
    return default


def has_control_characters(value: str) -> bool:
    """True when `value` holds a NUL byte or another control character
    (tab and line breaks excepted)."""
    return bool(_CONTROL.search(value))


def clean_text(value, *, max_length: int = DEFAULT_TEXT_LENGTH, default: str = "") -> str:
    """Free text from a query string: control characters (NUL included) removed,
    surrounding spaces stripped, cut to `max_length` characters."""
    if not isinstance(value, str):
        return default
    return _CONTROL.sub("", value).strip()[:max_length]


def parse_int(
    value,
    *,
    default=None,
    minimum: int = 1,
    maximum: int = MAX_ID,
    strict: bool = False,
):
    """An integer written with ASCII digits only, within [minimum, maximum]."""
    if value is None or value == "":
        return default
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ASCII_INT.fullmatch(value.strip()):
        number = int(value.strip())
    else:
        return _bad(_("This number is not valid."), strict, default)
    if not minimum <= number <= maximum:
        return _bad(
            _("This number must be between %(minimum)s and %(maximum)s.")
            % {"minimum": minimum, "maximum": maximum},
            strict,
            default,
        )
    return number


def parse_id(value, *, default=None, strict: bool = False):
    """A database id: 1 to 2**63 - 1."""
    return parse_int(value, default=default, minimum=1, maximum=MAX_ID, strict=strict)


def parse_month(value, *, default=None, strict: bool = False):
    """`YYYY-MM` (ASCII digits, a real month, a sensible year) -> (year, month)."""
    match = _MONTH.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        year, month = int(match[1]), int(match[2])
        if MIN_YEAR <= year <= MAX_YEAR and 1 <= month <= 12:
            return year, month
    if value in (None, ""):
        return default
    return _bad(_("This month is not valid (expected YYYY-MM)."), strict, default)


def parse_date(value, *, default=None, strict: bool = False):
    """`YYYY-MM-DD` (ASCII digits, a day that exists, a sensible year) -> date."""
    match = _DATE.fullmatch(value.strip()) if isinstance(value, str) else None
    if match:
        try:
            day = date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            day = None
        if day is not None and MIN_YEAR <= day.year <= MAX_YEAR:
            return day
    if value in (None, ""):
        return default
    return _bad(_("This date is not valid (expected YYYY-MM-DD)."), strict, default)


def parse_choice(value, choices, *, default=None, strict: bool = False):
    """One of `choices` (an iterable of strings, or of (value, label) pairs)."""
    allowed = {c[0] if isinstance(c, (tuple, list)) else c for c in choices}
    if value in allowed:
        return value
    if value in (None, ""):
        return default
    return _bad(_("This choice is not valid."), strict, default)

"""Bounded dates: one definition of the window each kind of date may take.

Every date or datetime that a form or the API accepts goes through a
`DateWindow`: never before 1900, and never further ahead than the window
allows (events two years, loans one year...). A value outside answers the same
French message on the site and in the API, and changes nothing.

The database also holds values Python cannot (PostgreSQL's timestamps reach
year 294276, Python's stop at 9999); a row stored before these bounds existed
must not take a page down, so `install_safe_loaders` makes every connection
read such a value as the nearest one Python can show in any time zone.
The CheckConstraint helpers keep new rows inside `FLOOR`..`CEILING`.
"""

import datetime
from dataclasses import dataclass
from typing import Annotated

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from pydantic import AfterValidator

FLOOR = datetime.date(1900, 1, 1)
# The absolute bound a row may hold (CheckConstraint); windows are far tighter.
CEILING = datetime.date(2200, 1, 1)

# What a value Python cannot hold is read as: two days from either end, so
# that converting it to any time zone or adding a day still works.
_MARGIN = datetime.timedelta(days=2)
SAFE_MAX = datetime.datetime.max.replace(tzinfo=datetime.UTC) - _MARGIN
SAFE_MIN = datetime.datetime.min.replace(tzinfo=datetime.UTC) + _MARGIN
SAFE_MAX_DATE = datetime.date.max - _MARGIN
SAFE_MIN_DATE = datetime.date.min + _MARGIN


def _day(value: datetime.date | datetime.datetime) -> datetime.date:
    """The calendar day of a value, in its own offset: never converts, so a
    value at the very edge of what Python holds cannot overflow here."""
    return value.date() if isinstance(value, datetime.datetime) else value


def _show(day: datetime.date) -> str:
    return formats.date_format(day, "SHORT_DATE_FORMAT")


@dataclass(frozen=True)
class DateWindow:
    """The days a value may fall on: from `FLOOR` (or `past` before today)
    to `ahead` after today, both included, today in the commune's time zone."""

    ahead: datetime.timedelta
    past: datetime.timedelta | None = None

    def bounds(self, today: datetime.date | None = None) -> tuple[datetime.date, datetime.date]:
        today = today or timezone.localdate()
        earliest = FLOOR if self.past is None else max(FLOOR, today - self.past)
        return earliest, today + self.ahead

    def problem(self, value) -> str | None:
        """The French sentence saying why `value` is outside, or None."""
        if value is None:
            return None
        earliest, latest = self.bounds()
        day = _day(value)
        if day > latest:
            return _("The date must be on or before %(date)s.") % {"date": _show(latest)}
        if day < earliest:
            return _("The date must be on or after %(date)s.") % {"date": _show(earliest)}
        return None

    # Django: a validator for form (or model) fields.
    def __call__(self, value) -> None:
        message = self.problem(value)
        if message:
            raise ValidationError(message, code="date_out_of_range")

    # Pydantic (the API's schemas): an AfterValidator raising ValueError.
    def check(self, value):
        message = self.problem(value)
        if message:
            raise ValueError(message)
        return value


YEAR = datetime.timedelta(days=365)

# Every bounded date of the project, by kind (docs/SECURITY.md lists them).
EVENTS = DateWindow(ahead=2 * YEAR)  # feed events, ride departures, event pages, garden events
LOANS = DateWindow(ahead=YEAR)  # loans, unavailabilities, availability searches
GARDENS = DateWindow(ahead=YEAR)  # renewal deadlines, rota slots, harvests on offer
NEWS = DateWindow(ahead=YEAR)  # the date shown on a news page


class BoundedDateField(forms.DateField):
    """A DateField whose value must fall in `window`."""

    def __init__(self, *, window: DateWindow, **kwargs):
        self.window = window
        super().__init__(**kwargs)
        self.validators.append(window)


class BoundedDateTimeField(forms.DateTimeField):
    """A DateTimeField whose value must fall in `window`."""

    def __init__(self, *, window: DateWindow, **kwargs):
        self.window = window
        super().__init__(**kwargs)
        self.validators.append(window)


def api_date(window: DateWindow):
    """`date` for an API schema, bounded by `window` (422 with the French message)."""
    return Annotated[datetime.date, AfterValidator(window.check)]


def api_datetime(window: DateWindow):
    """`datetime` for an API schema, bounded by `window`."""
    return Annotated[datetime.datetime, AfterValidator(window.check)]


FLOOR_MOMENT = datetime.datetime.combine(FLOOR, datetime.time(), tzinfo=datetime.UTC)
CEILING_MOMENT = datetime.datetime.combine(CEILING, datetime.time(), tzinfo=datetime.UTC)


def _edges(moment: bool):
    return (FLOOR_MOMENT, CEILING_MOMENT) if moment else (FLOOR, CEILING)


def within_ceiling(field: str, *, moment: bool) -> Q:
    """For a CheckConstraint: the value is empty or in FLOOR..CEILING (the
    bound a row may hold; the windows above are far tighter)."""
    low, high = _edges(moment)
    return Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": low, f"{field}__lt": high})


def clamp_rows(queryset, field: str, *, moment: bool) -> int:
    """Move the rows of `queryset` whose `field` is outside FLOOR..CEILING to
    the nearest edge (a data migration before the CheckConstraint); never
    reads the values, so even those Python cannot hold are moved."""
    low, high = _edges(moment)
    last = high - datetime.timedelta(days=1)
    below = queryset.filter(**{f"{field}__lt": low}).update(**{field: low})
    above = queryset.filter(**{f"{field}__gte": high}).update(**{field: last})
    return below + above


def safe_moment(value: datetime.datetime) -> datetime.datetime:
    """`value` moved inside what Python can convert to any time zone."""
    return min(max(value, SAFE_MIN), SAFE_MAX)


def install_safe_loaders(*, sender=None, connection, **kwargs) -> None:
    """A `connection_created` receiver (PostgreSQL with psycopg 3): timestamps
    and dates beyond what Python holds are read as the nearest safe value
    instead of failing the whole query."""
    if connection.vendor != "postgresql":
        return
    from psycopg import DataError
    from psycopg.adapt import Loader
    from psycopg.postgres import types
    from psycopg.pq import Format

    adapters = connection.connection.adapters
    timestamptz = adapters.get_loader(types["timestamptz"].oid, Format.TEXT)
    date_loader = adapters.get_loader(types["date"].oid, Format.TEXT)
    if timestamptz is None or getattr(timestamptz, "_reseau_safe", False):
        return

    class SafeTimestamptzLoader(timestamptz):
        _reseau_safe = True

        def load(self, data):
            try:
                value = super().load(data)
            except DataError:
                edge = SAFE_MIN if bytes(data).endswith(b" BC") else SAFE_MAX
                tz = getattr(self, "timezone", None)
                return edge.astimezone(tz) if tz else edge.replace(tzinfo=None)
            if value.tzinfo is not None and not SAFE_MIN <= value <= SAFE_MAX:
                return safe_moment(value).astimezone(value.tzinfo)
            return value

    class SafeDateLoader(Loader):
        # psycopg's C loader cannot be subclassed: wrap it.
        def __init__(self, oid, context=None):
            super().__init__(oid, context)
            self._inner = date_loader(oid, context)

        def load(self, data):
            try:
                value = self._inner.load(data)
            except DataError:
                return SAFE_MIN_DATE if bytes(data).endswith(b" BC") else SAFE_MAX_DATE
            return min(max(value, SAFE_MIN_DATE), SAFE_MAX_DATE)

    adapters.register_loader("timestamptz", SafeTimestamptzLoader)
    adapters.register_loader("date", SafeDateLoader)

"""Shapes shared by several resources."""

from ninja import Schema

from api.errors import ErrorOut
from socle.dates import EVENTS, LOANS, api_date, api_datetime

# Bounded dates (socle.dates): a value outside answers 422 with the French message.
EventMoment = api_datetime(EVENTS)  # an event's start, a ride's departure
LoanDay = api_date(LOANS)  # a loan's or an unavailability's day, an availability search

# Every operation may answer these; documenting them lets clients (and the fuzz
# run) check error bodies against the schema too.
ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}


def responses(schema, status: int = 200) -> dict:
    return {status: schema, **ERRORS}


class QuartierRef(Schema):
    id: int
    name: str


class PositionOut(Schema):
    latitude: float
    longitude: float


class CountOut(Schema):
    count: int

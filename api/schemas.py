"""Shapes shared by several resources."""

from ninja import Schema

from api.errors import ErrorOut

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

"""The shapes of api/routers/quartiers.py: what its operations read and answer."""

from ninja import Schema


class QuartierOut(Schema):
    id: int
    name: str
    latitude: float | None
    longitude: float | None

"""The shapes of api/routers/offered.py: offered services and ride seats."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from discussions.models import AVAILABILITY_MAX, RATE_MAX
from socle.params import MAX_ID


class ServiceFilters(Schema):
    category: str = Field("", max_length=80, description="A category slug.")
    quartier: int | None = Field(None, ge=1, le=2**63 - 1)
    after: int | None = Field(
        None, ge=1, le=MAX_ID, description="The `next_after` of the previous page."
    )


class ServiceCategory(Schema):
    id: int
    slug: str
    name: str


class OfferedServiceOut(Schema):
    id: int
    resident_id: int
    resident: str = Field(..., description="“Prénom N.”")
    quartier: str | None
    category: ServiceCategory
    rate: str = Field(..., description="Indicative; money is arranged outside Réseau.")
    availability: str
    created_at: datetime

    @staticmethod
    def resolve_resident(obj) -> str:
        return obj.resident.display_name

    @staticmethod
    def resolve_quartier(obj) -> str | None:
        return obj.resident.quartier.name if obj.resident.quartier_id else None


class ServicesPageOut(Schema):
    items: list[OfferedServiceOut]
    next_after: int | None = Field(
        ..., description="Pass it as `after` for the next page; null on the last one."
    )


class OfferedServiceIn(Schema):
    category: int = Field(..., ge=1, le=2**63 - 1, description="A category id.")
    rate: str = Field(..., min_length=1, max_length=RATE_MAX)
    availability: str = Field("", max_length=AVAILABILITY_MAX)


class SeatRequestOut(Schema):
    id: int
    passenger_id: int
    passenger: str
    status: str
    created_at: datetime

    @staticmethod
    def resolve_passenger(obj) -> str:
        return obj.passenger.display_name


class RideSeatsOut(Schema):
    seats_left: int
    is_driver: bool
    requests: list[SeatRequestOut] = Field(..., description="Every request, for the driver only.")
    mine: SeatRequestOut | None


class SeatDecisionIn(Schema):
    decision: Literal["accept", "decline"]

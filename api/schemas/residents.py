"""The shapes of api/routers/residents.py: what its operations read and answer."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas import PositionOut, QuartierRef
from voisinages.reputation import MAX_PAGE as MAX_REVIEWS_PAGE


class ResidentOut(Schema):
    """Public fields only: never the email, phone or exact position."""

    id: int
    display_name: str
    quartier: QuartierRef | None
    skills: list[str]
    bio: str
    availability: str
    is_voisin_solidaire: bool
    is_verified: bool
    accepts_messages: bool
    photo_url: str | None
    position: PositionOut | None = Field(
        None, description="The centre of a ~200 m cell, never the exact address."
    )

    @staticmethod
    def resolve_skills(obj):
        return sorted(tag.name for tag in obj.skills.all())

    @staticmethod
    def resolve_photo_url(obj):
        return obj.photo.url if obj.photo else None

    @staticmethod
    def resolve_position(obj):
        blurred = obj.blurred_position
        return None if blurred is None else {"latitude": blurred[0], "longitude": blurred[1]}


class DirectoryFilters(Schema):
    q: str = Field("", max_length=100, description="Words of the name.")
    quartier: int | None = Field(None, description="Only this quartier's residents.")
    skill: str = Field("", max_length=100, description="Only residents with this skill.")
    voisin_solidaire: bool | None = Field(None, description="Only voisins solidaires.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ReputationReviewOut(Schema):
    id: str = Field(..., description="“help-<id>” or “loan-<id>”: unique across sources.")
    app: str
    created_at: datetime
    rating: int | None
    comment: str
    author: str = Field(..., description="“Prénom N.”")
    author_id: int | None
    context_title: str
    context_url: str
    reply: str

    @staticmethod
    def resolve_author(obj) -> str:
        return obj.author_name


class ReputationOut(Schema):
    """What a profile shows of a neighbour's reputation (voisinages/reputation.py)."""

    figures: list[str] = Field(..., description="“a aidé 3 voisins”, “2 prêts”…")
    count: int
    average: float | None = Field(..., description="Only from 3 rated reviews on.")
    reviews: list[ReputationReviewOut]
    page: int
    has_next: bool


class ReputationFilters(Schema):
    page: int = Field(1, ge=1, le=MAX_REVIEWS_PAGE)

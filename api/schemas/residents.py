"""The shapes of api/routers/residents.py: what its operations read and answer."""

from ninja import Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas import PositionOut, QuartierRef


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

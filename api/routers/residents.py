from ninja import Query, Router, Schema
from pydantic import Field

from api import selectors
from api.pagination import DEFAULT_LIMIT, MAX_LIMIT, Page, paginate
from api.schemas import PositionOut, QuartierRef, responses
from voisinages import roles

router = Router(tags=["residents"])


class ResidentOut(Schema):
    """Public fields only: never the email, phone or exact position."""

    id: int
    display_name: str
    quartier: QuartierRef | None
    skills: list[str]
    is_voisin_solidaire: bool
    is_verified: bool
    position: PositionOut | None = Field(
        None, description="The centre of a ~200 m cell, never the exact address."
    )

    @staticmethod
    def resolve_skills(obj):
        return sorted(tag.name for tag in obj.skills.all())

    @staticmethod
    def resolve_position(obj):
        blurred = obj.blurred_position
        return None if blurred is None else {"latitude": blurred[0], "longitude": blurred[1]}


class MeOut(ResidentOut):
    email: str
    first_name: str
    last_name: str
    interests: list[str]
    approval_pending: bool
    can_post: bool
    roles: list[str]
    date_joined: str

    @staticmethod
    def resolve_interests(obj):
        return sorted(tag.name for tag in obj.interests.all())

    @staticmethod
    def resolve_roles(obj):
        return [role for role in roles.ALL if roles.has_role(obj, role)]

    @staticmethod
    def resolve_date_joined(obj):
        return obj.date_joined.isoformat()


class DirectoryFilters(Schema):
    quartier: int | None = Field(None, description="Only this quartier's residents.")
    skill: str | None = Field(None, max_length=100, description="Only residents with this skill.")
    voisin_solidaire: bool | None = Field(None, description="Only voisins solidaires.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


@router.get("/me", response=responses(MeOut), summary="My own profile", tags=["me"])
def me(request):
    return request.user


@router.get("/residents", response=responses(Page[ResidentOut]), summary="The directory")
def list_residents(request, filters: Query[DirectoryFilters]):
    rows = selectors.directory_residents()
    if filters.quartier is not None:
        rows = rows.filter(quartier_id=filters.quartier)
    if filters.skill:
        rows = rows.filter(skills__name__iexact=filters.skill)
    if filters.voisin_solidaire is not None:
        rows = rows.filter(is_voisin_solidaire=filters.voisin_solidaire)
    return paginate(rows, cursor=filters.cursor, limit=filters.limit, ascending=True)


@router.get(
    "/residents/{int:resident_id}", response=responses(ResidentOut), summary="One neighbour"
)
def get_resident(request, resident_id: int):
    return selectors.directory_resident(resident_id=resident_id)

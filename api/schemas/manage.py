"""The shapes of api/routers/manage.py: what its operations read and answer."""

from datetime import datetime

from ninja import Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT, MAX_LIMIT
from api.schemas import QuartierRef
from voisinages import roles


class MemberOut(Schema):
    """What an ambassador sees of a member at /gestion/membres/."""

    id: int
    display_name: str
    quartier: QuartierRef | None
    is_active: bool
    is_verified: bool
    approval_pending: bool
    email_confirmed: bool
    date_joined: datetime
    roles: list[str]

    @staticmethod
    def resolve_roles(obj):
        names = {group.name for group in obj.groups.all()}
        return [role for role in roles.ALL if role in names]


class MemberFilters(Schema):
    state: str = Field(
        "", pattern="^(|attente|suspendus)$", description='"attente", "suspendus" or all.'
    )
    q: str = Field("", max_length=100)
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT)


class ReasonIn(Schema):
    reason: str = Field("", max_length=1000)

"""The shapes of api/routers/me.py: what its operations read and answer."""

from ninja import Schema
from pydantic import Field

from api.schemas.residents import ResidentOut
from voisinages import roles


class MeOut(ResidentOut):
    email: str
    first_name: str
    last_name: str
    phone: str
    interests: list[str]
    show_email: bool
    show_phone: bool
    email_confirmed: bool
    approval_pending: bool
    can_post: bool
    roles: list[str]

    @staticmethod
    def resolve_interests(obj):
        return sorted(tag.name for tag in obj.interests.all())

    @staticmethod
    def resolve_roles(obj):
        return [role for role in roles.ALL if roles.has_role(obj, role)]


class ProfileIn(Schema):
    """Only the fields sent change."""

    first_name: str | None = Field(None, min_length=1, max_length=80)
    last_name: str | None = Field(None, min_length=1, max_length=80)
    quartier: int | None = Field(None, description="A quartier id; 0 for none.")
    bio: str | None = Field(None, max_length=500)
    phone: str | None = Field(None, max_length=20)
    availability: str | None = Field(None, max_length=200)
    is_voisin_solidaire: bool | None = None
    show_email: bool | None = None
    show_phone: bool | None = None
    accepts_messages: bool | None = None
    skills: list[str] | None = Field(None, max_length=30)
    interests: list[str] | None = Field(None, max_length=30)


class PreferencesOut(Schema):
    preferences: dict[str, str] = Field(
        ..., description='Kind of notification → "app", "email", "digest" or "never".'
    )


class PreferencesIn(Schema):
    preferences: dict[str, str]

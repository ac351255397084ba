from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from api.routers.residents import ResidentOut
from api.schemas import responses
from voisinages import roles, selectors
from voisinages.models import Quartier
from voisinages.services.profiles import set_notification_preferences, update_profile

router = Router(tags=["me"])


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


PROFILE_FIELDS = (
    "first_name",
    "last_name",
    "bio",
    "phone",
    "availability",
    "is_voisin_solidaire",
    "show_email",
    "show_phone",
    "accepts_messages",
)


def _tags(values):
    return [v.strip()[:100] for v in values if v.strip()] if values is not None else None


@router.get("/me", response=responses(MeOut), summary="My own profile")
def me(request):
    return request.user


@router.patch("/me", response=responses(MeOut), summary="Change my profile")
def update_me(request, payload: ProfileIn):
    resident = request.user
    sent = payload.dict(exclude_unset=True)
    values = {name: sent.get(name, getattr(resident, name)) for name in PROFILE_FIELDS}
    values = {name: "" if value is None else value for name, value in values.items()}
    quartier = resident.quartier
    if "quartier" in sent:
        quartier = (
            Quartier.objects.filter(pk=sent["quartier"]).first() if sent["quartier"] else None
        )
        if sent["quartier"] and quartier is None:
            raise ValidationError({"quartier": [_("Select a valid choice.")]})
    update_profile(
        resident=resident,
        quartier=quartier,
        skills=_tags(sent.get("skills")),
        interests=_tags(sent.get("interests")),
        **values,
    )
    resident.refresh_from_db()
    return resident


@router.get("/me/preferences", response=responses(PreferencesOut), summary="How I am notified")
def preferences(request):
    return {"preferences": selectors.notification_preferences(resident=request.user)}


@router.put("/me/preferences", response=responses(PreferencesOut), summary="Change them")
def set_preferences(request, payload: PreferencesIn):
    set_notification_preferences(resident=request.user, choices=payload.preferences)
    return {"preferences": selectors.notification_preferences(resident=request.user)}

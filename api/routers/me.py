from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Router

from api.schemas import responses
from api.schemas.me import (
    MeOut,
    PreferencesIn,
    PreferencesOut,
    ProfileIn,
)
from voisinages import selectors
from voisinages.models import Quartier
from voisinages.services.profiles import set_notification_preferences, update_profile

router = Router(tags=["me"])


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

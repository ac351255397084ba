from django.contrib.auth import authenticate
from django.core.exceptions import BadRequest
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import Router

from api import selectors, services
from api.errors import ApiError, ErrorOut
from api.schemas import responses
from api.schemas.tokens import (
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    TokenRequest,
)

router = Router(tags=["tokens"])


def _created(token, raw) -> dict:
    data = TokenOut.from_orm(token).dict()
    return {**data, "token": raw}


@router.post(
    "/auth/token",
    auth=None,
    response={201: TokenCreatedOut, 400: ErrorOut, 401: ErrorOut, 422: ErrorOut, 429: ErrorOut},
    summary="Exchange an email and password for an access token",
    description="Throttled like the login form: too many failures lock the account "
    "and the address for a while (429).",
)
def obtain_token(request, payload: TokenRequest):
    try:
        request.POST  # noqa: B018  (axes records a failed login's form data)
    except (MultiPartParserError, BadRequest):
        # The body is JSON whatever the Content-Type claims: no form data to record.
        request._mark_post_parse_error()
    resident = authenticate(request, username=payload.email.strip(), password=payload.password)
    if getattr(request, "axes_locked_out", False):
        # Answer in JSON ourselves rather than axes' HTML lockout page.
        request.axes_locked_out = False
        raise ApiError(429, "throttled", _("Too many failed attempts; try again later."))
    if resident is None:
        raise ApiError(401, "invalid_credentials", _("Wrong email address or password."))
    token, raw = services.create_token(resident=resident, name=payload.name, scope=payload.scope)
    return 201, _created(token, raw)


@router.get("/tokens", response=responses(list[TokenOut]), summary="My access tokens")
def list_tokens(request):
    return selectors.tokens_of(resident=request.user)


@router.post("/tokens", response=responses(TokenCreatedOut, 201), summary="Create an access token")
def create_token(request, payload: TokenIn):
    token, raw = services.create_token(
        resident=request.user, name=payload.name, scope=payload.scope
    )
    return 201, _created(token, raw)


@router.delete("/tokens/{int:token_id}", response=responses(None, 204), summary="Revoke a token")
def revoke_token(request, token_id: int):
    services.revoke_token(resident=request.user, token_id=token_id)
    return 204, None

"""One error body for every failure of the API:
`{"code": "...", "message": "...", "fields": {"field": ["message", ...]}}`,
in the language asked for by Accept-Language (see api.middleware)."""

import logging

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from socle.database import RETRY_AFTER_SECONDS, is_database_unavailable
from socle.ratelimits import RateLimited

logger = logging.getLogger(__name__)

SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


class UnsafeText(ValueError):
    """A string of the request body holds NUL or another control character
    (PostgreSQL cannot store NUL; nobody types the others)."""

    def __init__(self, field: str):
        super().__init__(field)
        self.field = field


class ErrorOut(Schema):
    code: str
    message: str
    fields: dict[str, list[str]] = {}


class ApiError(HttpError):
    """An HTTP error carrying a machine-readable code."""

    def __init__(self, status_code: int, code: str, message: str):
        super().__init__(status_code, message)
        self.code = code


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": str(message), "fields": fields or {}}


def error_response(status: int, code: str, message, fields: dict | None = None) -> JsonResponse:
    return JsonResponse(error_body(code, message, fields), status=status)


def unavailable_response() -> JsonResponse:
    """503 while the database is away (socle/database.py); `detail` too, the
    key most HTTP clients look for."""
    message = _("The service is temporarily unavailable. Try again in a few moments.")
    body = {**error_body("service_unavailable", message), "detail": message}
    response = JsonResponse(body, status=503)
    response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response.headers["Cache-Control"] = "no-store"
    return response


def _pydantic_message(error: dict) -> str:
    """Pydantic speaks English only: say the common cases ourselves."""
    kind, ctx = error.get("type", ""), error.get("ctx") or {}
    if kind == "missing":
        return _("This field is required.")
    if kind in {"string_too_long", "too_long"}:
        return _("Ensure this value has at most %(limit)s characters.") % {
            "limit": ctx.get("max_length", "")
        }
    if kind in {"string_too_short", "too_short"}:
        if ctx.get("min_length") == 1:
            return _("This field cannot be empty.")
        return _("Ensure this value has at least %(limit)s characters.") % {
            "limit": ctx.get("min_length", "")
        }
    if kind in {"int_parsing", "int_type", "int_from_float"}:
        return _("Enter a whole number.")
    if kind in {"bool_parsing", "bool_type"}:
        return _("Enter true or false.")
    if kind in {"enum", "literal_error"}:
        return _("Select a valid choice.")
    if kind in {"greater_than_equal", "greater_than"}:
        return _("Ensure this value is at least %(limit)s.") % {
            "limit": ctx.get("ge", ctx.get("gt", ""))
        }
    if kind in {"less_than_equal", "less_than"}:
        return _("Ensure this value is at most %(limit)s.") % {
            "limit": ctx.get("le", ctx.get("lt", ""))
        }
    if kind in {"string_type", "list_type", "dict_type", "model_attributes_type", "model_type"}:
        return _("This value has the wrong type.")
    if kind in {"json_invalid", "json_type"}:
        return _("The request body is not valid JSON.")
    # Our own validators (socle.dates...) say it in French; django-ninja hands
    # their exception over as text.
    if kind == "value_error" and isinstance(ctx.get("error"), Exception | str):
        return str(ctx["error"])
    if kind == "string_pattern_mismatch":
        return _("Enter a valid value.")
    return _("Enter a valid value.")


def _field_name(loc) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] in SOURCES:
        source = parts.pop(0)
        # Body errors name the view's parameter first ("payload"): drop it.
        if source in {"body", "form"} and len(parts) > 1:
            parts.pop(0)
    return ".".join(parts) or "__all__"


def validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for error in errors:
        fields.setdefault(_field_name(error.get("loc", ())), []).append(_pydantic_message(error))
    return fields


def install(api) -> None:
    """Route every exception the API can meet to the common error body."""

    @api.exception_handler(NinjaValidationError)
    def on_invalid_input(request, exc):
        return error_response(
            422, "validation_error", _("Some fields are invalid."), validation_fields(exc.errors)
        )

    @api.exception_handler(DjangoValidationError)
    def on_rule_broken(request, exc):
        if hasattr(exc, "error_dict"):
            fields = {name: [str(m) for m in msgs] for name, msgs in exc.message_dict.items()}
            general = fields.pop("__all__", None)
            said = [text for texts in fields.values() for text in texts]
            # One rule broken on one field: its own words say it best.
            if general:
                message = general[0]
            elif len(said) == 1:
                message = said[0]
            else:
                message = _("Some fields are invalid.")
            return error_response(422, "validation_error", message, fields)
        return error_response(422, "validation_error", "; ".join(exc.messages))

    @api.exception_handler(Http404)
    def on_not_found(request, exc):
        return error_response(404, "not_found", _("Not found."))

    @api.exception_handler(PermissionDenied)
    def on_denied(request, exc):
        message = str(exc) or _("You are not allowed to do this.")
        return error_response(403, "permission_denied", message)

    @api.exception_handler(Throttled)
    def on_throttled(request, exc):
        response = error_response(429, "throttled", _("Too many requests; try again later."))
        if exc.wait:
            response["Retry-After"] = str(int(exc.wait) + 1)
        return response

    @api.exception_handler(RateLimited)
    def on_rate_limited(request, exc):
        # Before PermissionDenied, its parent: django-ratelimit's refusals are 429.
        return error_response(429, "throttled", str(exc))

    @api.exception_handler(AuthenticationError)
    def on_unauthenticated(request, exc):
        response = error_response(
            401,
            "not_authenticated",
            _("Log in, or send a valid access token in the Authorization header."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response

    @api.exception_handler(HttpError)
    def on_http_error(request, exc):
        if isinstance(exc.__cause__, UnsafeText):
            message = _(
                "This text contains characters that are not allowed (NUL or control characters)."
            )
            return error_response(
                422, "validation_error", message, {exc.__cause__.field or "__all__": [message]}
            )
        if exc.status_code == 400 and not isinstance(exc, ApiError):
            # django-ninja's only 400: a body it cannot parse.
            return error_response(400, "malformed_body", _("The request body is not valid JSON."))
        code = getattr(exc, "code", None)
        if code is None:
            code = {403: "permission_denied", 404: "not_found", 405: "method_not_allowed"}.get(
                exc.status_code, "error"
            )
        return error_response(exc.status_code, code, exc.message)

    @api.exception_handler(Exception)
    def on_crash(request, exc):
        if is_database_unavailable(exc):
            logger.warning("Database unavailable: 503 for %s %s", request.method, request.path)
            return unavailable_response()
        logger.exception("API error on %s %s", request.method, request.path)
        return error_response(500, "server_error", _("Something went wrong on our side."))

"""The answer while PostgreSQL is away: a short French page (or the API's JSON
error) with status 503 and Retry-After. Drawn from a standalone template with
nothing read from the request but its path and language cookie: no session, no
user, no commune (each would be one more query to a database that is not there)."""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import translation

from api.errors import unavailable_response
from socle.database import RETRY_AFTER_SECONDS, is_database_unavailable, note_unavailable

logger = logging.getLogger(__name__)


def chosen_language(request) -> str:
    """French unless the visitor chose another language with the switch (cookie)."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        return settings.LANGUAGE_CODE
    return language


def service_unavailable(request) -> HttpResponse:
    with translation.override(chosen_language(request)):
        if request.path_info.startswith("/api/"):
            response = unavailable_response()
        else:
            response = HttpResponse(render_to_string("errors/503.html"), status=503)
            response.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)
            response.headers["Cache-Control"] = "no-store"
        response.headers["Content-Language"] = translation.get_language()
    return response


class DatabaseUnavailableMiddleware:
    """Turns a view's lost-database error into the 503 answer (one warning line
    in the log, not a traceback per request while the database restarts).
    The commune lookup (CommuneMiddleware) does the same for the first query of
    a request, and the 500 handler for whatever fails later."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_unavailable(exception):
            return None
        note_unavailable(exception)
        logger.warning(
            "Database unavailable (%s): 503 for %s", type(exception).__name__, request.path
        )
        return service_unavailable(request)

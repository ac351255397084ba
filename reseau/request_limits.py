"""Request size limits answered in French: a body over the proxy's cap is refused
before it is read (413), and Django's own limits (form text in memory, number of
fields, number of files) and an unreadable multipart body become a clear 413 or
400, as a page or, under /api/, as the API's JSON error, never a 500."""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.http import HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from api.errors import error_response

FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")


def _megabytes(size: int) -> str:
    return number_format(size / (1024 * 1024), decimal_pos=0)


class RequestLimitsMiddleware:
    """Placed after the session and authentication middleware: its check runs
    before any middleware's `process_view` (CSRF reads the form there) and
    before the view, so no body is parsed twice and none is parsed unchecked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self._check(request)
        return refusal or self.get_response(request)

    def _check(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.RESEAU_MAX_REQUEST_BYTES:
            return self._too_large(request)
        try:
            if request.method == "POST" and request.content_type in FORM_TYPES:
                request.POST, request.FILES  # noqa: B018 - parsed once, here, within limits
            elif request.method in ("POST", "PUT", "PATCH") and not request.content_type.startswith(
                "multipart/"
            ):
                request.body  # noqa: B018 - a JSON body, read once within the memory cap
        except RequestDataTooBig:
            return self._too_large(request)
        except TooManyFieldsSent:
            return self._refuse(
                request, 400, "too_many_fields", _("This form has too many fields.")
            )
        except TooManyFilesSent:
            return self._refuse(
                request,
                400,
                "too_many_files",
                _("Too many files at once: %(limit)s at most.")
                % {"limit": settings.DATA_UPLOAD_MAX_NUMBER_FILES},
            )
        except MultiPartParserError:
            return self._refuse(
                request,
                400,
                "malformed_body",
                _("This request could not be read. Reload the page and try again."),
            )
        return None

    def _too_large(self, request):
        message = _(
            "This request is too large: %(limit)s MB at most. "
            "Send lighter pictures, or fewer at a time."
        ) % {"limit": _megabytes(settings.RESEAU_MAX_REQUEST_BYTES)}
        return self._refuse(request, 413, "request_too_large", message)

    def _refuse(self, request, status: int, code: str, message: str):
        # The client may still be sending: close rather than keep the connection.
        if request.path.startswith("/api/"):
            response = error_response(status, code, message)
        else:
            page = render_to_string("request_refused.html", {"message": message}, request=request)
            response = HttpResponse(page, status=status)
        response["Connection"] = "close"
        return response

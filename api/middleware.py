from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation.trans_real import parse_accept_lang_header

from api.errors import error_response

API_PREFIX = "/api/"


class ApiLanguageMiddleware:
    """The site is French unless the visitor switches; API clients say what they
    want with Accept-Language (French when they name nothing we speak)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        language = self.language_of(request.headers.get("Accept-Language", ""))
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        if response.status_code == 405 and "json" not in response.get("Content-Type", ""):
            allowed = response.get("Allow", "")
            response = error_response(
                405, "method_not_allowed", _("This method is not allowed here.")
            )
            response["Allow"] = allowed
        response.headers["Content-Language"] = language
        response.headers.setdefault("Vary", "Accept-Language")
        return response

    def language_of(self, header: str) -> str:
        for code, _quality in parse_accept_lang_header(header[:255]):
            base = code.split("-")[0].lower()
            if base in self.languages:
                return base
        return settings.LANGUAGE_CODE

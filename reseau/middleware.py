from django.conf import settings
from django.db import connection
from django.http import Http404
from django.shortcuts import render
from django.utils import translation
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name
from wagtail.contrib.redirects.middleware import RedirectMiddleware


def is_public_schema() -> bool:
    return connection.schema_name == get_public_schema_name()


class CommuneMiddleware(TenantMainMiddleware):
    """Resolve the commune from the Host header (django-tenants), refuse the
    template schema, and show a notice for a suspended commune."""

    def process_request(self, request):
        response = super().process_request(request)
        if response is not None:
            return response
        commune = request.tenant
        if commune.is_template:
            raise Http404("No commune here.")
        request.commune = None if is_public_schema() else commune
        if request.commune is not None and not commune.is_active:
            return render(request, "suspended.html", {"commune": commune}, status=503)
        return None


class FrenchFirstLocaleMiddleware:
    """French unless the visitor chose English with the language switch: the
    browser's Accept-Language is ignored for pages (the product is French first)."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if language not in self.languages:
            language = settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


class TenantRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects live in each commune's schema: the public site has no
    such table, so its 404s must not be looked up there (they would be 500s)."""

    def process_response(self, request, response):
        if is_public_schema():
            return response
        return super().process_response(request, response)

import logging
from functools import cache

from csp.middleware import CSPMiddleware
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name
from wagtail.contrib.redirects.middleware import RedirectMiddleware

from reseau.unavailable import chosen_language, service_unavailable
from socle.database import (
    database_answered,
    is_database_unavailable,
    note_unavailable,
    recently_unavailable,
)
from socle.params import has_control_characters
from tenants.models import Commune, Domain

logger = logging.getLogger(__name__)


def is_public_schema() -> bool:
    return connection.schema_name == get_public_schema_name()


@cache
def _commune_by_host_sql() -> str:
    """The commune of a domain, its tables named with their schema (public)."""
    qn = connection.ops.quote_name
    public = qn(get_public_schema_name())
    commune, domain = Commune._meta, Domain._meta
    columns = ", ".join(f"c.{qn(field.column)}" for field in commune.concrete_fields)
    # Quoted names from the models' metadata; the domain is a parameter.
    return (
        f"SELECT {columns} FROM {public}.{qn(commune.db_table)} c"  # noqa: S608
        f" JOIN {public}.{qn(domain.db_table)} d"
        f" ON d.{qn(domain.get_field('tenant').column)} = c.{qn(commune.pk.column)}"
        f" WHERE d.{qn(domain.get_field('domain').column)} = %s"
    )


class CommuneMiddleware(TenantMainMiddleware):
    """Resolve the commune from the Host header (django-tenants), refuse the
    template schema, and show a notice for a suspended commune."""

    def get_tenant(self, domain_model, hostname):
        """One statement on every request. django-tenants would first send
        `SET search_path = public` and then look the domain up through the ORM;
        the platform's tables named with their schema are found whatever
        search_path the (pooled) connection has, and the raw query skips the ORM's
        query building. The commune's own search_path is set before the next query."""
        connection.search_path_set_schemas = [get_public_schema_name()]
        try:
            communes = list(Commune.objects.raw(_commune_by_host_sql(), [hostname]))
        finally:
            # Whatever happened, the next query sets the search_path again.
            connection.search_path_set_schemas = None
        if not communes:
            raise domain_model.DoesNotExist
        return communes[0]

    def process_request(self, request):
        if recently_unavailable():
            return service_unavailable(request)
        try:
            response = super().process_request(request)
        except Exception as error:
            # The first query of every request: PostgreSQL away shows here first.
            if is_database_unavailable(error):
                note_unavailable(error)
                logger.warning("Database unavailable: 503 for %s", request.path)
                return service_unavailable(request)
            raise
        database_answered()
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

    def __call__(self, request):
        language = chosen_language(request)
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


class ControlCharactersMiddleware:
    """One guard for every value a request carries by hand: the path, the query
    string and form fields may not hold NUL (PostgreSQL cannot store it) or other
    control characters (nobody types them). Such a request is refused with a 400
    and a French message before any view reads it; the API answers in its own
    error format. (JSON bodies are checked by the API's parser.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if self._hostile(request):
            message = _(
                "This text contains characters that are not allowed (NUL or control characters)."
            )
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"code": "bad_request", "message": message, "fields": {}}, status=400
                )
            return render(request, "reseau/bad_request.html", {"message": message}, status=400)
        return self.get_response(request)

    @staticmethod
    def _hostile(request) -> bool:
        if has_control_characters(request.path_info):
            return True
        sources = [request.GET]
        if request.method == "POST" and request.content_type in (
            "application/x-www-form-urlencoded",
            "multipart/form-data",
        ):
            sources.append(request.POST)
        return any(
            has_control_characters(key) or any(has_control_characters(v) for v in values)
            for source in sources
            for key, values in source.lists()
        )


# The Wagtail admin (/cms/) writes inline scripts and styles of its own: it gets
# them, and only there (its pages are for the commune's editors).
WAGTAIL_ADMIN_ALLOWANCES = {
    "script-src": ["'unsafe-inline'"],
    "style-src": ["'unsafe-inline'"],
    "frame-src": ["'self'"],
}


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's policy (settings.CONTENT_SECURITY_POLICY), plus the live
    socket of the request's own host in connect-src and the Wagtail admin's
    allowances under /cms/."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if report_only:
            return parts
        update = dict(parts.update or {})
        scheme = "wss" if request.is_secure() else "ws"
        update["connect-src"] = [*update.get("connect-src", []), f"{scheme}://{request.get_host()}"]
        if request.path_info.startswith("/cms/"):
            for directive, sources in WAGTAIL_ADMIN_ALLOWANCES.items():
                update[directive] = [*update.get(directive, []), *sources]
            # With a nonce in the policy, browsers ignore 'unsafe-inline'.
            parts.nonce = None
        parts.update = update
        return parts

from django.conf import settings
from django.db.models import Q, QuerySet

from tenants.models import Commune


def commune_host(commune: Commune) -> str:
    return commune.primary_domain or f"{commune.slug}.{settings.RESEAU_BASE_DOMAIN}"


def commune_url(commune: Commune, path: str = "/") -> str:
    """The absolute URL of a page of a commune (dev port included)."""
    port = settings.RESEAU_PORT
    host = commune_host(commune)
    netloc = host if port in (80, 443) else f"{host}:{port}"
    return f"{settings.RESEAU_URL_SCHEME}://{netloc}{path}"


def open_communes(*, query: str = "") -> QuerySet[Commune]:
    """Communes served on the platform, searchable by name (accents ignored) or postcode."""
    communes = Commune.objects.filter(is_template=False).exclude(schema_name="public")
    query = query.strip()
    if query:
        communes = communes.filter(
            Q(name__unaccent__icontains=query)
            | Q(postcodes__contains=[query])
            | Q(insee_code=query)
            | Q(slug__icontains=query)
        )
    return communes.prefetch_related("domains").order_by("name")


def current_commune_id() -> int:
    """The id of the commune whose schema is active (also under `schema_context`,
    which activates a stand-in tenant without an id)."""
    from django.db import connection

    tenant_id = getattr(connection.tenant, "pk", None)
    if tenant_id is None:
        tenant_id = (
            Commune.objects.filter(schema_name=connection.schema_name)
            .values_list("pk", flat=True)
            .get()
        )
    return tenant_id

"""The commune (tenant) seen from any layer: which one is active, its address,
the communes a scheduled command runs over, and the choices of its settings.

Imports no project app: the tenant model comes from django-tenants
(`get_tenant_model()`, tenants.Commune), so voisinages and the domain apps ask
here instead of importing `tenants`."""

from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from django.conf import settings
from django.db import connection, models
from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_tenants.utils import get_tenant_model, schema_context

from socle.links import absolute_url

T = TypeVar("T")


class ModerationMode(models.TextChoices):
    A_POSTERIORI = "a_posteriori", _("A posteriori (published at once)")
    A_PRIORI = "a_priori", _("A priori (held until approved)")


class RegistrationPolicy(models.TextChoices):
    OPEN = "open", _("Open to everyone")
    APPROVAL = "approval", _("Approved by an ambassador")
    INVITATION = "invitation", _("By invitation only")


def current_commune() -> Any:
    """The commune whose schema is active (a request's tenant or a schema_context)."""
    Commune = get_tenant_model()
    tenant = getattr(connection, "tenant", None)
    if isinstance(tenant, Commune) and tenant.pk:
        return tenant
    return Commune.objects.get(schema_name=connection.schema_name)


def current_commune_id() -> int:
    """The id of the commune whose schema is active (also under `schema_context`,
    which activates a stand-in tenant without an id)."""
    tenant_id = getattr(connection.tenant, "pk", None)
    if tenant_id is None:
        tenant_id = (
            get_tenant_model()
            .objects.filter(schema_name=connection.schema_name)
            .values_list("pk", flat=True)
            .get()
        )
    return tenant_id


def commune_host(commune) -> str:
    return commune.primary_domain or f"{commune.slug}.{settings.RESEAU_BASE_DOMAIN}"


def commune_url(commune, path: str = "/") -> str:
    """The absolute URL of a page of a commune, from its configured domain and
    the RESEAU_URL_SCHEME / RESEAU_PUBLIC_PORT settings (never the Host header)."""
    return absolute_url(commune_host(commune), path)


def served_communes() -> QuerySet:
    """Every commune with a site of its own: not the platform, not the template.
    The scheduled commands (reminders, digests, purges) run over these."""
    return get_tenant_model().objects.filter(is_template=False).exclude(schema_name="public")


def for_each_commune(
    work: Callable[[Any], T], *, communes: QuerySet | None = None
) -> Iterator[tuple[Any, T]]:
    """Run `work(commune)` in each served commune's schema (or each of `communes`),
    in id order and in the site's language, and yield `(commune, result)`.
    The connection is back on the public schema after each commune."""
    communes = served_communes() if communes is None else communes
    with translation.override(settings.LANGUAGE_CODE):
        for commune in communes.order_by("pk"):
            with schema_context(commune.schema_name):
                result = work(commune)
            yield commune, result

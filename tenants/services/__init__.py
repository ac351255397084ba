from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from socle import registry
from tenants import pool, releases
from tenants.models import Commune, Domain, FrenchCommune, insee_validator, slug_validator
from tenants.schema import RESERVED_SCHEMAS, schema_name_for
from tenants.selectors import commune_url
from voisinages.models import Invitation
from voisinages.services import create_invitation


@dataclass(frozen=True)
class Onboarded:
    commune: Commune
    url: str
    invitation_url: str
    invitation_id: int | None = None


def _validate_new_commune(
    *, name: str, slug: str, insee_code: str, ambassador_email: str, domain: str
) -> None:
    errors: dict[str, list[str]] = {}

    def check(field, validator, value):
        try:
            validator(value)
        except ValidationError as error:
            errors.setdefault(field, []).extend(error.messages)

    if not name.strip():
        errors["name"] = [_("The commune needs a name.")]
    check("slug", slug_validator, slug)
    check("insee_code", insee_validator, insee_code)
    if "insee_code" not in errors and not FrenchCommune.objects.filter(pk=insee_code).exists():
        errors["insee_code"] = [
            _("No commune of the official list has the INSEE code %(code)s.") % {"code": insee_code}
        ]
    check("ambassador_email", validate_email, ambassador_email)
    if "slug" not in errors:
        if Commune.objects.filter(slug=slug).exists() or schema_name_for(slug) in RESERVED_SCHEMAS:
            errors["slug"] = [_("A commune already uses the slug “%(slug)s”.") % {"slug": slug}]
        elif Domain.objects.filter(domain=domain).exists():
            errors["slug"] = [_("The domain %(domain)s is already in use.") % {"domain": domain}]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def onboard_commune(
    *,
    name: str,
    slug: str,
    insee_code: str,
    ambassador_email: str,
    postcodes: list[str] | None = None,
    department: str = "",
    latitude: float | None = None,
    longitude: float | None = None,
    primary_colour: str | None = None,
    secondary_colour: str | None = None,
    tagline: str = "",
) -> Onboarded:
    """Open a commune: clone the template schema, add its domain, set its pages
    up and invite its first ambassador. All or nothing: on any error no row and
    no schema is left (DDL is transactional in PostgreSQL)."""
    slug = slug.strip().lower()
    domain = f"{slug}.{settings.RESEAU_BASE_DOMAIN}"
    _validate_new_commune(
        name=name,
        slug=slug,
        insee_code=insee_code,
        ambassador_email=ambassador_email,
        domain=domain,
    )
    connection.set_schema_to_public()
    official = FrenchCommune.objects.get(pk=insee_code)
    commune = Commune(
        schema_name=schema_name_for(slug),
        name=name.strip(),
        slug=slug,
        insee_code=insee_code,
        postcodes=postcodes or list(official.postcodes),
        department=department or official.department,
        latitude=latitude,
        longitude=longitude,
        tagline=tagline,
    )
    if primary_colour:
        commune.primary_colour = primary_colour
    if secondary_colour:
        commune.secondary_colour = secondary_colour
    commune.full_clean(exclude=["schema_name"])
    # A schema of the warm pool renamed, or else (pool empty or behind) save()
    # clones settings.TENANT_BASE_SCHEMA; it finds the claimed schema there.
    pool.claim_schema(schema_name=commune.schema_name)
    commune.save(verbosity=0)
    Domain.objects.create(domain=domain, tenant=commune, is_primary=True)
    with schema_context(commune.schema_name):
        # What each app sets up in a new commune (its contributions.py).
        for entry in registry.defaults():
            entry.install(commune=commune, hostname=domain)
        invitation = create_invitation(role=Invitation.Role.AMBASSADOR, email=ambassador_email)
    # Reversed with the communes' URLconf: this also runs in a request of the
    # public site (staff approving a request), whose URLconf has no signup page.
    signup = reverse("signup", urlconf=settings.ROOT_URLCONF)
    return Onboarded(
        commune=commune,
        url=commune_url(commune),
        invitation_url=commune_url(commune, f"{signup}?invitation={invitation.token}"),
        invitation_id=invitation.pk,
    )


def ensure_template() -> Commune:
    """Create the template schema once (by running every migration); later
    releases (tenants/releases.py) keep it current like any schema."""
    connection.set_schema_to_public()
    template = Commune.objects.filter(is_template=True).first()
    if template is None:
        template = Commune(
            schema_name=settings.TENANT_BASE_SCHEMA,
            name="Modèle",
            slug="modele",
            is_template=True,
        )
        template.save(verbosity=0)
        # Migrated just now by this code: record its state (releases, the pool).
        releases.adopt([template.schema_name], releases.code_fingerprint())
    return template


def ensure_platform(*, domain: str) -> Commune:
    """The public schema's own row and domain: the platform site."""
    connection.set_schema_to_public()
    public, _ = Commune.objects.get_or_create(
        schema_name="public", defaults={"name": "Réseau", "slug": "www"}
    )
    Domain.objects.get_or_create(domain=domain, defaults={"tenant": public, "is_primary": True})
    return public

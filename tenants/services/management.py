"""Ambassadors run their commune from /gestion/: settings, branding, quartiers,
custom domain. Every change is written to the commune's action trail."""

import re
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from socle.images import normalise_image
from tenants.models import Commune, Domain
from voisinages.logs import log_action
from voisinages.models import Quartier

SETTING_FIELDS = (
    "name",
    "tagline",
    "primary_colour",
    "secondary_colour",
    "moderation_mode",
    "listing_lifetime_days",
    "renewals_allowed",
    "registration_policy",
    "auto_hide_threshold",
    "guest_premoderation",
    "confidential_retention_months",
)
MIN_CONTRAST = 4.5
INK = "#1d2327"
LOGO_MAX_PX = 512
HOSTNAME_RE = re.compile(r"^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


def _luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two #rrggbb colours (1 to 21)."""
    a, b = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def check_colours(*, primary: str, secondary: str) -> None:
    """White text sits on the primary colour (header, buttons), dark text on the
    secondary one: both need WCAG AA contrast (4.5:1)."""
    errors = {}
    ratio = contrast_ratio(primary, "#ffffff")
    if ratio < MIN_CONTRAST:
        errors["primary_colour"] = _(
            "White text on this colour has a contrast of %(ratio)s:1; at least 4.5:1 is needed. "
            "Choose a darker colour."
        ) % {"ratio": number_format(ratio, 1)}
    ratio = contrast_ratio(secondary, INK)
    if ratio < MIN_CONTRAST:
        errors["secondary_colour"] = _(
            "Dark text on this colour has a contrast of %(ratio)s:1; at least 4.5:1 is needed. "
            "Choose a lighter colour."
        ) % {"ratio": number_format(ratio, 1)}
    if errors:
        raise ValidationError(errors)


def store_logo(upload) -> str:
    """Check an uploaded logo with the shared image helper, shrink it to 512 px,
    store it as PNG (transparency kept) in the commune's media; return the stored name."""
    try:
        content = normalise_image(upload, max_side=LOGO_MAX_PX, keep_transparency=True)
    except ValidationError as error:
        raise ValidationError({"logo": error.messages}) from error
    return default_storage.save(f"logo/{uuid.uuid4().hex[:12]}.png", content)


@transaction.atomic
def update_commune_settings(*, commune: Commune, actor, changes: dict, logo=None) -> list[str]:
    """Apply the ambassador's settings (on the public row, by queryset update) and
    log each changed field; return the names of the fields that changed."""
    unknown = set(changes) - set(SETTING_FIELDS)
    if unknown:
        raise ValueError(f"not a commune setting: {sorted(unknown)}")
    current = Commune.objects.get(pk=commune.pk)
    candidate = Commune.objects.get(pk=commune.pk)
    for field, value in changes.items():
        setattr(candidate, field, value)
    candidate.full_clean(exclude=["schema_name", "slug", "logo"], validate_unique=False)
    check_colours(primary=candidate.primary_colour, secondary=candidate.secondary_colour)
    changed = {
        field: (getattr(current, field), value)
        for field, value in changes.items()
        if getattr(current, field) != value
    }
    if logo is not None:
        changed["logo"] = (current.logo.name, store_logo(logo))
    if not changed:
        return []
    Commune.objects.filter(pk=commune.pk).update(**{f: new for f, (_old, new) in changed.items()})
    for field, (old, new) in changed.items():
        setattr(commune, field, new)
        log_action(
            code="tenants.settings.changed",
            actor=actor,
            target=None,
            data={"field": field, "old": str(old), "new": str(new)},
        )
    return sorted(changed)


def validate_outline(outline) -> None:
    """A GeoJSON Polygon (or a Feature holding one) with closed rings of
    longitude/latitude pairs."""
    message = _("The outline must be a GeoJSON polygon.")
    geometry = outline
    if isinstance(outline, dict) and outline.get("type") == "Feature":
        geometry = outline.get("geometry")
    if not isinstance(geometry, dict) or geometry.get("type") != "Polygon":
        raise ValidationError({"outline": message})
    rings = geometry.get("coordinates")
    if not isinstance(rings, list) or not rings:
        raise ValidationError({"outline": message})
    for ring in rings:
        if not isinstance(ring, list) or len(ring) < 4 or ring[0] != ring[-1]:
            raise ValidationError({"outline": message})
        for point in ring:
            if (
                not isinstance(point, list)
                or len(point) != 2
                or not all(isinstance(v, int | float) for v in point)
                or not (-180 <= point[0] <= 180 and -90 <= point[1] <= 90)
            ):
                raise ValidationError({"outline": message})


@transaction.atomic
def save_quartier(*, actor, name: str, outline=None, quartier=None):
    """Create or rename a quartier of the active commune, with an optional outline."""
    if outline is not None:
        validate_outline(outline)
    creating = quartier is None
    quartier = quartier or Quartier()
    quartier.name = name.strip()
    quartier.outline = outline
    if outline is not None:
        ring = (outline.get("geometry") or outline)["coordinates"][0][:-1]
        quartier.longitude = sum(p[0] for p in ring) / len(ring)
        quartier.latitude = sum(p[1] for p in ring) / len(ring)
    quartier.full_clean()
    quartier.save()
    log_action(
        code="tenants.quartier.created" if creating else "tenants.quartier.changed",
        actor=actor,
        target=quartier,
    )
    return quartier


@transaction.atomic
def delete_quartier(*, actor, quartier) -> None:
    """Residents of the quartier keep their accounts, without a quartier."""
    log_action(code="tenants.quartier.deleted", actor=actor, target=quartier)
    quartier.delete()


@transaction.atomic
def add_custom_domain(*, commune: Commune, actor, hostname: str) -> Domain:
    """Serve the commune on its own hostname too, after checking it is a valid
    hostname outside the platform's domain and not used by any commune."""
    hostname = hostname.strip().lower().rstrip(".")
    base = settings.RESEAU_BASE_DOMAIN
    if not HOSTNAME_RE.match(hostname):
        raise ValidationError(
            {"domain": _("“%(host)s” is not a valid hostname.") % {"host": hostname}}
        )
    if hostname == base or hostname.endswith(f".{base}"):
        raise ValidationError(
            {"domain": _("Addresses under %(base)s are given by the platform.") % {"base": base}}
        )
    if Domain.objects.filter(domain=hostname).exists():
        raise ValidationError(
            {"domain": _("The domain %(domain)s is already in use.") % {"domain": hostname}}
        )
    domain = Domain(domain=hostname, tenant=commune, is_primary=False)
    domain.full_clean()
    domain.save()
    log_action(code="tenants.domain.added", actor=actor, target=None, data={"domain": hostname})
    return domain

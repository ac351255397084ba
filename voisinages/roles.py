"""The roles of a commune, as Django groups inside its schema."""

from django.utils.translation import gettext_lazy as _

RESIDENT = "resident"
VOISIN_SOLIDAIRE = "voisin_solidaire"
AMBASSADOR = "ambassador"
MEDIATOR = "mediator"

# Group names are stable identifiers; labels are translated for display.
LABELS = {
    RESIDENT: _("Resident"),
    VOISIN_SOLIDAIRE: _("Voisin solidaire"),
    AMBASSADOR: _("Ambassador"),
    MEDIATOR: _("Mediator"),
}
ALL = tuple(LABELS)

# Permissions each role carries, as "app_label.codename".
PERMISSIONS = {
    RESIDENT: [],
    VOISIN_SOLIDAIRE: [],
    AMBASSADOR: ["voisinages.manage_members"],
    MEDIATOR: ["voisinages.act_as_mediator"],
}


def has_role(resident, role: str) -> bool:
    if not resident.is_authenticated:
        return False
    cache = getattr(resident, "_role_cache", None)
    if cache is None:
        cache = set(resident.groups.values_list("name", flat=True))
        resident._role_cache = cache
    return role in cache


def remember_roles(resident, names) -> None:
    """Roles just read from the database (voisinages.selectors.nav_counts): the
    later `has_role` checks of this request need no query of their own."""
    resident._role_cache = set(names)

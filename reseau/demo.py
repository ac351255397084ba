"""Demo communes for `make run`: Puteaux and Moulins, with realistic content.

Each app declares its demo data in its contributions.py
(`registry.demo_data(app, seed)`): `seed(*, commune, residents)` is called
inside the commune's schema after the accounts are created, in the order of
INSTALLED_APPS; `residents` maps the demo emails' local part ("ambassadeur",
"habitant1"…) to Resident objects."""

from dataclasses import dataclass, field

from django.db import transaction
from django_tenants.utils import schema_context

from socle import registry
from tenants.models import Commune
from tenants.services import onboard_commune
from voisinages import roles
from voisinages.models import Quartier
from voisinages.services import grant_role, register_resident

DEMO_PASSWORD = "voisins-demo"  # noqa: S105 (documented demo password)


@dataclass(frozen=True)
class DemoCommune:
    name: str
    slug: str
    insee_code: str
    postcodes: list[str]
    department: str
    latitude: float
    longitude: float
    primary_colour: str
    secondary_colour: str
    tagline: str
    quartiers: list[tuple[str, float, float]] = field(default_factory=list)


DEMO_COMMUNES = [
    DemoCommune(
        name="Puteaux",
        slug="puteaux",
        insee_code="92062",
        postcodes=["92800"],
        department="92",
        latitude=48.8846,
        longitude=2.2389,
        primary_colour="#0b5394",
        secondary_colour="#f6b26b",
        tagline="Entre Seine et Défense, des voisins qui se donnent un coup de main.",
        quartiers=[
            ("Centre-ville", 48.8849, 2.2385),
            ("Bergères", 48.8805, 2.2330),
            ("Cité-Jardins", 48.8790, 2.2290),
            ("Rosiers-Moulin", 48.8862, 2.2270),
            ("Bellini-Lorilleux", 48.8900, 2.2420),
        ],
    ),
    DemoCommune(
        name="Moulins",
        slug="moulins",
        insee_code="03190",
        postcodes=["03000"],
        department="03",
        latitude=46.5660,
        longitude=3.3330,
        primary_colour="#7a2e39",
        secondary_colour="#e9c46a",
        tagline="La préfecture de l'Allier, ses quartiers et ses coups de main.",
        quartiers=[
            ("Centre historique", 46.5665, 3.3325),
            ("Les Champins", 46.5560, 3.3390),
            ("La Madeleine", 46.5700, 3.3200),
            ("Sud - Nomazy", 46.5520, 3.3250),
        ],
    ),
]

PEOPLE = [
    ("ambassadeur", "Claire", "Moreau"),
    ("mediateur", "Karim", "Benali"),
    ("habitant1", "Lucie", "Martin"),
    ("habitant2", "Thomas", "Bernard"),
    ("habitant3", "Nadia", "Haddad"),
    ("habitant4", "Jean-Pierre", "Lefèvre"),
    ("habitant5", "Amélie", "Rousseau"),
]


def demo_email(local: str, slug: str) -> str:
    return f"{local}@{slug}.example"


def _seed_accounts(demo: DemoCommune) -> dict:
    quartiers = [
        Quartier.objects.create(name=name, latitude=lat, longitude=lng)
        for name, lat, lng in demo.quartiers
    ]
    residents = {}
    for index, (local, first, last) in enumerate(PEOPLE):
        residents[local] = register_resident(
            email=demo_email(local, demo.slug),
            password=DEMO_PASSWORD,
            first_name=first,
            last_name=last,
            quartier=quartiers[index % len(quartiers)],
            is_verified=True,
        )
    grant_role(resident=residents["ambassadeur"], role=roles.AMBASSADOR)
    grant_role(resident=residents["mediateur"], role=roles.MEDIATOR)
    return residents


def seed_demo_commune(demo: DemoCommune) -> Commune | None:
    """Open one demo commune and fill it; does nothing if it exists."""
    if Commune.objects.filter(slug=demo.slug).exists():
        return None
    with transaction.atomic():
        onboarded = onboard_commune(
            name=demo.name,
            slug=demo.slug,
            insee_code=demo.insee_code,
            postcodes=demo.postcodes,
            ambassador_email=demo_email("ambassadeur", demo.slug),
            department=demo.department,
            latitude=demo.latitude,
            longitude=demo.longitude,
            primary_colour=demo.primary_colour,
            secondary_colour=demo.secondary_colour,
            tagline=demo.tagline,
        )
        with schema_context(onboarded.commune.schema_name):
            residents = _seed_accounts(demo)
            seed_apps(commune=onboarded.commune, residents=residents)
    return onboarded.commune


def seed_apps(*, commune: Commune, residents: dict) -> None:
    """Every app's demo data, in the active commune's schema."""
    for entry in registry.demo_seeders():
        entry.seed(commune=commune, residents=residents)

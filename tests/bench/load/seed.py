"""Seeds the load bench's database (run by run.py in a subprocess, with the
bench's settings): the two demo communes and a third one, LOAD_RESIDENTS
residents in each with the demo password who want private messages by email
at once, and writes what the load tool needs as JSON (argv[1])."""

import json
import sys

import django

THIRD = dict(
    name="Bourges",
    slug="bourges",
    insee_code="18033",
    postcodes=["18000"],
    department="18",
    latitude=47.0810,
    longitude=2.3988,
    primary_colour="#2d6a4f",
    secondary_colour="#f4a261",
    tagline="Des voisins du Berry qui se rendent service.",
    quartiers=[("Centre", 47.0810, 2.3988), ("Aéroport", 47.0640, 2.3700)],
)
MESSAGE_KIND = "discussions.message.received"


def seed(out: str, per_commune: int) -> None:
    from django.core.management import call_command
    from django_tenants.utils import schema_context

    from discussions.models import Post
    from objets.models import Item
    from reseau.demo import DEMO_COMMUNES, DEMO_PASSWORD, DemoCommune, seed_demo_commune
    from tenants.models import Commune
    from tests.live.conftest import session_for
    from voisinages.models import NotificationPreference, Resident
    from voisinages.notifications import EMAIL_NOW
    from voisinages.services.accounts import register_resident

    call_command("seed_demo", verbosity=0)
    seed_demo_commune(DemoCommune(**THIRD))
    communes = []
    for demo in [*DEMO_COMMUNES, DemoCommune(**THIRD)]:
        commune = Commune.objects.get(slug=demo.slug)
        with schema_context(commune.schema_name):
            residents = []
            for index in range(per_commune):
                email = f"charge{index}@{demo.slug}.example"
                resident = Resident.objects.filter(email=email).first() or register_resident(
                    email=email,
                    password=DEMO_PASSWORD,
                    first_name="Voisin",
                    last_name=f"Charge {index}",
                    is_verified=True,
                )
                NotificationPreference.objects.update_or_create(
                    resident=resident, kind=MESSAGE_KIND, defaults={"delivery": EMAIL_NOW}
                )
                # A signed-in session: most residents come back to the site
                # already signed in (tests/bench/load/locustfile.py).
                session = session_for(commune, resident)
                residents.append({"email": email, "id": resident.pk, "session": session})
            communes.append(
                {
                    "slug": demo.slug,
                    "schema": commune.schema_name,
                    "residents": residents,
                    "posts": list(Post.objects.values_list("pk", flat=True)[:50]),
                    "items": list(Item.objects.values_list("pk", flat=True)[:50]),
                }
            )
    with open(out, "w") as handle:
        json.dump({"password": DEMO_PASSWORD, "communes": communes}, handle)


if __name__ == "__main__":
    django.setup()
    seed(sys.argv[1], int(sys.argv[2]))

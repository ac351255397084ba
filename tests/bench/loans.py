"""make bench-loans: 10,000 objects and 50,000 past loans in a bench commune
(bulk inserts), then the directory, the search by availability and the object
page measured through the real views as a logged-in resident.
The last line is one JSON object: directory_p95_ms, availability_p95_ms, item_p95_ms."""

import gc
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta

import django

ITEMS, LOANS, REQUESTS = 10_000, 50_000, 200
SLUG = "bench-loans"
WORDS = [
    ("Perceuse", "visseuse sans fil, deux batteries"),
    ("Échelle", "télescopique alu, 3,8 m"),
    ("Tondeuse", "thermique avec bac de ramassage"),
    ("Scie sauteuse", "lames bois et métal"),
    ("Appareil à raclette", "huit poêlons"),
    ("Tente", "quatre places, montage rapide"),
    ("Poussette", "canne, légère"),
    ("Vélo", "enfant 16 pouces"),
    ("Nettoyeur haute pression", "idéal terrasse"),
    ("Ponceuse", "orbitale avec abrasifs"),
    ("Machine à pain", "avec livret de recettes"),
    ("Jeu de société", "complet, pour toute la famille"),
    ("Vidéoprojecteur", "Full HD avec câble HDMI"),
    ("Broyeur de végétaux", "branches jusqu'à 4 cm"),
    ("Remorque", "de vélo, deux places"),
    ("Taille-haie", "électrique, lame de 50 cm"),
]
ADJECTIVES = ["robuste", "presque neuf", "pratique", "de marque", "léger", "familial", "pro"]


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    os.environ["DEBUG"] = "0"  # no SQL logging, as in production
    from django.conf import settings

    # As in production (reseau/settings/production.py): Django's connection pool,
    # not a new PostgreSQL connection per request.
    settings.DATABASES["default"]["OPTIONS"]["pool"] = True
    # The project's TENANT_LIMIT_SET_CALLS (one `SET search_path` per request
    # instead of one per cursor) unless BENCH_LIMIT_SET_CALLS=0/1 overrides it.
    if "BENCH_LIMIT_SET_CALLS" in os.environ:
        settings.TENANT_LIMIT_SET_CALLS = os.environ["BENCH_LIMIT_SET_CALLS"] == "1"
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from objets.models import Blackout, Category, Item, ItemTag, Loan, Review
    from tenants.services import onboard_commune
    from tests.bench.common import drop_bench_commune, p95
    from voisinages.models import Quartier, Resident

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(6)

    def drop():
        drop_bench_commune(SLUG)

    drop()
    started = time.perf_counter()
    commune = onboard_commune(
        name="Bench Prêts", slug=SLUG, insee_code="75056", ambassador_email="a@bench.example"
    ).commune
    try:
        with schema_context(commune.schema_name):
            quartiers = Quartier.objects.bulk_create(
                Quartier(name=f"Quartier {n}") for n in range(8)
            )
            password = make_password("bench-password-123")
            residents = Resident.objects.bulk_create(
                Resident(
                    email=f"r{n}@bench.example",
                    first_name=f"Prénom{n}",
                    last_name="Banc",
                    password=password,
                    is_verified=True,
                    quartier=quartiers[n % 8],
                )
                for n in range(400)
            )
            categories = list(Category.objects.all())
            now = timezone.now()
            items = []
            for n in range(ITEMS):
                title, detail = rng.choice(WORDS)
                owner = rng.choice(residents)
                items.append(
                    Item(
                        title=f"{title} {rng.choice(ADJECTIVES)}",
                        description=f"{title} {detail}. Objet n° {n}.",
                        category=rng.choice(categories),
                        quartier=owner.quartier,
                        owner=owner,
                        created_by=owner,
                        max_loan_days=rng.choice([3, 7, 14]),
                        created_at=now - timedelta(minutes=n * 7),
                    )
                )
            items = Item.objects.bulk_create(items, batch_size=2000)
            from taggit.models import Tag

            tags = Tag.objects.bulk_create(Tag(name=f"mot{n}", slug=f"mot{n}") for n in range(40))
            ItemTag.objects.bulk_create(
                (ItemTag(content_object=item, tag=rng.choice(tags)) for item in items),
                batch_size=5000,
            )
            today = timezone.localdate()
            loans = []
            for _n in range(LOANS):
                item = rng.choice(items)
                start = today - timedelta(days=rng.randint(10, 720))
                borrower = rng.choice(residents)
                loans.append(
                    Loan(
                        item=item,
                        borrower=borrower,
                        lender=item.owner,
                        starts_on=start,
                        ends_on=start + timedelta(days=rng.randint(0, 6)),
                        status=Loan.Status.COMPLETED,
                        returned_at=now,
                        return_confirmed_at=now,
                    )
                )
            # Current and future loans (at most one per object: they never overlap).
            for item in rng.sample(items, 3000):
                start = today + timedelta(days=rng.randint(0, 50))
                loans.append(
                    Loan(
                        item=item,
                        borrower=rng.choice(residents),
                        lender=item.owner,
                        starts_on=start,
                        ends_on=start + timedelta(days=rng.randint(0, 6)),
                        status=rng.choice([Loan.Status.ACCEPTED, Loan.Status.REQUESTED]),
                    )
                )
            loans = Loan.objects.bulk_create(loans, batch_size=5000)
            Review.objects.bulk_create(
                (
                    Review(
                        loan=loan,
                        author_id=loan.borrower_id,
                        subject_id=loan.lender_id,
                        rating=rng.randint(3, 5),
                        comment="Très bien, merci !",
                    )
                    for loan in loans[: LOANS // 2]
                    if loan.borrower_id != loan.lender_id
                ),
                batch_size=5000,
            )
            Blackout.objects.bulk_create(
                Blackout(
                    item=item,
                    starts_on=today + timedelta(days=60 + rng.randint(0, 30)),
                    ends_on=today + timedelta(days=95),
                )
                for item in rng.sample(items, 1000)
            )
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            viewer = residents[0]
        seeded = time.perf_counter() - started
        print(f"seeded {ITEMS} objects, {len(loans)} loans in {seeded:.1f} s", flush=True)

        client = Client(HTTP_HOST=f"{SLUG}.{settings.RESEAU_BASE_DOMAIN}")
        with schema_context(commune.schema_name):
            client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
        ids = [item.pk for item in items]
        # A server holds none of the 63,000 rows the seeding built in memory: drop
        # them, or every full garbage collection while measuring walks them all.
        del items, loans
        gc.collect()
        queries = ["perceuse", "echelle", "tondeuse", "raclette", "velo enfant", "ponceuse"]

        def directory_url(i):
            kind = i % 4
            if kind == 0:
                return f"/objets/?page={rng.randint(1, 50)}"
            if kind == 1:
                return f"/objets/?q={rng.choice(queries)}"
            if kind == 2:
                return f"/objets/?categorie={rng.choice(categories).pk}&quartier={rng.choice(quartiers).pk}"
            return "/objets/"

        def availability_url(_i):
            start = today + timedelta(days=rng.randint(0, 90))
            end = start + timedelta(days=rng.randint(0, 7))
            return f"/objets/?du={start:%Y-%m-%d}&au={end:%Y-%m-%d}"

        def item_url(_i):
            return f"/objets/{rng.choice(ids)}/"

        def measure(make_url):
            for i in range(20):  # warm-up
                client.get(make_url(i))
            samples, cpu = [], []
            for i in range(REQUESTS):
                url = make_url(i)
                begin, begin_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                samples.append(time.perf_counter() - begin)
                cpu.append(time.process_time() - begin_cpu)
                assert response.status_code == 200, (url, response.status_code)
            cpu_p50[make_url.__name__] = round(statistics.median(cpu) * 1000, 2)
            return samples

        cpu_p50 = {}

        directory = measure(directory_url)
        availability = measure(availability_url)
        item_page = measure(item_url)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            drop()
    result = {
        "objects": ITEMS,
        "past_loans": LOANS,
        "requests_each": REQUESTS,
        "directory_p50_ms": round(statistics.median(directory) * 1000, 2),
        "directory_p95_ms": p95(directory),
        "availability_p50_ms": round(statistics.median(availability) * 1000, 2),
        "availability_p95_ms": p95(availability),
        "item_p50_ms": round(statistics.median(item_page) * 1000, 2),
        "item_p95_ms": p95(item_page),
        # Context: the Python process's own CPU time per request (p50), and the
        # machine's load while measuring (2 cores shared with other work).
        "python_cpu_p50_ms": cpu_p50,
        "load_average_1m": round(os.getloadavg()[0], 1),
        "limit_set_calls": settings.TENANT_LIMIT_SET_CALLS,
    }
    return result


if __name__ == "__main__":
    print(json.dumps(main()))
    sys.exit(0)

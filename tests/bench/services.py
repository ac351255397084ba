"""The services directory with 5,000 offered services (#17): p95 through the real
view as a logged-in resident, and its number of queries at 500 and 5,000 services
(constant). The last line is one JSON object. A bench commune is dropped afterwards."""

import json
import os
import random
import statistics
import sys
import time

import django

SERVICES, REQUESTS = 5_000, 200
SLUG = "bench-services"
RATES = ["gratuit", "10 € de l'heure", "à discuter", "un café", "15 € la séance"]


def p95(samples):
    return round(statistics.quantiles(samples, n=20)[-1] * 1000, 2)


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    os.environ["DEBUG"] = "0"
    from django.conf import settings

    settings.DATABASES["default"]["OPTIONS"]["pool"] = True
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import schema_context

    from discussions.models import Category, OfferedService
    from tenants.models import Commune
    from tenants.services import onboard_commune
    from voisinages.models import Quartier, Resident

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(17)

    def drop():
        connection.set_schema_to_public()
        for commune in Commune.objects.filter(slug=SLUG):
            commune.domains.all().delete()
            commune.delete(force_drop=True)

    drop()
    commune = onboard_commune(
        name="Bench Services", slug=SLUG, insee_code="75056", ambassador_email="a@bench.example"
    ).commune
    try:
        with schema_context(commune.schema_name):
            quartiers = Quartier.objects.bulk_create(
                Quartier(name=f"Quartier {n}") for n in range(8)
            )
            password = make_password("bench-password-123")
            categories = list(Category.objects.filter(is_active=True))
            per_resident = len(categories)
            residents = Resident.objects.bulk_create(
                Resident(email=f"r{n}@bench.example", first_name=f"Prénom{n}", last_name="Banc",
                         password=password, is_verified=True, quartier=quartiers[n % 8])
                for n in range(SERVICES // per_resident + 2)
            )  # fmt: skip
            rows = [
                OfferedService(
                    resident=resident,
                    category=category,
                    rate=rng.choice(RATES),
                    availability="le week-end",
                )  # fmt: skip
                for resident in residents
                for category in categories
            ][:SERVICES]
            OfferedService.objects.bulk_create(rows[:500], batch_size=2000)
            viewer = residents[0]
        client = Client(HTTP_HOST=f"{SLUG}.{settings.RESEAU_BASE_DOMAIN}")
        with schema_context(commune.schema_name):
            client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")

        def queries():
            client.get("/services/")
            with CaptureQueriesContext(connection) as captured:
                assert client.get("/services/").status_code == 200
            return len(captured)

        queries_500 = queries()
        with schema_context(commune.schema_name):
            OfferedService.objects.bulk_create(rows[500:], batch_size=2000)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        queries_5000 = queries()

        def url(_i):
            kind = rng.randint(0, 3)
            if kind == 0:
                return f"/services/?page={rng.randint(1, SERVICES // 20)}"
            if kind == 1:
                return f"/services/?categorie={rng.choice(categories).slug}"
            if kind == 2:
                return f"/services/?quartier={rng.choice(quartiers).pk}"
            return "/services/"

        for i in range(20):
            client.get(url(i))
        samples = []
        for i in range(REQUESTS):
            target = url(i)
            begin = time.perf_counter()
            response = client.get(target)
            samples.append(time.perf_counter() - begin)
            assert response.status_code == 200, (target, response.status_code)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            drop()
    return {
        "offered_services": SERVICES,
        "requests": REQUESTS,
        "services_p50_ms": round(statistics.median(samples) * 1000, 2),
        "services_p95_ms": p95(samples),
        "services_queries_500": queries_500,
        "services_queries_5000": queries_5000,
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


if __name__ == "__main__":
    print(json.dumps(main()))
    sys.exit(0)

"""make bench-reputation (#17): a profile with 1,000 reviews received and a
directory of 5,000 offered services, measured through the real views as a
logged-in resident: p95 of each page, and the profile's number of queries at a
tenth of the reviews and at all of them (it must not grow). The last line is one
JSON object. A bench commune is created and dropped afterwards.

    python -m tests.bench.reputation [REVIEWS [SERVICES [REQUESTS]]]

Small sizes (for a shared machine): `python -m tests.bench.reputation 100 500 60`."""

import gc
import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta

import django

REVIEWS, SERVICES, REQUESTS = 1_000, 5_000, 200
SLUG = "bench-reputation"
RATES = ["gratuit", "10 € de l'heure", "à discuter", "un café", "15 € la séance"]
REVIEWERS = 50


def sizes(argv) -> tuple[int, int, int]:
    values = [int(value) for value in argv[:3]]
    defaults = [REVIEWS, SERVICES, REQUESTS]
    reviews, services, requests = values + defaults[len(values) :]
    if reviews < 10 or services < 20 or requests < 20:
        raise SystemExit("At least 10 reviews, 20 services and 20 requests.")
    return reviews, services, requests


def main(argv) -> dict:
    reviews_n, services_n, requests_n = sizes(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    os.environ["DEBUG"] = "0"
    from django.conf import settings

    settings.DATABASES["default"]["OPTIONS"]["pool"] = True
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from discussions.models import Category, HelpReview, OfferedService, Post, PostHelper
    from tenants.services import onboard_commune
    from tests.bench.common import drop_bench_commune, p95
    from voisinages.models import Quartier, Resident

    settings.ALLOWED_HOSTS = ["*"]
    rng = random.Random(17)

    def drop():
        drop_bench_commune(SLUG)

    drop()
    commune = onboard_commune(
        name="Bench Réputation", slug=SLUG, insee_code="75056", ambassador_email="a@bench.example"
    ).commune
    try:
        with schema_context(commune.schema_name):
            quartiers = Quartier.objects.bulk_create(
                Quartier(name=f"Quartier {n}") for n in range(8)
            )
            password = make_password("bench-password-123")
            categories = list(Category.objects.filter(is_active=True))
            residents = Resident.objects.bulk_create(
                Resident(email=f"r{n}@bench.example", first_name=f"Prénom{n}", last_name="Banc",
                         password=password, is_verified=True, quartier=quartiers[n % 8])
                for n in range(max(services_n // len(categories) + 2, REVIEWERS + 2))
            )  # fmt: skip
            viewer, subject, reviewers = residents[0], residents[1], residents[2 : 2 + REVIEWERS]
            services = [
                OfferedService(resident=resident, category=category, rate=rng.choice(RATES),
                               availability="le week-end")
                for resident in residents
                for category in categories
            ][:services_n]  # fmt: skip
            OfferedService.objects.bulk_create(services, batch_size=2000)
            # A server holds none of the seeded rows: every full garbage
            # collection while measuring would walk them (as in tests/bench/loans.py).
            del services
            gc.collect()
            now = timezone.now()

            def add_reviews(count, offset):
                posts = Post.objects.bulk_create(
                    Post(author=reviewers[n % REVIEWERS], kind=Post.Kind.DEMANDE,
                         title=f"Demande {n}", body="Un coup de main ?",
                         created_at=now - timedelta(hours=n + 2),
                         closed_at=now - timedelta(hours=n + 1), closed_outcome="helped")
                    for n in range(offset, offset + count)
                )  # fmt: skip
                PostHelper.objects.bulk_create(PostHelper(post=p, resident=subject) for p in posts)
                HelpReview.objects.bulk_create(
                    HelpReview(post=p, author=p.author, subject=subject,
                               rating=rng.choice([None, 3, 4, 5, 5]),
                               comment=f"Merci pour l'aide n° {p.pk} !",
                               created_at=p.closed_at)
                    for p in posts
                )  # fmt: skip

            tenth = reviews_n // 10
            add_reviews(tenth, 0)
        client = Client(HTTP_HOST=f"{SLUG}.{settings.RESEAU_BASE_DOMAIN}")
        with schema_context(commune.schema_name):
            client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
        profile_url = f"/voisins/{subject.pk}/"

        def queries(url):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            return len(captured)

        profile_queries = queries(profile_url)
        with schema_context(commune.schema_name):
            add_reviews(reviews_n - tenth, tenth)
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        profile_queries_10x = queries(profile_url)

        def services_url():
            kind = rng.randint(0, 3)
            if kind == 0:
                return f"/services/?apres={rng.randint(1, services_n)}"
            if kind == 1:
                return f"/services/?categorie={rng.choice(categories).slug}"
            if kind == 2:
                return f"/services/?quartier={rng.choice(quartiers).pk}"
            return "/services/"

        def profile_url_sample():
            # Mostly the first page of reviews, sometimes an older one.
            if rng.random() < 0.75:
                return profile_url
            return f"{profile_url}?avis={rng.randint(2, max(2, reviews_n // 10))}"

        def measure(make_url):
            for _ in range(10):
                client.get(make_url())
            samples = []
            for _ in range(requests_n):
                url = make_url()
                begin = time.perf_counter()
                response = client.get(url)
                samples.append(time.perf_counter() - begin)
                assert response.status_code == 200, (url, response.status_code)
            return samples

        profile_samples = measure(profile_url_sample)
        services_samples = measure(services_url)
    finally:
        if not os.environ.get("BENCH_KEEP"):
            drop()
    return {
        "reviews": reviews_n,
        "offered_services": services_n,
        "requests": requests_n,
        "profile_p50_ms": round(statistics.median(profile_samples) * 1000, 2),
        "profile_p95_ms": p95(profile_samples),
        "services_p50_ms": round(statistics.median(services_samples) * 1000, 2),
        "services_p95_ms": p95(services_samples),
        "profile_queries": profile_queries,
        "profile_queries_10x": profile_queries_10x,
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1:])))
    sys.exit(0)

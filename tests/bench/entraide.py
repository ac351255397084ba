"""make bench-entraide: /entraide/ over 100,000 public listings of 1,000 communes.

The index (tenants.PublicListing) is loaded with COPY: 1,000 bench communes are
rows of the public schema only (no schema each: the index and /entraide/ never
read a commune's schema), each with a hundred listings spread over the
departments, with their search keys computed as the job computes them
(tenants.models.listing_keys). Measured through the real views, as a visitor:
/entraide/, a department page, and a filtered accent-insensitive text search
(p95 of ROUNDS requests each), and the number of queries of each (the same
whatever the size). Then one real commune (onboarded, with its schema), one
worker process (`manage.py procrastinate worker`, as `make run` starts it):
the time from a resident's public offer being committed until it is in the
index (index_lag_s, the median of LAG_PUBLISHES offers one after the other),
the index still holding the bench rows (moved under the real commune first:
the worker's periodic jobs visit every commune, and the bench communes have
no schema). Everything is dropped afterwards.

BENCH_LISTINGS and BENCH_COMMUNES choose the size (default 100,000 and
1,000). The last line is one JSON object: listings, communes, entraide_p95_ms,
department_p95_ms, search_p95_ms, queries, index_lag_s."""

import json
import os
import random
import signal
import statistics
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import django

from tests.bench.feed import copy_rows, p95, sentence

ROOT = Path(__file__).resolve().parents[2]
LISTINGS = int(os.environ.get("BENCH_LISTINGS", "100000"))
COMMUNES = int(os.environ.get("BENCH_COMMUNES", "1000"))
ROUNDS = 150
LAG_PUBLISHES = 5
PREFIX = "bench-entraide-"
REAL = "bench-entraide-reel"
SEARCHES = ["promene chien", "CHATS", "Velo", "demenagement", "perceuse", "jardin"]
CATEGORIES = ["Courses", "Promenade d'animaux", "Bricolage", "Informatique", "Jardinage",
              "Déménagement", "Garde d'enfants", "Covoiturage", "Cuisine", "Couture"]  # fmt: skip


def drop():
    from django.db import connection

    from tenants.models import Commune

    connection.set_schema_to_public()
    real = Commune.objects.filter(slug=REAL).first()
    if real is not None:
        with connection.cursor() as cursor:
            cursor.execute(
                "DELETE FROM procrastinate_jobs WHERE args->>'schema' = %s", [real.schema_name]
            )
        real.domains.all().delete()
        real.delete(force_drop=True)
    # The bench communes have no schema: a plain DELETE (their listings cascade).
    Commune.objects.filter(slug__startswith=PREFIX).delete()


def load() -> list[str]:
    """The bench communes and their listings; returns the departments used."""
    from django.db import connection
    from django.utils import timezone

    from tenants.models import Commune, PublicListing, listing_keys

    rng = random.Random(19)
    now = timezone.now()
    departments = [f"{n:02d}" for n in range(1, 96) if n != 20] + ["2A", "2B"]
    started = time.perf_counter()
    Commune.objects.bulk_create(
        Commune(
            schema_name=f"bench_entraide_{n}",
            name=f"Bench-sur-Entraide {n}",
            slug=f"{PREFIX}{n}",
            department=departments[n % len(departments)],
            status=Commune.Status.ACTIVE,
        )
        for n in range(COMMUNES)
    )
    communes = list(
        Commune.objects.filter(slug__startswith=PREFIX).values_list("pk", "name", "department")
    )
    columns = ["commune_id", "post_id", "place_name", "department", "kind", "category_names",
               "title", "excerpt", "latitude", "longitude", "published_at", "expires_at",
               "indexed_at", "search_text", "category_key"]  # fmt: skip

    def rows():
        for n in range(LISTINGS):
            commune_id, place, department = communes[n % len(communes)]
            title = sentence(rng, rng.randint(3, 8)).capitalize()[:140]
            excerpt = sentence(rng, rng.randint(10, 30))[: PublicListing.EXCERPT_MAX]
            categories = ", ".join(rng.sample(CATEGORIES, rng.randint(1, 3)))
            search_text, category_key = listing_keys(
                title=title, excerpt=excerpt, category_names=categories, place_name=place
            )
            published = now - timedelta(minutes=(LISTINGS - n) * 2)
            # One in twenty expired (the periodic job has not run yet).
            expires = published + timedelta(days=60 if n % 20 else 1)
            yield (
                commune_id, n + 1, place, department, "offre" if n % 3 else "demande",
                categories, title, excerpt, 48.8 + rng.random(), 2.3 + rng.random(),
                published, expires, now, search_text, category_key,
            )  # fmt: skip

    with connection.cursor() as cursor:
        copy_rows(cursor, PublicListing._meta.db_table, columns, rows())
        cursor.execute(f"ANALYZE {PublicListing._meta.db_table}")
        cursor.execute(f"ANALYZE {Commune._meta.db_table}")
    print(f"{LISTINGS} listings in {time.perf_counter() - started:.1f} s", flush=True)
    return departments


def measure(departments) -> dict:
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tenants import entraide

    connection.set_schema_to_public()
    client = Client(HTTP_HOST=settings.RESEAU_BASE_DOMAIN)
    rng = random.Random(7)

    def timed(url, data=None):
        started = time.perf_counter()
        response = client.get(url, data)
        elapsed = time.perf_counter() - started
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    uncached = []
    for _ in range(5):  # what a page pays after each change of the index
        cache.delete(entraide.COUNTS_KEY)
        started = time.perf_counter()
        entraide.department_counts()
        uncached.append((time.perf_counter() - started) * 1000)
    print(f"department counts, uncached: median {statistics.median(uncached):.1f} ms")

    def search():
        return {"q": rng.choice(SEARCHES), "type": rng.choice(["offre", "demande"])}

    for _ in range(10):  # warm-up
        timed("/entraide/")
        timed(f"/entraide/departement/{rng.choice(departments)}/")
        timed("/entraide/", search())
    queries = {}
    for name, url, data in (
        ("entraide", "/entraide/", None),
        ("department", f"/entraide/departement/{departments[0]}/", None),
        ("search", "/entraide/", {"q": "vélo", "type": "offre"}),
    ):
        with CaptureQueriesContext(connection) as captured:
            client.get(url, data)
        queries[name] = len(captured)
    print(f"queries: {queries}")
    if os.environ.get("BENCH_EXPLAIN"):
        explain(departments[0])
    listing = [timed("/entraide/", {"page": rng.randint(1, 5)}) for _ in range(ROUNDS)]
    department = [timed(f"/entraide/departement/{rng.choice(departments)}/") for _ in range(ROUNDS)]
    searched = [timed("/entraide/", search()) for _ in range(ROUNDS)]
    page = client.get("/entraide/", {"q": "VELO"}).content.decode()
    assert "vélo" in page.lower(), "the accent-insensitive search finds nothing"
    return {
        "entraide_p95_ms": p95(listing),
        "department_p95_ms": p95(department),
        "search_p95_ms": p95(searched),
        "queries": max(queries.values()),
        "entraide_p50_ms": round(statistics.median(listing) * 1000, 2),
    }


def explain(department: str) -> None:
    """BENCH_EXPLAIN=1: the plans of the listing queries, to read when a figure looks wrong."""
    from tenants import entraide

    for name, filters in (
        ("entraide", {}),
        ("department", {"department": department}),
        ("search", {"query": "vélo", "kind": "offre"}),
    ):
        listings = entraide.filtered_listings(**filters)
        print(
            f"--- {name}\n" + listings.order_by("-published_at", "-id")[:21].explain(analyze=True)
        )


def index_lag() -> float:
    """A real commune, a real worker: seconds from a public offer's commit to its listing."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from discussions.services import publish_post
    from tenants.models import Commune, PublicListing
    from tenants.services import onboard_commune
    from voisinages.models import Resident

    commune = onboard_commune(
        name="Bench Entraide réelle",
        slug=REAL,
        insee_code="75056",
        ambassador_email=f"a@{REAL}.example",
        department="75",
    ).commune
    # The bench communes have no schema, and the worker's periodic jobs visit
    # every commune: their listings stay in the index (under the real commune,
    # with post ids no post has), the rows of the communes go.
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PublicListing._meta.db_table} SET commune_id = %s, post_id = id + 100000000"
            " WHERE commune_id IN (SELECT id FROM tenants_commune WHERE slug LIKE %s)",
            [commune.pk, f"{PREFIX}%"],
        )
    Commune.objects.filter(slug__startswith=PREFIX).exclude(slug=REAL).delete()
    with schema_context(commune.schema_name):
        author = Resident.objects.create(
            email=f"voisine@{REAL}.example",
            first_name="Lina",
            last_name="Bench",
            email_confirmed=True,
            is_verified=True,
        )
    connection.set_schema_to_public()
    with connection.cursor() as cursor:  # only the measured post's jobs run
        cursor.execute(
            "DELETE FROM procrastinate_jobs WHERE args->>'schema' = %s", [commune.schema_name]
        )
    log = open(os.environ.get("BENCH_WORKER_LOG", os.devnull), "w")  # noqa: SIM115
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "procrastinate", "worker"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_idle()
        lags = []
        for n in range(LAG_PUBLISHES):
            with schema_context(commune.schema_name):
                post = publish_post(
                    author=author,
                    kind="offre",
                    title=f"Je promène les chiens du quartier ({n})",
                    body="Le matin, avant huit heures.",
                    is_public=True,
                )
            committed = time.perf_counter()
            connection.set_schema_to_public()
            listed = PublicListing.objects.filter(commune=commune, post_id=post.pk)
            while not listed.exists():
                if time.perf_counter() - committed > 60:
                    raise AssertionError("the post is not in the index after 60 s")
                time.sleep(0.02)
            lags.append(time.perf_counter() - committed)
            time.sleep(0.5)
        print("index lags (s): " + ", ".join(f"{lag:.3f}" for lag in lags))
        return round(statistics.median(lags), 3)
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)


def wait_idle() -> None:
    """The worker is up and has run what it found (periodic jobs caught up)."""
    from django.db import connection

    time.sleep(3)
    deadline = time.perf_counter() + 120
    while time.perf_counter() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM procrastinate_jobs WHERE status IN ('todo', 'doing')"
                " AND (scheduled_at IS NULL OR scheduled_at <= now())"
            )
            if cursor.fetchone()[0] == 0:
                return
        time.sleep(0.2)


def main() -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    os.environ["DEBUG"] = "0"
    from django.conf import settings

    django.setup()
    settings.ALLOWED_HOSTS = ["*"]
    drop()
    try:
        departments = load()
        figures = measure(departments)
        lag = index_lag()
    finally:
        drop()
    return {
        "listings": LISTINGS,
        "communes": COMMUNES,
        "entraide_p95_ms": figures["entraide_p95_ms"],
        "department_p95_ms": figures["department_p95_ms"],
        "search_p95_ms": figures["search_p95_ms"],
        "queries": figures["queries"],
        "index_lag_s": lag,
    }


if __name__ == "__main__":
    result = main()
    print(json.dumps(result))

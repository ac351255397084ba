"""make bench-feed: load 100,000 posts (comments, tags, categories, 2,000
residents) into a bench commune with COPY, then measure as a logged-in resident
the feed page, a post page and a search. The last line is one JSON object:
feed_p95_ms, post_p95_ms, search_p95_ms, feed_queries (20 and 50 per page).
One post in ten has a photo: its card shows the thumbnail (the file itself is
not needed to render the card).

The commune `bench-feed` is kept between runs (loading takes a minute or two);
`--fresh` drops and reloads it; `--posts N` loads N posts instead of 100,000
(a quick check that the benchmark runs; the figures are for the full size)."""

import json
import os
import random
import statistics
import sys
import time
from datetime import timedelta

import django

SLUG = "bench-feed"
POSTS = 100_000
RESIDENTS = 2_000
ROUNDS = 150
WORDS = (
    "voisin voisine aide jardin vélo courses fête repas enfant école perceuse échelle chat "
    "chien doudou clés livre musique guitare cours informatique imprimante ordinateur meuble "
    "déménagement covoiturage gare marché boulangerie quartier square parc mairie soirée "
    "brocante vide-grenier réparation couture tricot cuisine gâteau pâtisserie piano sport "
    "course randonnée football pétanque lecture médiathèque bricolage peinture plante tomate"
).split()
KINDS = ["discussion", "offre", "demande", "evenement", "perdu", "trouve", "recommandation",
         "covoiturage"]  # fmt: skip
QUERIES = ["fete des voisins", "doudou perdu", "cours de guitare", "velo enfant",
           "imprimante -ordinateur", '"vide-grenier"', "perceuse or echelle"]  # fmt: skip


def p95(values):
    return round(statistics.quantiles(values, n=20)[-1] * 1000, 2)


SYLLABLES = (
    "ba be bi bo bu ca ce ci co cu da de di do du fa fe fi fo la le li lo lu ma me mi "
    "mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu va ve vi"
)
# A vocabulary of a few thousand words, like real text: each word of WORDS then
# appears in a few percent of the posts, not in all of them.
FILLER = sorted({a + b + c for a in SYLLABLES.split()[:20] for b in SYLLABLES.split()[20:40]
                 for c in ("", "r", "s", "t", "l", "n", "x", "que")})  # fmt: skip


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) if rng.random() < 0.1 else rng.choice(FILLER)
                    for _ in range(n))  # fmt: skip


def copy_models(cursor, model, objects):
    """COPY unsaved model instances (every concrete column but the id)."""
    from django.db import connection

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    copy_rows(
        cursor,
        model._meta.db_table,
        [f.column for f in fields],
        (
            [f.get_db_prep_save(getattr(obj, f.attname), connection) for f in fields]
            for obj in objects
        ),
    )


def copy_rows(cursor, table, columns, rows):
    sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
    with cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row(row)


def load(commune):
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.db.models.fields import NOT_PROVIDED
    from django.utils import timezone
    from django_tenants.utils import schema_context

    from discussions.models import Category, Post
    from voisinages.models import Quartier, Resident

    rng = random.Random(42)
    now = timezone.now()
    schema = commune.schema_name
    with schema_context(schema), connection.cursor() as cursor:
        quartiers = [
            Quartier.objects.create(name=f"Quartier {i}", latitude=48.88, longitude=2.24).pk
            for i in range(6)
        ]
        categories = list(Category.objects.values_list("pk", flat=True))
        password = make_password("bench-password")
        started = time.perf_counter()
        copy_models(
            cursor,
            Resident,
            (
                Resident(
                    email=f"voisin{i}@bench.example", first_name=f"Prénom{i}",
                    last_name=f"Nom{i}", password=password, is_verified=True,
                    latitude=48.85 + rng.random() * 0.06, longitude=2.20 + rng.random() * 0.08,
                    is_voisin_solidaire=i % 10 == 0, quartier_id=rng.choice(quartiers),
                )
                for i in range(RESIDENTS)
            ),
        )  # fmt: skip
        cursor.execute("SELECT id FROM voisinages_resident ORDER BY id")
        residents = [row[0] for row in cursor.fetchall()]
        print(f"residents: {time.perf_counter() - started:.1f} s", flush=True)

        started = time.perf_counter()
        columns = ["author_id", "kind", "title", "body", "body_html", "photo",
                   "photo_thumbnail", "tag_names",
                   "quartier_id", "latitude", "longitude", "is_public", "on_behalf",
                   "event_starts_at", "event_place", "ride_from", "ride_to", "ride_departs_at",
                   "ride_seats", "status", "is_pinned", "is_flagged", "report_count",
                   "moderation_reason", "created_at", "expires_at", "renewals_used"]  # fmt: skip
        tag_words = WORDS[:200]
        # Columns added since (guest posts…): their defaults, so COPY fills every
        # NOT NULL column the database has no default for.
        later = [
            f for f in Post._meta.concrete_fields
            if not f.primary_key and not f.null and f.column not in columns
            and f.db_default is NOT_PROVIDED
        ]  # fmt: skip
        columns += [f.column for f in later]
        defaults = tuple(f.get_default() for f in later)

        def posts():
            for i in range(POSTS):
                kind = KINDS[i % len(KINDS)]
                created = now - timedelta(minutes=(POSTS - i) * 3)
                body = sentence(rng, rng.randint(15, 60))
                listing = kind in ("offre", "demande")
                yield (
                    rng.choice(residents), kind, sentence(rng, rng.randint(3, 8)).capitalize(),
                    body, f"<p>{body}</p>", "posts/bench.jpg" if i % 10 == 0 else "",
                    "posts/mini/bench.jpg" if i % 10 == 0 else "",
                    " ".join(rng.sample(tag_words, 2)),
                    rng.choice(quartiers), 48.85 + rng.random() * 0.06,
                    2.20 + rng.random() * 0.08, i % 5 == 0, False,
                    now + timedelta(days=10) if kind == "evenement" else None,
                    "Salle des fêtes" if kind == "evenement" else "",
                    "Gare" if kind == "covoiturage" else "",
                    "Aéroport" if kind == "covoiturage" else "",
                    now + timedelta(days=3) if kind == "covoiturage" else None,
                    3 if kind == "covoiturage" else None,
                    "published", i in (POSTS - 500, POSTS - 5000), False, 0, "", created,
                    created + timedelta(days=400) if listing else None, 0,
                ) + defaults  # fmt: skip

        copy_rows(cursor, "discussions_post", columns, posts())
        cursor.execute("SELECT min(id), max(id) FROM discussions_post")
        first, last = cursor.fetchone()
        # A few recognisable posts for the search.
        cursor.execute(
            "UPDATE discussions_post SET title = %s WHERE id = %s",
            ["Fête des voisins de la rue", last - 10],
        )
        cursor.execute(
            "UPDATE discussions_post SET title = %s WHERE id = %s",
            ["J'ai perdu le doudou de ma fille", last - 20],
        )
        print(f"posts: {time.perf_counter() - started:.1f} s", flush=True)

        started = time.perf_counter()
        copy_rows(
            cursor,
            "discussions_post_categories",
            ["post_id", "category_id"],
            ((pid, cat) for pid in range(first, last + 1)
             for cat in rng.sample(categories, 1 + pid % 2)),
        )  # fmt: skip
        cursor.execute(
            "INSERT INTO taggit_tag (name, slug) SELECT w, w FROM unnest(%s::text[]) AS w "
            "ON CONFLICT DO NOTHING",
            [sorted(set(tag_words))],
        )
        cursor.execute("SELECT id FROM taggit_tag WHERE name = ANY(%s)", [sorted(set(tag_words))])
        tags = [row[0] for row in cursor.fetchall()]
        copy_rows(
            cursor,
            "discussions_taggedpost",
            ["content_object_id", "tag_id"],
            ((pid, tag) for pid in range(first, last + 1) for tag in rng.sample(tags, 2)),
        )
        copy_rows(
            cursor,
            "discussions_comment",
            ["post_id", "author_id", "body", "status", "report_count", "created_at"],
            ((rng.randint(first, last), rng.choice(residents), sentence(rng, 12), "visible", 0,
              now) for _ in range(POSTS * 2)),
        )  # fmt: skip
        reactions = {
            (rng.randint(first, last), rng.choice(residents), rng.choice(["merci", "interesse"]))
            for _ in range(POSTS)
        }
        copy_rows(
            cursor,
            "discussions_reaction",
            ["post_id", "resident_id", "kind", "created_at"],
            ((post, resident, kind, now) for post, resident, kind in reactions),
        )
        # COPY bypasses the services that keep the cards' counters.
        from discussions.services.counters import recount_posts

        recount_posts()
        print(f"relations: {time.perf_counter() - started:.1f} s", flush=True)
        started = time.perf_counter()
        cursor.execute(
            "UPDATE discussions_post SET search_vector = "
            "setweight(to_tsvector('public.fr_unaccent'::regconfig, coalesce(title, '')), 'A') || "
            "setweight(to_tsvector('public.fr_unaccent'::regconfig, coalesce(tag_names, '')), 'B') "
            "|| setweight(to_tsvector('public.fr_unaccent'::regconfig, coalesce(body, '')), 'C')"
        )
        cursor.execute("ANALYZE")
        print(f"search vectors: {time.perf_counter() - started:.1f} s", flush=True)


def measure(commune) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django_tenants.utils import schema_context

    from discussions.models import Post
    from tests.conftest import host_of
    from voisinages.models import Resident

    with schema_context(commune.schema_name):
        viewer = Resident.objects.order_by("id")[5]
        post_ids = list(Post.objects.order_by("-id").values_list("id", flat=True)[:5000])
    # Persistent connections, as a production server keeps them (CONN_MAX_AGE or
    # a pool): without, every request pays a new PostgreSQL backend.
    connection.settings_dict["CONN_MAX_AGE"] = None
    client = Client(HTTP_HOST=host_of(commune))
    with schema_context(commune.schema_name):
        client.force_login(viewer, backend="django.contrib.auth.backends.ModelBackend")
    rng = random.Random(7)

    cpu = {}

    def timed(url, data=None):
        started, started_cpu = time.perf_counter(), time.process_time()
        response = client.get(url, data)
        elapsed = time.perf_counter() - started
        # Python's own CPU time: what the wall clock means on a busy machine.
        cpu.setdefault(url.strip("/").split("/")[0], []).append(time.process_time() - started_cpu)
        assert response.status_code == 200, (url, response.status_code)
        return elapsed

    for _ in range(10):  # warm-up
        timed("/fil/")
        timed(f"/fil/{post_ids[0]}/")
        timed("/recherche/", {"q": "fete des voisins"})
    cpu.clear()
    feed_queries = {}
    for size in (20, 50):
        with CaptureQueriesContext(connection) as queries:
            client.get("/fil/", {"n": size})
        feed_queries[size] = len(queries)
    # The cards (thumbnails included) cost the same queries however many there are.
    assert feed_queries[20] == feed_queries[50], feed_queries
    assert "posts/mini/bench.jpg" in client.get("/fil/", {"n": 50}).content.decode()
    feed = [timed("/fil/") for _ in range(ROUNDS)]
    feed_cpu = cpu.pop("fil")
    older = [timed("/fil/", {"avant": rng.choice(post_ids)}) for _ in range(ROUNDS // 4)]
    older_cpu = cpu.pop("fil")
    posts = [timed(f"/fil/{rng.choice(post_ids)}/") for _ in range(ROUNDS)]
    search = [timed("/recherche/", {"q": QUERIES[i % len(QUERIES)]}) for i in range(ROUNDS)]
    found = client.get("/recherche/", {"q": "fete des voisins"}).content.decode()
    assert "Fête des voisins de la rue" in found
    return {
        "posts": POSTS,
        "residents": RESIDENTS,
        "feed_p50_ms": round(statistics.median(feed) * 1000, 2),
        "feed_p95_ms": p95(feed),
        "feed_older_p95_ms": p95(older),
        "post_p95_ms": p95(posts),
        "search_p50_ms": round(statistics.median(search) * 1000, 2),
        "search_p95_ms": p95(search),
        "feed_queries": feed_queries[20],
        "feed_queries_50": feed_queries[50],
        "python_cpu_p50_ms": {
            "feed": round(statistics.median(feed_cpu) * 1000, 2),
            "feed_older": round(statistics.median(older_cpu) * 1000, 2),
            "post": round(statistics.median(cpu["fil"]) * 1000, 2),
            "search": round(statistics.median(cpu["recherche"]) * 1000, 2),
        },
        "load_average_1m": round(os.getloadavg()[0], 1),
    }


def main(fresh: bool) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "reseau.settings.dev")
    django.setup()
    from django.db import connection
    from django_tenants.utils import schema_context

    from discussions.models import Post
    from tenants.models import Commune
    from tenants.services import onboard_commune

    commune = Commune.objects.filter(slug=SLUG).first()
    if commune is not None and fresh:
        commune.domains.all().delete()
        commune.delete(force_drop=True)
        commune = None
    if commune is not None:
        with schema_context(commune.schema_name):
            if Post.objects.count() < POSTS:
                connection.set_schema_to_public()
                commune.domains.all().delete()
                commune.delete(force_drop=True)
                commune = None
    if commune is None:
        started = time.perf_counter()
        commune = onboard_commune(
            name="Bench Feed", slug=SLUG, insee_code="75056",
            ambassador_email="ambassadeur@bench-feed.example",
        ).commune  # fmt: skip
        load(commune)
        print(f"loaded in {time.perf_counter() - started:.1f} s", flush=True)
    connection.set_schema_to_public()
    return measure(commune)


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if "--posts" in arguments:
        POSTS = int(arguments[arguments.index("--posts") + 1])
        RESIDENTS = min(RESIDENTS, max(POSTS // 10, 50))
    print(json.dumps(main(fresh="--fresh" in arguments)))

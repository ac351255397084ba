"""The public cross-commune index behind /entraide/ (tenants.PublicListing).

`sync_listings` runs in a commune's schema (the job `tenants.tasks.index_posts`,
deferred by discussions through `registry.post_visibility_hook`): each post is
copied when it is an offer or request, public, published and not expired, and
removed from the index otherwise. Idempotent: the job may run twice."""

import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django_tenants.utils import get_public_schema_name, schema_context

from discussions.models import Post
from socle.links import absolute_url
from tenants.dataset import normalize
from tenants.models import Commune, Domain, PublicListing

# ~1 km: the index never holds more than a coarse cell.
CELL_DECIMALS = 2


def _excerpt(text: str) -> str:
    text = " ".join((text or "").split())
    if len(text) <= PublicListing.EXCERPT_MAX:
        return text
    return text[: PublicListing.EXCERPT_MAX - 1].rstrip() + "…"


def _cell(value: float | None) -> float | None:
    return None if value is None else round(value, CELL_DECIMALS)


def is_indexable(post: Post, *, now=None) -> bool:
    now = now or timezone.now()
    return (
        post.is_public
        and post.status == Post.Status.PUBLISHED
        and post.kind in Post.LISTING_KINDS
        and (post.expires_at is None or post.expires_at > now)
    )


@transaction.atomic
def sync_listings(*, post_ids: list[int]) -> int:
    """Copy or remove the posts `post_ids` of the current commune; returns how many are indexed."""
    commune = connection.tenant
    ids = [int(pk) for pk in post_ids][:1000]
    posts = {
        post.pk: post for post in Post.objects.filter(pk__in=ids).prefetch_related("categories")
    }
    now = timezone.now()
    kept = [post for post in posts.values() if is_indexable(post, now=now)]
    PublicListing.objects.filter(commune_id=commune.pk, post_id__in=ids).exclude(
        post_id__in=[post.pk for post in kept]
    ).delete()
    for post in kept:
        PublicListing.objects.update_or_create(
            commune_id=commune.pk,
            post_id=post.pk,
            defaults={
                "department": commune.department or "",
                "place_name": commune.name,
                "kind": post.kind,
                "category_names": ", ".join(c.name for c in post.categories.all())[:300],
                "title": post.title[:140],
                "excerpt": _excerpt(post.body),
                "latitude": _cell(post.latitude),
                "longitude": _cell(post.longitude),
                "published_at": post.created_at,
                "expires_at": post.expires_at,
            },
        )
    forget_department_counts()
    return len(kept)


def purge_expired_listings() -> int:
    """Remove the listings whose post expired (the periodic job)."""
    deleted, _ = PublicListing.objects.filter(expires_at__lte=timezone.now()).delete()
    forget_department_counts()
    return deleted


PAGE_SIZE = 20


def live_listings():
    """The listings a visitor sees: not expired, of an active commune."""
    return PublicListing.objects.filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=timezone.now()),
        Q(commune__isnull=True)
        | Q(commune__status=Commune.Status.ACTIVE, commune__is_template=False),
    )


def filtered_listings(*, kind="", category="", department="", commune="", query=""):
    listings = live_listings()
    if kind:
        listings = listings.filter(kind=kind)
    if category and normalize(category):
        listings = listings.filter(category_key__contains=normalize(category))
    if department:
        listings = listings.filter(department=department)
    if commune:
        listings = listings.filter(commune__slug=commune)
    # Every word, accents and case aside, through the trigram index on search_text.
    for word in normalize(query).split()[:8]:
        listings = listings.filter(search_text__contains=word)
    return listings


def search_listings(*, kind="", category="", department="", commune="", query="", page=1):
    """One page of listings (PAGE_SIZE, plus whether there is a next one), each
    with `url`, the post on its commune's site; three queries whatever the page."""
    listings = filtered_listings(
        kind=kind, category=category, department=department, commune=commune, query=query
    )
    start = (page - 1) * PAGE_SIZE
    rows = list(
        listings.select_related("commune").order_by("-published_at", "-id")[
            start : start + PAGE_SIZE + 1
        ]
    )
    has_next = len(rows) > PAGE_SIZE
    rows = rows[:PAGE_SIZE]
    domains = dict(
        Domain.objects.filter(
            tenant_id__in={row.commune_id for row in rows}, is_primary=True
        ).values_list("tenant_id", "domain")
    )
    for row in rows:
        if row.commune_id is None:
            row.url = reverse("entraide_guest", args=[row.guest_post_id])
            continue
        host = domains.get(row.commune_id) or f"{row.commune.slug}.{settings.RESEAU_BASE_DOMAIN}"
        row.url = absolute_url(host, f"/fil/{row.post_id}/")
    return rows, has_next


COUNTS_KEY = "entraide:department-counts"
COUNTS_SECONDS = 60
# The map's outlines (metropolitan France) name the departments; the overseas
# ones are listed, not drawn.
MAP_FILE = Path(__file__).resolve().parent / "static" / "tenants" / "carte" / "departements.json"
OVERSEAS = {
    "971": "Guadeloupe",
    "972": "Martinique",
    "973": "Guyane",
    "974": "La Réunion",
    "976": "Mayotte",
}


@lru_cache(maxsize=1)
def department_names() -> dict[str, str]:
    with MAP_FILE.open(encoding="utf-8") as handle:
        names = {row["code"]: row["name"] for row in json.load(handle)["departments"]}
    return {**names, **OVERSEAS}


def department_name(code: str) -> str:
    return department_names().get(code, code)


def forget_department_counts() -> None:
    """The index changed: the next page counts again (else within COUNTS_SECONDS).
    Cache keys carry the schema: this one is the platform's, whoever changes the index."""
    with schema_context(get_public_schema_name()):
        cache.delete(COUNTS_KEY)


def department_counts() -> list[dict]:
    """[{code, name, count, url}] of the departments with live listings: one GROUP BY
    over the index, kept COUNTS_SECONDS in the cache (every page shows it)."""
    counts = cache.get(COUNTS_KEY)
    if counts is None:
        counts = list(
            live_listings()
            .exclude(department="")
            .values("department")
            .annotate(count=Count("id"))
            .order_by("department")
            .values_list("department", "count")
        )
        cache.set(COUNTS_KEY, counts, COUNTS_SECONDS)
    # Reversed once, not once a department; the platform's URLconf, whoever asks.
    url = reverse("entraide_department", args=["CODE"], urlconf=settings.PUBLIC_SCHEMA_URLCONF)
    return [
        {"code": code, "name": department_name(code), "count": n, "url": url.replace("CODE", code)}
        for code, n in counts
    ]

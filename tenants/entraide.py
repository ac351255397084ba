"""The public cross-commune index behind /entraide/ (tenants.PublicListing).

`sync_listings` runs in a commune's schema (the job `tenants.tasks.index_posts`,
deferred by discussions through `registry.post_visibility_hook`): each post is
copied when it is an offer or request, public, published and not expired, and
removed from the index otherwise. Idempotent: the job may run twice."""

from django.db import connection, transaction
from django.utils import timezone

from discussions.models import Post
from tenants.models import PublicListing

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
    return len(kept)


def purge_expired_listings() -> int:
    """Remove the listings whose post expired (the periodic job)."""
    deleted, _ = PublicListing.objects.filter(expires_at__lte=timezone.now()).delete()
    return deleted

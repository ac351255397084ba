"""Post cards (feed, search, my posts, live fragments), each rendered once per
content and kept in the cache.

A card shows nothing of its viewer, so its HTML is cached under a digest of
everything it shows (CARD_ATTRIBUTES: title, author's name, quartier,
categories, tags, counters, pinned…), of the language, the time zone and the
card template itself. Any change to a post (edit, moderation, a comment, a
reaction, a renamed author or category) gives a new key: a card is never served
stale and nothing has to be invalidated. The cache prefixes every key with the
commune's schema (KEY_FUNCTION = django_tenants.cache.make_key), so a commune
never reads another's cards. "3 hours ago" moves with the clock: it is left out
of the cached HTML and filled in at every request."""

import hashlib
from datetime import timedelta
from functools import cache as once
from functools import lru_cache

from django.core.cache import cache
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

from discussions.models import Post
from socle.french import ago

CARD_TEMPLATE = "discussions/_post_card.html"
# Post.get_kind_display() builds a dict of every choice at each call.
KIND_LABELS = dict(Post.Kind.choices)
CARD_TTL = 60 * 60
# PostgreSQL text cannot hold a NUL character, so no title or name typed by a
# resident can contain this marker.
SINCE = "\x00since\x00"
# Every `post.<name>` the card template reads (the template also gets
# `categories`, `tags` and `kind_label`, from the post's relations and kind). icon
# follows from kind; the test test_cards_key_covers_the_template fails when the
# template reads an attribute missing here.
CARD_ATTRIBUTES = frozenset(
    {
        "pk",
        "kind",
        "icon",
        "is_pinned",
        "on_behalf",
        "title",
        "author_label",
        "created_at",
        "quartier",
        "event_starts_at",
        "event_place",
        "ride_from",
        "ride_to",
        "ride_departs_at",
        "ride_seats",
        "categories",
        "tags",
        "comment_count",
        "thanks_count",
        "interested_count",
        "is_expired",
        "photo",
        "photo_thumbnail",
    }
)


@lru_cache(maxsize=4096)
def _since_minutes(minutes: int, language: str) -> str:
    now = timezone.now()
    return conditional_escape(ago(now - timedelta(minutes=minutes), now))


def since(created_at) -> str:
    """ "il y a 5 minutes" or "à l'instant" (socle/french.py), escaped. Within 27 days it depends only on
    the whole minutes elapsed (no calendar months), so it is computed once per
    minute and language: the translated plurals cost 40 µs a card."""
    elapsed = timezone.now() - created_at
    if timedelta(0) <= elapsed < timedelta(days=27):
        return _since_minutes(int(elapsed.total_seconds() // 60), translation.get_language())
    return conditional_escape(ago(created_at))


@once
def _template_digest() -> str:
    return hashlib.blake2b(get_template(CARD_TEMPLATE).template.source.encode()).hexdigest()[:16]


def _related(post, name: str) -> list:
    """The post's categories or tags, from what the selector loaded if it did."""
    loaded = getattr(post, "_prefetched_objects_cache", {}).get(name)
    if loaded is not None and loaded._result_cache is not None:
        return loaded._result_cache
    return list(getattr(post, name).all())


def card_key(post) -> str:
    """The cache key of a post's card: a digest of all the card shows."""
    return _key(post, _related(post, "categories"), _related(post, "tags"))


def _key(post, categories: list, tags: list) -> str:
    quartier = post.quartier.name if post.quartier_id else None
    content = (
        _template_digest(),
        translation.get_language(),
        timezone.get_current_timezone_name(),
        post.pk,
        post.kind,
        post.is_pinned,
        post.on_behalf,
        post.title,
        post.author_label,
        post.created_at,
        quartier,
        post.event_starts_at,
        post.event_place,
        post.ride_from,
        post.ride_to,
        post.ride_departs_at,
        post.ride_seats,
        [(category.pk, category.slug, category.name) for category in categories],
        [tag.name for tag in tags],
        post.comment_count,
        post.thanks_count,
        post.interested_count,
        post.is_expired,
        post.photo.name,
        post.photo_thumbnail.name,
    )
    return "discussions.card." + hashlib.blake2b(repr(content).encode(), digest_size=16).hexdigest()


def render_cards(posts) -> SafeString:
    """The cards of `posts`, in order: cached ones from one cache read, the others
    rendered and stored."""
    cards = []
    for post in posts:
        categories, tags = _related(post, "categories"), _related(post, "tags")
        cards.append((post, categories, tags, _key(post, categories, tags)))
    if not cards:
        return mark_safe("")  # noqa: S308 (an empty string)
    cached = cache.get_many([key for *_, key in cards])
    missing = {}
    template = get_template(CARD_TEMPLATE)
    feed_url = reverse("feed")
    for post, categories, tags, key in cards:
        if key not in cached:
            context = {
                "post": post,
                "categories": categories,
                "tags": tags,
                "kind_label": KIND_LABELS.get(post.kind, post.kind),
                "since": SINCE,
                "feed_url": feed_url,
            }
            cached[key] = missing[key] = template.render(context)
    if missing:
        cache.set_many(missing, CARD_TTL)
    html = "".join(cached[key].replace(SINCE, since(post.created_at)) for post, *_, key in cards)
    return mark_safe(html)  # noqa: S308 (rendered by the template, escaped there)

"""Reads of the feed; selectors check access themselves (Http404/PermissionDenied)."""

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import timedelta

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from taggit.models import Tag

from discussions.models import (
    Category,
    Comment,
    Conversation,
    HelpOffer,
    HelpReview,
    Message,
    OfferedService,
    Post,
    Reaction,
    SeatRequest,
    WatchedWord,
)
from socle.params import parse_id
from voisinages import roles
from voisinages.models import ActionLog, Quartier
from voisinages.selectors import get_resident_for

SEARCH_CONFIG = "public.fr_unaccent"
PAGE_SIZE = 20
MAX_PAGE_SIZE = 50
NEAR_DEGREES = 0.01  # ~1 km around the viewer's blurred position
SEARCH_WINDOW = 500


def _is_member(viewer) -> bool:
    return getattr(viewer, "is_authenticated", False) and viewer.is_active


def is_moderator(viewer) -> bool:
    return _is_member(viewer) and roles.has_role(viewer, roles.AMBASSADOR)


def live_posts(now=None) -> QuerySet[Post]:
    """Published posts that have not expired."""
    now = now or timezone.now()
    return Post.objects.filter(status=Post.Status.PUBLISHED, closed_at__isnull=True).filter(
        Q(expires_at__isnull=True) | Q(expires_at__gt=now)
    )


# What a post card and the API's PostOut read; texts, positions and the search
# vector stay in the database, and the author and quartier bring their names only.
CARD_FIELDS = (
    "id", "author_id", "kind", "title", "quartier_id", "is_public", "on_behalf", "is_guest",
    "guest_name",
    "event_starts_at", "event_place", "ride_from", "ride_to", "ride_departs_at", "ride_seats",
    "status", "is_pinned", "created_at", "expires_at",
    "comment_count", "thanks_count", "interested_count", "photo", "photo_thumbnail",
    "author__first_name", "author__last_name", "quartier__name",
)  # fmt: skip


def _cards_base(posts: QuerySet[Post]) -> QuerySet[Post]:
    return posts.select_related("author", "quartier").only(*CARD_FIELDS)


def _for_cards(posts: QuerySet[Post]) -> QuerySet[Post]:
    return _cards_base(posts).prefetch_related(
        Prefetch("categories", queryset=Category.objects.only("id", "name", "slug")), "tags"
    )


def _loaded(manager, rows: list, **constraint) -> QuerySet:
    """A queryset already evaluated to `rows`, as prefetch_related leaves it; chained
    further (`.filter()`…), it still holds to `constraint`, built only then (Django's
    related managers defer their filter the same way)."""
    queryset = manager.all()
    queryset._defer_next_filter = True
    queryset = queryset.filter(**constraint)
    queryset._result_cache = rows
    queryset._prefetch_done = True
    return queryset


def with_card_relations(posts: list[Post]) -> list[Post]:
    """Load the categories and tags of `posts` (one query each), where
    `post.categories.all()` and `post.tags.all()` find them. Django's
    prefetch_related builds a filtered queryset per post and relation: a third of
    the feed selector's time with 20 cards."""
    if not posts:
        return posts
    ids = [post.pk for post in posts]
    categories, tags = defaultdict(list), defaultdict(list)
    rows = (
        Category.objects.filter(posts__in=ids)
        .annotate(post_id=F("posts__id"))
        .only("id", "name", "slug")
    )
    for category in rows:
        categories[category.post_id].append(category)
    rows = (
        Tag.objects.filter(discussions_taggedpost_items__content_object_id__in=ids)
        .annotate(post_id=F("discussions_taggedpost_items__content_object_id"))
        .order_by("discussions_taggedpost_items__id")
    )
    for tag in rows:
        tags[tag.post_id].append(tag)
    for post in posts:
        cache = post.__dict__.setdefault("_prefetched_objects_cache", {})
        cache["categories"] = _loaded(Category.objects, categories[post.pk], posts=post.pk)
        cache["tags"] = _loaded(
            Tag.objects, tags[post.pk], discussions_taggedpost_items__content_object=post.pk
        )
    return posts


@dataclass
class FeedPage:
    pinned: list
    posts: list
    next_cursor: int | None


def feed_page(
    *,
    viewer,
    kind: str = "",
    category: str = "",
    quartier: int | None = None,
    near_me: bool = False,
    before: int | None = None,
    size: int = PAGE_SIZE,
) -> FeedPage:
    """One page of the feed, newest first, keyset-paginated on the id;
    pinned posts head the first page. Visitors see the public posts only."""
    size = max(1, min(size, MAX_PAGE_SIZE))
    posts = live_posts()
    if not _is_member(viewer):
        posts, near_me = posts.filter(is_public=True), False
    if kind in Post.Kind.values:
        posts = posts.filter(kind=kind)
    if category:
        posts = posts.filter(categories__slug=category)
    if quartier:
        posts = posts.filter(quartier_id=quartier)
    if near_me and viewer.blurred_position:
        lat, lng = viewer.blurred_position
        posts = posts.filter(
            latitude__range=(lat - NEAR_DEGREES, lat + NEAR_DEGREES),
            longitude__range=(lng - NEAR_DEGREES * 1.5, lng + NEAR_DEGREES * 1.5),
        )
    pinned = []
    if before is None:
        pinned = list(_cards_base(posts.filter(is_pinned=True)).order_by("-id")[:5])
    else:
        posts = posts.filter(id__lt=before)
    page = list(_cards_base(posts.filter(is_pinned=False)).order_by("-id")[: size + 1])
    next_cursor = page[size - 1].pk if len(page) > size else None
    page = page[:size]
    # One query per relation for pinned and page together.
    with_card_relations(pinned + page)
    return FeedPage(pinned=pinned, posts=page, next_cursor=next_cursor)


def get_post_for(*, viewer, post_id: int) -> Post:
    """The post if the viewer may read it: published and live for members;
    also expired, held or hidden ones for their author and the ambassadors;
    public ones for visitors."""
    post = Post.objects.select_related("author", "quartier").filter(pk=post_id).first()
    if post is None or post.status == Post.Status.DELETED:
        raise Http404
    visible = post.status == Post.Status.PUBLISHED and not post.is_expired
    if _is_member(viewer):
        allowed = visible or post.author_id == viewer.pk or is_moderator(viewer)
    else:
        allowed = visible and post.is_public
    if not allowed:
        raise Http404
    return with_card_relations([post])[0]


def comments_of(*, post: Post, viewer) -> list[Comment]:
    """Visible top-level comments with their visible replies, oldest first."""
    visible = Comment.objects.filter(status=Comment.Status.VISIBLE).select_related("author")
    return list(
        visible.filter(post=post, parent__isnull=True).prefetch_related(
            Prefetch("replies", queryset=visible.order_by("id"))
        )
    )


def get_comment_for(*, viewer, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("author", "post").filter(pk=comment_id).first()
    if comment is None:
        raise Http404
    get_post_for(viewer=viewer, post_id=comment.post_id)
    if comment.status != Comment.Status.VISIBLE and not is_moderator(viewer):
        raise Http404
    return comment


def reactions_of(*, post: Post, viewer) -> set[str]:
    if not _is_member(viewer):
        return set()
    return set(Reaction.objects.filter(post=post, resident=viewer).values_list("kind", flat=True))


# A word with a hyphen ("vide-grenier") becomes the phrase
# 'vide-greni' <-> 'vid' <-> 'greni': the compound and its parts. PostgreSQL
# estimates a phrase as if its words were independent (11% × 11% × 11% of the
# posts instead of 11%), picks the GIN index for the "rare" phrase and then sorts
# every match: 45 ms instead of 2 ms on 100,000 posts. The compound lexeme alone
# matches the same posts and is estimated right.
_HYPHENATED = re.compile(r"\w-\w")
_COMPOUND_PHRASE = re.compile(r"'([^'\s]+-[^'\s]+)'((?: <-> '[^'\s]+')+)")
_RANKED_SQL = """
SELECT id FROM (
    SELECT id, search_vector FROM {table}
    WHERE status = %s AND (expires_at IS NULL OR expires_at > %s) AND closed_at IS NULL
      AND search_vector @@ {query}
    ORDER BY id DESC
    LIMIT %s
) AS newest
ORDER BY ts_rank(search_vector, {query}) DESC, id DESC
LIMIT %s
"""


def _compound_lexemes_only(tsquery: str) -> str:
    def compound(match):
        word, parts = match.group(1), match.group(2)
        return f"'{word}'" if parts.count("<->") == word.count("-") + 1 else match.group(0)

    return _COMPOUND_PHRASE.sub(compound, tsquery)


def search_posts(*, viewer, query: str, limit: int = 30) -> list[Post]:
    """French full-text search (accents ignored, websearch syntax), best first;
    the same posts as the feed (live_posts): closed requests stay in their
    author's history (my_posts), not in the search."""
    if not _is_member(viewer):
        raise PermissionDenied
    query = (query or "").strip()[:200]
    if not query:
        return []
    websearch = f"websearch_to_tsquery('{SEARCH_CONFIG}'::regconfig, %s)"
    with connection.cursor() as cursor:
        if _HYPHENATED.search(query):
            cursor.execute(f"SELECT ({websearch})::text", [query])
            tsquery, parameter = "%s::tsquery", _compound_lexemes_only(cursor.fetchone()[0])
        else:
            tsquery, parameter = websearch, query
        # Rank the newest SEARCH_WINDOW matches only: a common word matches a
        # fifth of a big commune's posts, and ranking them all costs a heap visit
        # each. Only the ids come back; the cards are loaded for the best `limit`.
        cursor.execute(
            _RANKED_SQL.format(table=Post._meta.db_table, query=tsquery),
            [Post.Status.PUBLISHED, timezone.now(), parameter, SEARCH_WINDOW, parameter, limit],
        )
        ranked = [row[0] for row in cursor.fetchall()]
    posts = {post.pk: post for post in _cards_base(Post.objects.filter(pk__in=ranked))}
    return with_card_relations([posts[pk] for pk in ranked if pk in posts])


def answers_by_others() -> tuple[QuerySet, QuerySet]:
    """The offers of help and visible comments on the outer post (OuterRef "pk")
    by someone other than its author: what counts as an answer to a request."""
    offers = HelpOffer.objects.filter(post=OuterRef("pk")).exclude(helper=OuterRef("author"))
    comments = Comment.objects.filter(post=OuterRef("pk"), status=Comment.Status.VISIBLE).exclude(
        author=OuterRef("author")
    )
    return offers, comments


UNANSWERED_AFTER = timedelta(hours=48)
UNANSWERED_LIMIT = 50


def unanswered_requests(*, viewer, now=None) -> list[Post]:
    """Live requests (demandes) posted more than 48 hours ago that nobody else
    answered yet (no offer of help, no visible comment), those waiting longest
    first: for voisins solidaires and ambassadors to act on."""
    if not (_is_member(viewer) and any(
        roles.has_role(viewer, role) for role in (roles.VOISIN_SOLIDAIRE, roles.AMBASSADOR)
    )):  # fmt: skip
        raise PermissionDenied
    now = now or timezone.now()
    offers, comments = answers_by_others()
    posts = (
        live_posts(now)
        .filter(kind=Post.Kind.DEMANDE, created_at__lte=now - UNANSWERED_AFTER)
        .exclude(Exists(offers))
        .exclude(Exists(comments))
    )
    return with_card_relations(list(_cards_base(posts).order_by("id")[:UNANSWERED_LIMIT]))


def my_posts(*, viewer) -> QuerySet[Post]:
    """The viewer's own posts, expired and held ones included."""
    return _for_cards(Post.objects.filter(author=viewer).exclude(status=Post.Status.DELETED))


def newest_listings(*, since, kinds=None, limit: int = 50) -> list[Post]:
    """Visible, non-expired posts since a moment, newest first (cms, jardins)."""
    posts = live_posts().filter(created_at__gte=since)
    if kinds:
        posts = posts.filter(kind__in=list(kinds))
    return list(
        posts.select_related("author").prefetch_related("categories").order_by("-id")[:limit]
    )


def public_posts(*, limit: int = 30) -> list[Post]:
    """What the commune shows outside: public, visible posts (Atom feed)."""
    return list(
        live_posts().filter(is_public=True).select_related("author").order_by("-id")[:limit]
    )


FILTERS_CACHE_KEY = "discussions.feed_filters"


def feed_filters() -> dict:
    """Categories and quartiers for the feed's filters (cached per commune: the
    cache keys carry the schema)."""
    filters = cache.get(FILTERS_CACHE_KEY)
    if filters is None:
        filters = {
            "categories": [(c.slug, c.name) for c in Category.objects.filter(is_active=True)],
            "quartiers": list(Quartier.objects.values_list("pk", "name")),
        }
        cache.set(FILTERS_CACHE_KEY, filters, 120)
    return filters


def active_categories() -> list[Category]:
    return list(Category.objects.filter(is_active=True))


# --- Conversations ------------------------------------------------------------


def conversations_of(*, viewer) -> list[Conversation]:
    """The viewer's conversations, latest first, with their unread counts."""
    if not _is_member(viewer):
        raise PermissionDenied
    conversations = (
        Conversation.objects.filter(Q(first=viewer) | Q(second=viewer))
        .select_related("first", "second", "post")
        .annotate(
            unread=Count(
                "messages",
                filter=~Q(messages__sender=viewer)
                & (
                    (Q(first=viewer) & Q(messages__id__gt=F("first_read_up_to")))
                    | (Q(second=viewer) & Q(messages__id__gt=F("second_read_up_to")))
                ),
            )
        )
        .order_by("-last_message_at")
    )
    return list(conversations)


def unread_messages_count(*, viewer) -> int:
    return sum(c.unread for c in conversations_of(viewer=viewer))


def get_conversation_for(*, viewer, conversation_id: int) -> Conversation:
    """A conversation the viewer belongs to."""
    if not _is_member(viewer):
        raise PermissionDenied
    conversation = (
        Conversation.objects.select_related("first", "second", "post")
        .filter(pk=conversation_id)
        .first()
    )
    if conversation is None or viewer.pk not in (conversation.first_id, conversation.second_id):
        raise Http404
    return conversation


def messages_of(*, conversation: Conversation, limit: int = 200) -> list[Message]:
    rows = list(conversation.messages.select_related("sender").order_by("-id")[:limit])
    return rows[::-1]


def get_message_for(*, viewer, message_id: int) -> Message:
    message = Message.objects.select_related("sender").filter(pk=message_id).first()
    if message is None:
        raise Http404
    get_conversation_for(viewer=viewer, conversation_id=message.conversation_id)
    return message


# --- The help loop ------------------------------------------------------------


@dataclass
class ContactState:
    """How the viewer can reach a neighbour: a conversation to continue, a new
    one, or only the public way (they do not accept private messages)."""

    conversation: Conversation | None
    can_message: bool


def contact_state(*, viewer, recipient) -> ContactState | None:
    """None when there is nobody to contact (oneself, a former neighbour, a visitor)."""
    if not _is_member(viewer) or recipient is None or recipient.pk == viewer.pk:
        return None
    first, second = sorted([viewer.pk, recipient.pk])
    conversation = Conversation.objects.filter(first_id=first, second_id=second).first()
    can = conversation is not None or bool(recipient.accepts_messages and recipient.is_active)
    return ContactState(conversation=conversation, can_message=can)


def help_offers_for(*, post: Post, viewer) -> list[HelpOffer]:
    """The offers of help on a request: all of them for its author and the
    ambassadors, the viewer's own for a helper, none for the others."""
    if not _is_member(viewer):
        return []
    offers = HelpOffer.objects.filter(post=post).select_related("helper")
    if post.author_id != viewer.pk and not is_moderator(viewer):
        offers = offers.filter(helper=viewer)
    return list(offers)


def get_help_offer_for(*, viewer, post: Post, offer_id: int) -> HelpOffer:
    offer = HelpOffer.objects.select_related("helper", "post").filter(pk=offer_id).first()
    if offer is None or offer.post_id != post.pk:
        raise Http404
    if viewer.pk not in (post.author_id, offer.helper_id):
        raise Http404
    return offer


def help_reviews_of(*, resident) -> QuerySet[HelpReview]:
    """The visible reviews a resident received for their help, newest first."""
    return (
        HelpReview.objects.filter(subject=resident, status=HelpReview.Status.VISIBLE)
        .select_related("author", "post")
        .order_by("-created_at", "-id")
    )


def get_review_for(*, viewer, review_id: int) -> HelpReview:
    """A review the viewer may see (hidden ones: its author, subject and the ambassadors)."""
    if not _is_member(viewer):
        raise PermissionDenied
    review = (
        HelpReview.objects.select_related("author", "subject", "post").filter(pk=review_id).first()
    )
    if review is None:
        raise Http404
    if review.status != HelpReview.Status.VISIBLE and not (
        is_moderator(viewer) or viewer.pk in (review.author_id, review.subject_id)
    ):
        raise Http404
    return review


# --- Moderation -----------------------------------------------------------------


def moderation_queue() -> dict:
    """Held, flagged, reported or hidden posts; hidden or reported comments; reported reviews."""
    posts = (
        Post.objects.filter(
            Q(status=Post.Status.PENDING)
            | Q(is_flagged=True, status=Post.Status.PUBLISHED)
            | Q(report_count__gt=0, status__in=[Post.Status.PUBLISHED, Post.Status.HIDDEN])
            | Q(status=Post.Status.HIDDEN)
        )
        .select_related("author")
        .prefetch_related("reports")
        .order_by("-id")[:200]
    )
    comments = (
        Comment.objects.filter(Q(status=Comment.Status.HIDDEN) | Q(report_count__gt=0))
        .select_related("author", "post")
        .prefetch_related("reports")
        .order_by("-id")[:200]
    )
    reviews = (
        HelpReview.objects.filter(report_count__gt=0)
        .select_related("author", "subject", "post")
        .prefetch_related("reports")
        .order_by("-id")[:200]
    )
    return {"posts": list(posts), "comments": list(comments), "reviews": list(reviews)}


def moderation_count() -> int:
    """Items waiting for a decision: held or flagged posts; posts, comments and
    reviews with open reports."""
    posts = Post.objects.filter(
        Q(status=Post.Status.PENDING)
        | Q(is_flagged=True, status=Post.Status.PUBLISHED)
        | Q(reports__resolved_at__isnull=True, reports__isnull=False)
    ).exclude(status=Post.Status.DELETED)
    comments = Comment.objects.filter(
        reports__resolved_at__isnull=True, reports__isnull=False
    ) | Comment.objects.filter(status=Comment.Status.HIDDEN, report_count__gt=0)
    reviews = HelpReview.objects.filter(reports__resolved_at__isnull=True, reports__isnull=False)
    return posts.distinct().count() + comments.distinct().count() + reviews.distinct().count()


def get_neighbour(*, viewer, resident_id: int):
    """Another resident of the viewer's commune whom the directory shows (not
    suspended, not waiting for approval): the same rule as a profile, so a
    page or an API reply never names a member hidden elsewhere."""
    if not _is_member(viewer):
        raise PermissionDenied
    return get_resident_for(viewer=viewer, resident_id=resident_id)


def action_log(*, limit: int = 200):
    return list(ActionLog.objects.select_related("actor").order_by("-created_at", "-id")[:limit])


# The ambassadors' moderation pages (discussions/views/moderation.py): the
# role is checked by the views' decorator; these only find what they act on.


def posts_to_moderate(*, ids: list[int]) -> list[Post]:
    return list(Post.objects.filter(pk__in=ids).exclude(status=Post.Status.DELETED))


def get_post_to_moderate(*, post_id: int) -> Post:
    post = Post.objects.filter(pk=post_id).exclude(status=Post.Status.DELETED).first()
    if post is None:
        raise Http404("No such post.")
    return post


def get_comment_to_moderate(*, comment_id: int) -> Comment:
    comment = Comment.objects.select_related("post").filter(pk=comment_id).first()
    if comment is None:
        raise Http404("No such comment.")
    return comment


def watched_words() -> QuerySet[WatchedWord]:
    return WatchedWord.objects.all()


def get_watched_word(*, word_id) -> WatchedWord:
    word_id = parse_id(word_id)
    found = WatchedWord.objects.filter(pk=word_id).first() if word_id else None
    if found is None:
        raise Http404("No such watched word.")
    return found


def all_categories() -> QuerySet[Category]:
    """Every category of the feed, inactive ones too (the ambassadors' page)."""
    return Category.objects.all()


def get_category(*, category_id) -> Category:
    category_id = parse_id(category_id)
    found = Category.objects.filter(pk=category_id).first() if category_id else None
    if found is None:
        raise Http404("No such category.")
    return found


# --- Offered services and rides ------------------------------------------------

SERVICES_PAGE_SIZE = 20


@dataclass(frozen=True)
class ServicesPage:
    """One page of the directory of offered services. Pages are cut by id (keyset):
    `next_after` and `previous_before` are the cursors of the neighbouring pages,
    so a page deep in the directory costs what the first one does."""

    entries: list[OfferedService]
    next_after: int | None
    previous_before: int | None

    @property
    def has_next(self) -> bool:
        return self.next_after is not None

    @property
    def has_previous(self) -> bool:
        return self.previous_before is not None


def _listed_services() -> QuerySet[OfferedService]:
    """Services of members the directory shows (active, approved), in categories in use."""
    return OfferedService.objects.filter(
        resident__is_active=True,
        resident__approval_pending=False,
        category__is_active=True,
    )


def offered_services_page(
    *, viewer, category: Category | None = None, quartier_id: int | None = None,
    after: int | None = None, before: int | None = None, size: int = SERVICES_PAGE_SIZE,
) -> ServicesPage:  # fmt: skip
    """A page of the directory, newest first, in one query whatever its depth:
    the entries after the cursor `after` (older) or before `before` (newer), and
    one more to know whether another page follows. No count over the directory."""
    if not _is_member(viewer):
        raise PermissionDenied
    services = _listed_services().select_related("category", "resident", "resident__quartier")
    if category is not None:
        services = services.filter(category=category)
    if quartier_id is not None:
        services = services.filter(resident__quartier_id=quartier_id)
    if before is not None:
        rows = list(services.filter(id__gt=before).order_by("id")[: size + 1])
        more_newer = len(rows) > size
        rows = rows[:size][::-1]
        return ServicesPage(
            entries=rows,
            next_after=rows[-1].pk if rows else None,
            previous_before=rows[0].pk if rows and more_newer else None,
        )
    if after is not None:
        services = services.filter(id__lt=after)
    rows = list(services.order_by("-id")[: size + 1])
    entries = rows[:size]
    return ServicesPage(
        entries=entries,
        next_after=entries[-1].pk if len(rows) > size else None,
        previous_before=entries[0].pk if after is not None and entries else None,
    )


def offered_services_of(resident) -> list[OfferedService]:
    """The services a resident offers, for their profile (one query)."""
    return list(
        OfferedService.objects.filter(resident=resident, category__is_active=True)
        .select_related("category")
        .order_by("category__position", "category__name")
    )


def my_offered_services(*, viewer) -> list[OfferedService]:
    if not _is_member(viewer):
        raise PermissionDenied
    return list(
        OfferedService.objects.filter(resident=viewer).select_related("category").order_by("-id")
    )


def get_my_offered_service(*, viewer, service_id) -> OfferedService:
    """One of the viewer's own services (404 for anyone else's)."""
    if not _is_member(viewer):
        raise PermissionDenied
    service = OfferedService.objects.filter(pk=parse_id(service_id) or 0, resident=viewer).first()
    if service is None:
        raise Http404("No such service.")
    return service


def get_category_by_slug(slug: str) -> Category | None:
    return Category.objects.filter(slug=slug, is_active=True).first()


def quartier_exists(quartier_id: int) -> bool:
    return Quartier.objects.filter(pk=quartier_id).exists()


@dataclass(frozen=True)
class RideSeats:
    """What a ride's page shows about its seats, for this viewer."""

    seats_left: int
    is_driver: bool
    requests: list[SeatRequest]  # the driver's view: every request
    mine: SeatRequest | None


def ride_seats_for(*, post: Post, viewer) -> RideSeats | None:
    if post.kind != Post.Kind.COVOITURAGE:
        return None
    requests = list(SeatRequest.objects.filter(post=post).select_related("passenger"))
    accepted = sum(1 for r in requests if r.status == SeatRequest.Status.ACCEPTED)
    viewer_id = getattr(viewer, "pk", None)
    is_driver = viewer_id is not None and post.author_id == viewer_id
    return RideSeats(
        seats_left=max((post.ride_seats or 0) - accepted, 0),
        is_driver=is_driver,
        requests=requests if is_driver else [],
        mine=next((r for r in requests if r.passenger_id == viewer_id), None),
    )


def get_seat_request_for(*, post: Post, seat_id) -> SeatRequest:
    seat = (
        SeatRequest.objects.filter(pk=parse_id(seat_id) or 0, post=post)
        .select_related("passenger", "post")
        .first()
    )
    if seat is None:
        raise Http404("No such seat request.")
    return seat


def upcoming_resident_events(*, viewer, since=None, limit: int = 50) -> list[Post]:
    """Residents' events (posts of kind "evenement") not started yet, soonest
    first, for the town's agenda: published and live only; visitors see the
    public ones."""
    posts = live_posts().filter(
        kind=Post.Kind.EVENEMENT, event_starts_at__gte=since or timezone.now()
    )
    if not _is_member(viewer):
        posts = posts.filter(is_public=True)
    return list(
        posts.only("id", "title", "event_starts_at", "event_place", "is_public").order_by(
            "event_starts_at", "id"
        )[:limit]
    )

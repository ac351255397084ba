"""The shapes of api/routers/posts.py: what its operations read and answer."""

from datetime import datetime
from typing import Literal

from ninja import Schema
from pydantic import Field

from api.pagination import DEFAULT_LIMIT
from api.schemas import EventMoment
from discussions import selectors
from discussions.models import Post, Reaction, Report

Kind = Literal[tuple(Post.Kind.values)]  # type: ignore[valid-type]

ReactionKind = Literal[tuple(Reaction.Kind.values)]  # type: ignore[valid-type]

ReportReason = Literal[tuple(Report.Reason.values)]  # type: ignore[valid-type]


class CategoryRef(Schema):
    id: int
    slug: str
    name: str


class PostOut(Schema):
    id: int
    kind: str
    title: str
    author: str = Field(..., description="“Prénom N.”, or “Transmis par la mairie”.")
    author_id: int | None
    on_behalf: bool
    status: str
    is_pinned: bool
    is_public: bool
    quartier_id: int | None
    categories: list[CategoryRef]
    tags: list[str]
    created_at: datetime
    expires_at: datetime | None
    event_starts_at: datetime | None
    event_place: str
    ride_from: str
    ride_to: str
    ride_departs_at: datetime | None
    ride_seats: int | None
    comment_count: int
    thanks_count: int
    interested_count: int
    url: str

    @staticmethod
    def resolve_author(obj):
        return obj.author_label

    @staticmethod
    def resolve_author_id(obj):
        return obj.public_author_id

    @staticmethod
    def resolve_tags(obj):
        return sorted(tag.name for tag in obj.tags.all())

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class PostDetailOut(PostOut):
    body: str
    body_html: str = Field(..., description="The body rendered from Markdown, sanitised.")
    my_reactions: list[str]
    renewals_used: int
    edited_at: datetime | None = Field(..., description="When its author last edited it.")


class FeedFilters(Schema):
    kind: Kind | None = None
    category: str = Field("", max_length=80, description="A category slug.")
    quartier: int | None = None
    near_me: bool = Field(False, description="Within about 1 km of my blurred position.")
    cursor: str | None = Field(None, max_length=200)
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=selectors.MAX_PAGE_SIZE)


class PostIn(Schema):
    kind: Kind
    title: str = Field(..., min_length=1, max_length=200)
    body: str = Field("", max_length=10000)
    categories: list[str] = Field([], max_length=10, description="Category slugs or ids.")
    tags: list[str] = Field([], max_length=10)
    is_public: bool | None = None
    on_behalf: bool = Field(False, description="Mediators: on behalf of someone offline.")
    event_starts_at: EventMoment | None = None
    event_place: str | None = Field(None, max_length=200)
    ride_from: str | None = Field(None, max_length=120)
    ride_to: str | None = Field(None, max_length=120)
    ride_departs_at: EventMoment | None = None
    ride_seats: int | None = Field(None, ge=1, le=50)


class PostPatch(Schema):
    """The fields of PostIn, all optional: only those sent change. `kind` must
    stay the post's own; `null` empties a field."""

    kind: Kind | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    body: str | None = Field(None, max_length=10000)
    categories: list[str] | None = Field(None, max_length=10, description="Replace them all.")
    tags: list[str] | None = Field(None, max_length=10, description="Replace them all.")
    is_public: bool | None = None
    on_behalf: bool | None = Field(None, description="Mediators: on behalf of someone offline.")
    event_starts_at: EventMoment | None = None
    event_place: str | None = Field(None, max_length=200)
    ride_from: str | None = Field(None, max_length=120)
    ride_to: str | None = Field(None, max_length=120)
    ride_departs_at: EventMoment | None = None
    ride_seats: int | None = Field(None, ge=1, le=50)


class ReplyOut(Schema):
    id: int
    post_id: int
    parent_id: int | None
    author: str
    author_id: int | None
    body: str
    created_at: datetime

    @staticmethod
    def resolve_author(obj):
        return obj.author_label


class CommentOut(ReplyOut):
    replies: list[ReplyOut] = []

    @staticmethod
    def resolve_replies(obj):
        if obj.parent_id is not None:
            return []
        return list(obj.replies.all())  # prefetched by comments_of


class CommentIn(Schema):
    body: str = Field(..., min_length=1, max_length=5000)
    parent_id: int | None = None


class ReactionIn(Schema):
    kind: ReactionKind


class ReactionOut(Schema):
    kind: str
    active: bool


class ReportIn(Schema):
    reason: ReportReason
    details: str = Field("", max_length=500)


class ReportOut(Schema):
    id: int
    reason: str


class ConversationRef(Schema):
    id: int


class HelpOfferIn(Schema):
    message: str = Field("", max_length=1000)


class HelpOfferOut(Schema):
    id: int
    post_id: int
    conversation_id: int | None


class CloseIn(Schema):
    helper_ids: list[int] = Field(default_factory=list, max_length=20)
    nobody: bool = False


class CloseOut(Schema):
    id: int
    closed_at: datetime
    closed_outcome: str
    helper_ids: list[int]


class HelpReviewIn(Schema):
    subject_id: int
    rating: int | None = Field(None, ge=1, le=5)
    comment: str = Field("", max_length=1000)


class HelpReviewOut(Schema):
    id: int
    post_id: int
    author_id: int | None
    subject_id: int
    rating: int | None
    comment: str
    reply: str = Field("", description="The reviewed neighbour's answer (once).")
    status: str = Field("visible", description="visible or hidden (by the moderators).")


class ReviewReplyIn(Schema):
    reply: str = Field(..., min_length=1, max_length=1000)


class ReviewModerationIn(Schema):
    action: Literal["hide", "restore"]
    reason: str = Field("", max_length=500)


class SearchFilters(Schema):
    q: str = Field(..., min_length=1, max_length=200)

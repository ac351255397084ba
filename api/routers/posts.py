"""The feed: posts, comments, reactions, reports (discussions' services and selectors)."""

from ninja import Query, Router

from api.pagination import DEFAULT_LIMIT, Page, decode_cursor, encode_cursor, paginate
from api.permissions import require_can_post
from api.schemas import responses
from api.schemas.posts import (
    CloseIn,
    CloseOut,
    CommentIn,
    CommentOut,
    FeedFilters,
    HelpOfferIn,
    HelpOfferOut,
    HelpReviewIn,
    HelpReviewOut,
    PostDetailOut,
    PostIn,
    PostOut,
    PostPatch,
    ReactionIn,
    ReactionOut,
    ReportIn,
    ReportOut,
    ReviewModerationIn,
    ReviewReplyIn,
    SearchFilters,
)
from discussions import selectors, services
from discussions.services import help as help_services
from discussions.services.posts import KIND_FIELDS
from socle.ratelimits import enforce_rate_limit

router = Router(tags=["posts"])


def _detail(request, post):
    post.my_reactions = sorted(selectors.reactions_of(post=post, viewer=request.user))
    return post


@router.get("/posts", response=responses(Page[PostOut]), summary="The feed, newest first")
def list_posts(request, filters: Query[FeedFilters]):
    """Pinned posts head the first page. The feed's filters: kind, category,
    quartier, near me."""
    page = selectors.feed_page(
        viewer=request.user,
        kind=filters.kind or "",
        category=filters.category,
        quartier=filters.quartier,
        near_me=filters.near_me,
        before=decode_cursor(filters.cursor) if filters.cursor else None,
        size=filters.limit,
    )
    next_cursor = encode_cursor(page.next_cursor) if page.next_cursor else None
    return {"items": page.pinned + page.posts, "next_cursor": next_cursor}


@router.get("/posts/search", response=responses(list[PostOut]), summary="Full-text search")
def search(request, filters: Query[SearchFilters]):
    return selectors.search_posts(viewer=request.user, query=filters.q)


@router.get("/posts/mine", response=responses(Page[PostOut]), summary="My own posts")
def mine(request, cursor: str | None = None, limit: int = DEFAULT_LIMIT):
    limit = max(1, min(limit, selectors.MAX_PAGE_SIZE))
    return paginate(selectors.my_posts(viewer=request.user), cursor=cursor, limit=limit)


@router.post("/posts", response=responses(PostDetailOut, 201), summary="Publish a post")
def create_post(request, payload: PostIn):
    require_can_post(request.user)
    data = payload.dict()
    # The kind's own fields (event, ride…), as the service names them; photos
    # go through the site's form.
    kind_fields = {
        name: data[name]
        for name in sorted(KIND_FIELDS - {"photo", "on_behalf"})
        if data.get(name) is not None
    }
    if data["on_behalf"]:
        kind_fields["on_behalf"] = True
    post = services.publish_post(
        author=request.user,
        kind=data["kind"],
        title=data["title"],
        body=data["body"],
        categories=data["categories"],
        tags=data["tags"],
        **kind_fields,
    )
    return 201, _detail(request, selectors.get_post_for(viewer=request.user, post_id=post.pk))


@router.get("/posts/{int:post_id}", response=responses(PostDetailOut), summary="One post")
def get_post(request, post_id: int):
    return _detail(request, selectors.get_post_for(viewer=request.user, post_id=post_id))


@router.patch("/posts/{int:post_id}", response=responses(PostDetailOut), summary="Edit my post")
def edit_post(request, post_id: int, payload: PostPatch):
    """Validated and moderated like a new post: a held word or a priori moderation
    sends a published post back to the moderators (`status` is then `pending`)."""
    require_can_post(request.user)
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    sent = payload.dict(exclude_unset=True)
    for name in ("kind", "is_public", "on_behalf"):
        if sent.get(name, False) is None:
            del sent[name]  # null: unchanged
    services.edit_post(post=post, by=request.user, **sent)
    return _detail(request, selectors.get_post_for(viewer=request.user, post_id=post_id))


@router.delete("/posts/{int:post_id}", response=responses(None, 204), summary="Delete my post")
def delete_post(request, post_id: int):
    """It leaves the feed, search and the Atom feed at once; the moderators keep a trace."""
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    services.delete_post(post=post, by=request.user)
    return 204, None


@router.post(
    "/posts/{int:post_id}/renew", response=responses(PostDetailOut), summary="Renew a listing"
)
def renew(request, post_id: int):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    services.renew_post(post=post, by=request.user)
    return _detail(request, selectors.get_post_for(viewer=request.user, post_id=post_id))


@router.get(
    "/posts/{int:post_id}/comments",
    response=responses(list[CommentOut]),
    summary="Comments, oldest first, with their replies",
)
def comments(request, post_id: int):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    return selectors.comments_of(post=post, viewer=request.user)


@router.post(
    "/posts/{int:post_id}/comments", response=responses(CommentOut, 201), summary="Comment"
)
def comment(request, post_id: int, payload: CommentIn):
    require_can_post(request.user)
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    parent = None
    if payload.parent_id is not None:
        parent = selectors.get_comment_for(viewer=request.user, comment_id=payload.parent_id)
    created = services.add_comment(post=post, author=request.user, body=payload.body, parent=parent)
    return 201, created


@router.post(
    "/posts/{int:post_id}/reactions",
    response=responses(ReactionOut),
    summary="Add a reaction, or take it back",
)
def react(request, post_id: int, payload: ReactionIn):
    require_can_post(request.user)
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    active = services.toggle_reaction(post=post, resident=request.user, kind=payload.kind)
    return {"kind": payload.kind, "active": active}


@router.post("/posts/{int:post_id}/report", response=responses(ReportOut, 201), summary="Report")
def report_post(request, post_id: int, payload: ReportIn):
    return _report(
        request, payload, post=selectors.get_post_for(viewer=request.user, post_id=post_id)
    )


def _report(request, payload: ReportIn, **target):
    """One report of a post, a comment or a review (the same rate limit and service)."""
    enforce_rate_limit(request, "report")
    report = services.report_content(
        reporter=request.user, reason=payload.reason, details=payload.details, **target
    )
    return 201, report


@router.post(
    "/comments/{int:comment_id}/report", response=responses(ReportOut, 201), summary="Report"
)
def report_comment(request, comment_id: int, payload: ReportIn):
    comment = selectors.get_comment_for(viewer=request.user, comment_id=comment_id)
    return _report(request, payload, comment=comment)


@router.post(
    "/posts/{int:post_id}/help",
    response=responses(HelpOfferOut, 201),
    summary="“I can help” on a request: listed to its author, a conversation when they accept messages",
)
def help_with(request, post_id: int, payload: HelpOfferIn | None = None):
    require_can_post(request.user)
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    message = payload.message if payload is not None else ""
    return 201, help_services.offer_help(post=post, helper=request.user, message=message)


@router.post(
    "/posts/{int:post_id}/close",
    response=responses(CloseOut),
    summary="“C'est réglé”: close an offer or request, naming who helped (or nobody)",
)
def close(request, post_id: int, payload: CloseIn):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    post = help_services.close_request(
        post=post, by=request.user, helper_ids=payload.helper_ids, nobody=payload.nobody
    )
    post.helper_ids = sorted(post.helpers.values_list("resident_id", flat=True))
    return post


@router.post(
    "/posts/{int:post_id}/reviews",
    response=responses(HelpReviewOut, 201),
    summary="Thank (and optionally rate 1–5) a neighbour who took part in a closed request",
)
def review(request, post_id: int, payload: HelpReviewIn):
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    subject = selectors.get_neighbour(viewer=request.user, resident_id=payload.subject_id)
    return 201, help_services.leave_help_review(
        post=post,
        author=request.user,
        subject=subject,
        rating=payload.rating,
        comment=payload.comment,
    )


@router.post(
    "/reviews/{int:review_id}/reply",
    response=responses(HelpReviewOut),
    summary="Answer a review received (once)",
)
def reply_to_review(request, review_id: int, payload: ReviewReplyIn):
    review = selectors.get_review_for(viewer=request.user, review_id=review_id)
    return help_services.reply_to_review(review=review, by=request.user, body=payload.reply)


@router.post(
    "/reviews/{int:review_id}/moderate",
    response=responses(HelpReviewOut),
    summary="Hide or show again a review (ambassadors; logged)",
)
def moderate_review(request, review_id: int, payload: ReviewModerationIn):
    review = selectors.get_review_for(viewer=request.user, review_id=review_id)
    return help_services.hide_review(
        review=review, by=request.user, reason=payload.reason, hidden=payload.action == "hide"
    )


@router.post(
    "/reviews/{int:review_id}/report", response=responses(ReportOut, 201), summary="Report a review"
)
def report_review(request, review_id: int, payload: ReportIn):
    review = selectors.get_review_for(viewer=request.user, review_id=review_id)
    return _report(request, payload, review=review)

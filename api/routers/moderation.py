"""Ambassadors' moderation queue (discussions' services and selectors)."""

from ninja import Router

from api.permissions import require_role
from api.schemas import CountOut, responses
from api.schemas.moderation import (
    CommentActionIn,
    OutcomeOut,
    PostActionIn,
    QueueOut,
)
from discussions import selectors
from discussions.services import moderation as services
from voisinages import roles

router = Router(tags=["moderation"])


@router.get("/moderation/queue", response=responses(QueueOut), summary="What waits for a decision")
def queue(request):
    require_role(request.user, roles.AMBASSADOR)
    return selectors.moderation_queue()


@router.get("/moderation/count", response=responses(CountOut), summary="How many items wait")
def count(request):
    require_role(request.user, roles.AMBASSADOR)
    return {"count": selectors.moderation_count()}


@router.post(
    "/moderation/posts/{int:post_id}", response=responses(OutcomeOut), summary="Moderate a post"
)
def moderate_post(request, post_id: int, payload: PostActionIn):
    require_role(request.user, roles.AMBASSADOR)
    post = selectors.get_post_for(viewer=request.user, post_id=post_id)
    post = services.moderate_post(
        post=post, action=payload.action, by=request.user, reason=payload.reason
    )
    return {"id": post_id, "action": payload.action, "status": post.status}


@router.post(
    "/moderation/comments/{int:comment_id}",
    response=responses(OutcomeOut),
    summary="Moderate a comment",
)
def moderate_comment(request, comment_id: int, payload: CommentActionIn):
    require_role(request.user, roles.AMBASSADOR)
    comment = selectors.get_comment_for(viewer=request.user, comment_id=comment_id)
    status = "deleted" if payload.action == "delete" else ""
    comment = services.moderate_comment(
        comment=comment, action=payload.action, by=request.user, reason=payload.reason
    )
    return {"id": comment_id, "action": payload.action, "status": status or comment.status}

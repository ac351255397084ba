"""Data rights (voisinages collects these): export and forget a resident's feed data."""

from django.db import transaction
from django.db.models import Q

from discussions.models import (
    Block,
    Comment,
    Conversation,
    HelpOffer,
    HelpReview,
    Message,
    OfferedService,
    Post,
    PostHelper,
    Reaction,
    Report,
    SeatRequest,
)
from discussions.services.counters import recount_posts


def export_for(resident) -> dict:
    """Everything of the feed that belongs to the resident, JSON-serialisable."""
    conversations = Conversation.objects.filter(Q(first=resident) | Q(second=resident))
    return {
        "posts": [
            {
                "id": p.pk,
                "kind": p.kind,
                "title": p.title,
                "body": p.body,
                "status": p.status,
                "created_at": p.created_at.isoformat(),
                "expires_at": p.expires_at.isoformat() if p.expires_at else None,
                "categories": [c.name for c in p.categories.all()],
                "tags": list(p.tags.names()),
            }
            for p in Post.objects.filter(author=resident).prefetch_related("categories", "tags")
        ],
        "comments": [
            {"post_id": c.post_id, "body": c.body, "created_at": c.created_at.isoformat()}
            for c in Comment.objects.filter(author=resident)
        ],
        "reactions": list(Reaction.objects.filter(resident=resident).values("post_id", "kind")),
        "reports": [
            {
                "post_id": r.post_id,
                "comment_id": r.comment_id,
                "review_id": r.review_id,
                "reason": r.reason,
                "details": r.details,
            }  # fmt: skip
            for r in Report.objects.filter(reporter=resident)
        ],
        "messages": [
            {
                "conversation_id": m.conversation_id,
                "mine": m.sender_id == resident.pk,
                "body": m.body,
                "created_at": m.created_at.isoformat(),
            }
            for m in Message.objects.filter(conversation__in=conversations).order_by("id")
            if m.sender_id == resident.pk
        ],
        "blocked": list(
            Block.objects.filter(blocker=resident).values_list("blocked_id", flat=True)
        ),
        "offered_services": [
            {
                "category": s.category.name,
                "rate": s.rate,
                "availability": s.availability,
                "created_at": s.created_at.isoformat(),
            }  # fmt: skip
            for s in OfferedService.objects.filter(resident=resident).select_related("category")
        ],
        "seat_requests": [
            {"post_id": r.post_id, "status": r.status, "created_at": r.created_at.isoformat()}
            for r in SeatRequest.objects.filter(passenger=resident)
        ],
        "help_offers": [
            {"post_id": o.post_id, "message": o.message, "created_at": o.created_at.isoformat()}
            for o in HelpOffer.objects.filter(helper=resident)
        ],
        "helped_on": list(
            PostHelper.objects.filter(resident=resident).values_list("post_id", flat=True)
        ),
        "help_reviews_written": [_review(r) for r in HelpReview.objects.filter(author=resident)],
        "help_reviews_received": [_review(r) for r in HelpReview.objects.filter(subject=resident)],
    }


def _review(review) -> dict:
    return {
        "post_id": review.post_id,
        "rating": review.rating,
        "comment": review.comment,
        "reply": review.reply,
        "created_at": review.created_at.isoformat(),
    }


@transaction.atomic
def forget(resident) -> None:
    """Before the account is deleted: posts, comments and messages others may
    need stay, signed "Ancien voisin" (author set to null); the rest goes."""
    Post.objects.filter(author=resident).update(author=None)
    Comment.objects.filter(author=resident).update(author=None)
    Message.objects.filter(sender=resident).update(sender=None)
    reacted = list(Reaction.objects.filter(resident=resident).values_list("post_id", flat=True))
    Reaction.objects.filter(resident=resident).delete()
    recount_posts(set(reacted))
    Report.objects.filter(reporter=resident).update(reporter=None)
    Block.objects.filter(Q(blocker=resident) | Q(blocked=resident)).delete()
    OfferedService.objects.filter(resident=resident).delete()
    SeatRequest.objects.filter(passenger=resident).delete()
    # Offers and "helped by" rows go with the account (cascade); reviews they
    # wrote stay for whom they thank, signed "Ancien voisin".
    HelpOffer.objects.filter(helper=resident).delete()
    HelpReview.objects.filter(author=resident).update(author=None)

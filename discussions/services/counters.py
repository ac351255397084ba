"""The counters every post card shows (visible comments, thanks, interested).

They live on Post so that the feed reads three columns instead of counting
rows per card. Every service that adds, hides, restores or deletes a comment or
a reaction moves them here, in its own transaction; `recount_posts` rebuilds
them from the rows (bulk changes, repairs)."""

from django.db import transaction
from django.db.models import Count, F, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest

from discussions.models import Comment, Post, Reaction

REACTION_COUNTERS = {
    Reaction.Kind.MERCI: "thanks_count",
    Reaction.Kind.INTERESSE: "interested_count",
}


def move_counts(post_id: int, **deltas: int) -> None:
    """Add `deltas` to the post's counters (`comment_count=-1`…) in one UPDATE;
    concurrent changes add up, a counter never goes below zero."""
    changes = {name: Greatest(F(name) + delta, 0) for name, delta in deltas.items() if delta}
    if changes:
        Post.objects.filter(pk=post_id).update(**changes)


def move_reaction_count(post_id: int, kind: str, delta: int) -> None:
    move_counts(post_id, **{REACTION_COUNTERS[kind]: delta})


def _count_of(model, **filters):
    rows = (
        model.objects.filter(post=OuterRef("pk"), **filters)
        .order_by()
        .values("post")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


@transaction.atomic
def recount_posts(post_ids=None) -> int:
    """Rebuild the counters of these posts (all when None) from the rows; the
    posts are locked first so that a comment or reaction committed meanwhile is
    counted. Returns the number of posts updated."""
    posts = Post.objects.all() if post_ids is None else Post.objects.filter(pk__in=post_ids)
    list(posts.select_for_update().values_list("pk", flat=True))
    return posts.update(
        comment_count=_count_of(Comment, status=Comment.Status.VISIBLE),
        thanks_count=_count_of(Reaction, kind=Reaction.Kind.MERCI),
        interested_count=_count_of(Reaction, kind=Reaction.Kind.INTERESSE),
    )

"""What help given brings to a profile's reputation (voisinages.reputation)."""

from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils.translation import ngettext

from discussions.models import HelpReview, PostHelper
from voisinages.models import name_or_former
from voisinages.reputation import ReviewLine, Totals


def helped_figure(resident) -> str | None:
    """ "a aidé N voisins": the distinct authors of the requests they helped with."""
    helped = (
        PostHelper.objects.filter(resident=resident, post__author__isnull=False)
        .values("post__author")
        .distinct()
        .count()
    )
    if not helped:
        return None
    return ngettext("has helped %(count)d neighbour", "has helped %(count)d neighbours", helped) % {
        "count": helped
    }


def help_totals(resident) -> Totals:
    row = HelpReview.objects.filter(subject=resident, status=HelpReview.Status.VISIBLE).aggregate(
        count=Count("id"),
        rated=Count("id", filter=Q(rating__isnull=False)),
        rating_sum=Sum("rating"),
    )
    return Totals(count=row["count"], rated=row["rated"], rating_sum=row["rating_sum"] or 0)


def help_reviews(resident):
    """The reviews received, newest first (voisinages.reputation pages them)."""
    return (
        HelpReview.objects.filter(subject=resident, status=HelpReview.Status.VISIBLE)
        .select_related("author", "post")
        .only(
            "id", "created_at", "rating", "comment", "reply", "replied_at", "author_id",
            "author__first_name", "author__last_name", "post__id", "post__title",
        )
        .order_by("-created_at", "-id")
    )  # fmt: skip


def help_line(r) -> ReviewLine:
    return ReviewLine(
        id=f"help-{r.pk}",
        pk=r.pk,
        app="discussions",
        created_at=r.created_at,
        rating=r.rating,
        comment=r.comment,
        author_name=name_or_former(r.author),
        author_id=r.author_id,
        context_title=r.post.title,
        context_url=reverse("post", args=[r.post_id]),
        reply=r.reply,
        replyable=r.replied_at is None,
    )

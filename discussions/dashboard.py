"""The feed's figures of the ambassadors' dashboard (registered in contributions.py)."""

from django.db.models import Exists, OuterRef

from discussions.models import Comment, Post, Report


def _posts():
    return Post.objects.exclude(status=Post.Status.DELETED)


def new_posts(*, starts, bounds, monthly_counts) -> list[int]:
    return monthly_counts(_posts(), "created_at", starts)


def answered_requests(*, starts, bounds, monthly_counts) -> list[int]:
    """Requests (demandes) that got an answer from someone else, by the month posted."""
    answered = (
        _posts()
        .filter(kind=Post.Kind.DEMANDE)
        .filter(
            Exists(
                Comment.objects.filter(post=OuterRef("pk"), status=Comment.Status.VISIBLE).exclude(
                    author=OuterRef("author")
                )
            )
        )
    )
    return monthly_counts(answered, "created_at", starts)


def reports_handled(*, starts, bounds, monthly_counts) -> list[int]:
    reports = Report.objects.filter(resolved_at__isnull=False)
    return monthly_counts(reports, "resolved_at", starts)

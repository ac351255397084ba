"""The feed's figures of the ambassadors' dashboard (registered in contributions.py)."""

import statistics
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone

from discussions.models import Comment, Post, Report
from discussions.selectors import answers_by_others


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


HELPED_WITHIN = timedelta(days=7)


def first_answers():
    """Requests (demandes) with the moment of their first answer by someone else:
    an offer of help or a visible comment, whichever came first (None: unanswered)."""
    offers, comments = answers_by_others()
    return (
        _posts()
        .filter(kind=Post.Kind.DEMANDE, is_guest=False)
        .annotate(
            first_offer=Subquery(offers.order_by("created_at").values("created_at")[:1]),
            first_comment=Subquery(comments.order_by("created_at").values("created_at")[:1]),
        )
    )


@dataclass(frozen=True)
class HelpMonth:
    """One month of the help loop, by the month a request was posted. Figures
    resting on fewer than `small` requests are None (shown "< 5")."""

    label: str
    requests: int
    helped_share: int | None  # % closed with a neighbour's help within 7 days
    median_first_answer_hours: float | None


def help_loop_months(
    *, starts: list[date], labels: list[str], since: datetime, until: datetime, small: int
) -> list[HelpMonth]:
    """The share of requests closed with a helper within 7 days, and the median
    time to a first answer, per month of `starts` (first days; requests posted
    between `since` and `until`), in one query for all the months."""
    rows = (
        first_answers()
        .filter(created_at__gte=since, created_at__lt=until)
        .values_list("created_at", "closed_at", "closed_outcome", "first_offer", "first_comment")
    )
    months = {begin: [] for begin in starts}
    for created_at, closed_at, outcome, first_offer, first_comment in rows:
        day = timezone.localtime(created_at).date().replace(day=1)
        if day in months:
            months[day].append((created_at, closed_at, outcome, first_offer, first_comment))
    result = []
    for begin, label in zip(starts, labels, strict=True):
        posted = months[begin]
        helped = sum(
            1
            for created_at, closed_at, outcome, _o, _c in posted
            if outcome == "helped" and closed_at and closed_at - created_at <= HELPED_WITHIN
        )
        waits = [
            (min(a for a in (offer, comment) if a) - created_at).total_seconds() / 3600
            for created_at, _closed, _outcome, offer, comment in posted
            if offer or comment
        ]
        result.append(
            HelpMonth(
                label=label,
                requests=len(posted),
                helped_share=round(100 * helped / len(posted)) if len(posted) >= small else None,
                median_first_answer_hours=(
                    round(statistics.median(waits), 1) if len(waits) >= small else None
                ),
            )
        )
    return result

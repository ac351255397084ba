"""Figures of the ambassadors' dashboard (/gestion/tableau-de-bord/), read in the
active commune's schema. Per-quartier counts under SMALL_COUNT are hidden so
that nobody can be singled out."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

SMALL_COUNT = 5
MONTHS = 12
# Apps whose `<app>/dashboard.py` adds figures (see extra_series).
FIGURE_APPS = ("voisinages", "discussions", "objets", "jardins", "cms")


@dataclass
class Series:
    key: str
    title: str
    points: list[tuple[str, int]]
    cumulative: bool = False
    bars: list[dict] = field(default_factory=list)


def hide_small(value: int | None) -> int | None:
    """A count shown per quartier: None (displayed "< 5") when under SMALL_COUNT."""
    if value is None or value < SMALL_COUNT:
        return None
    return value


def month_starts(*, today: date | None = None, months: int = MONTHS) -> list[date]:
    today = today or timezone.localdate()
    year, month = today.year, today.month
    starts = []
    for _i in range(months):
        starts.append(date(year, month, 1))
        month -= 1
        if month == 0:
            year, month = year - 1, 12
    return list(reversed(starts))


def _aware(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def monthly_counts(queryset, field_name: str, starts: list[date]) -> list[int]:
    """How many rows of `queryset` have `field_name` in each month starting at `starts`."""
    bounds = [*starts, _next_month(starts[-1])]
    counts = []
    for begin, end in zip(bounds, bounds[1:], strict=False):
        counts.append(
            queryset.filter(
                **{f"{field_name}__gte": _aware(begin), f"{field_name}__lt": _aware(end)}
            ).count()
        )
    return counts


def _next_month(day: date) -> date:
    return date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _label(day: date) -> str:
    return f"{day.month:02d}/{day.year % 100:02d}"


def members_series(starts: list[date]) -> Series:
    from voisinages.models import Resident

    residents = Resident.objects.filter(is_active=True)
    before = residents.filter(date_joined__lt=_aware(starts[0])).count()
    total, points = before, []
    for day, joined in zip(starts, monthly_counts(residents, "date_joined", starts), strict=True):
        total += joined
        points.append((_label(day), total))
    return Series("members", _("Members"), points, cumulative=True)


def discussions_series(starts: list[date]) -> list[Series]:
    """New posts, requests (demandes) that got an answer from someone else, and
    reports resolved, per month."""
    from django.db.models import Exists, OuterRef

    from discussions.models import Comment, Post, Report

    posts = Post.objects.exclude(status=Post.Status.DELETED)
    answered = posts.filter(kind=Post.Kind.DEMANDE).filter(
        Exists(
            Comment.objects.filter(post=OuterRef("pk"), status=Comment.Status.VISIBLE).exclude(
                author=OuterRef("author")
            )
        )
    )
    reports = Report.objects.filter(resolved_at__isnull=False)
    labels = [_label(d) for d in starts]
    return [
        Series(
            "posts",
            _("New posts"),
            list(zip(labels, monthly_counts(posts, "created_at", starts), strict=True)),
        ),
        Series(
            "answered",
            _("Answered requests"),
            list(zip(labels, monthly_counts(answered, "created_at", starts), strict=True)),
        ),
        Series(
            "reports",
            _("Reports handled"),
            list(zip(labels, monthly_counts(reports, "resolved_at", starts), strict=True)),
        ),
    ]


def loans_series(starts: list[date]) -> list[Series]:
    """Loans agreed between neighbours, by the month they start."""
    from objets.models import Loan

    agreed = Loan.objects.filter(
        status__in=[
            Loan.Status.ACCEPTED,
            Loan.Status.ONGOING,
            Loan.Status.RETURNED,
            Loan.Status.COMPLETED,
        ]
    )
    bounds = [*starts, _next_month(starts[-1])]
    values = [
        agreed.filter(starts_on__gte=begin, starts_on__lt=end).count()
        for begin, end in zip(bounds, bounds[1:], strict=False)
    ]
    return [Series("loans", _("Loans"), list(zip(map(_label, starts), values, strict=True)))]


def extra_series(starts: list[date]) -> list[Series]:
    """Monthly figures of the other apps: an app may provide `<app>/dashboard.py`
    with `figures(*, starts, monthly_counts) -> list[(key, title, values)]`, one
    value per month of `starts` (new posts, answered requests, loans, garden
    occupancy, reports handled…)."""
    from importlib import import_module
    from importlib.util import find_spec

    series = []
    for app in FIGURE_APPS:
        try:
            if find_spec(f"{app}.dashboard") is None:
                continue
        except ModuleNotFoundError:
            continue
        module = import_module(f"{app}.dashboard")
        figures = getattr(module, "figures", None)
        if figures is None:
            continue
        for key, title, values in figures(starts=starts, monthly_counts=monthly_counts):
            series.append(
                Series(key, str(title), list(zip(map(_label, starts), values, strict=True)))
            )
    return series


def quartier_rows(*, since: date) -> list[dict]:
    """Members and posts of the last months per quartier, small counts hidden."""
    from discussions.models import Post
    from voisinages.models import Quartier, Resident

    posts = Post.objects.exclude(status=Post.Status.DELETED).filter(created_at__gte=_aware(since))
    post_counts = dict(
        posts.values_list("quartier").annotate(n=Count("pk")).values_list("quartier", "n")
    )
    rows = [
        {
            "name": q.name,
            "members": hide_small(q.members),
            "posts": hide_small(post_counts.get(q.pk, 0)),
        }
        for q in Quartier.objects.annotate(
            members=Count("residents", filter=_active_members())
        ).order_by("name")
    ]
    without = Resident.objects.filter(is_active=True, quartier__isnull=True).count()
    rows.append(
        {
            "name": _("No quartier given"),
            "members": hide_small(without),
            "posts": hide_small(post_counts.get(None, 0)),
        }
    )
    return rows


def _active_members():
    from django.db.models import Q

    return Q(residents__is_active=True)


def chart(series: Series, *, width: int = 600, height: int = 200) -> Series:
    """Lay the series out as SVG bars (coordinates computed here, drawn by the template)."""
    top = max((value for _label, value in series.points), default=0) or 1
    slot = width / max(len(series.points), 1)
    plot = height - 30
    series.bars = [
        {
            "x": round(i * slot + slot * 0.15, 1),
            "width": round(slot * 0.7, 1),
            "y": round(10 + plot - plot * value / top, 1),
            "height": round(plot * value / top, 1),
            "label": label,
            "value": value,
            "label_x": round(i * slot + slot / 2, 1),
        }
        for i, (label, value) in enumerate(series.points)
    ]
    return series


def dashboard(*, today: date | None = None) -> dict:
    starts = month_starts(today=today)
    series = [
        members_series(starts),
        *discussions_series(starts),
        *loans_series(starts),
        *extra_series(starts),
    ]
    return {
        "series": [chart(s) for s in series],
        "quartiers": quartier_rows(since=starts[0]),
        "small_count": SMALL_COUNT,
        "months": [_label(d) for d in starts],
    }

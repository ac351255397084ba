"""Figures of the ambassadors' dashboard (/gestion/tableau-de-bord/), read in the
active commune's schema. Per-quartier counts under SMALL_COUNT are hidden so
that nobody can be singled out."""

from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions.dashboard import help_loop_months
from discussions.models import Post
from socle import registry
from voisinages.models import Quartier, Resident

SMALL_COUNT = 5
MONTHS = 12


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
    counts = []
    for begin, end in month_bounds(starts):
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


def month_bounds(starts: list[date]) -> list[tuple[date, date]]:
    """(first day, first day of the next month) for each month of `starts`."""
    bounds = [*starts, _next_month(starts[-1])]
    return list(zip(bounds, bounds[1:], strict=False))


def registered_series(starts: list[date]) -> list[Series]:
    """The monthly figures the apps declare in their contributions.py
    (`registry.dashboard_figure`), one value per month of `starts`, in the order
    of INSTALLED_APPS: members, new posts, answered requests, reports handled,
    loans, garden occupancy… A figure that answers None is left out."""
    bounds = month_bounds(starts)
    series = []
    for figure in registry.figures():
        values = figure.compute(starts=starts, bounds=bounds, monthly_counts=monthly_counts)
        if values is None:
            continue
        points = list(zip(map(_label, starts), values, strict=True))
        series.append(Series(figure.key, str(figure.title), points, figure.cumulative))
    return series


def quartier_rows(*, since: date) -> list[dict]:
    """Members and posts of the last months per quartier, small counts hidden."""
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
    return {
        "series": [chart(s) for s in registered_series(starts)],
        "help_months": help_loop_months(
            starts=starts,
            labels=[_label(d) for d in starts],
            since=_aware(starts[0]),
            until=_aware(_next_month(starts[-1])),
            small=SMALL_COUNT,
        ),
        "quartiers": quartier_rows(since=starts[0]),
        "small_count": SMALL_COUNT,
        "months": [_label(d) for d in starts],
    }

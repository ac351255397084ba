"""A resident's reputation on their profile, from what the domain apps declare:
help given (discussions), objects lent (objets). Each app registers a source in
its contributions.py; the profile merges their reviews, newest first.

    reputation.source("objets", figure=lent_figure, totals=loan_totals,
                      reviews=loan_reviews, line=loan_line)

`reviews(resident)` is the queryset of the reviews received, newest first
(`-created_at`, `-id`); `line(row)` turns one of its rows into a ReviewLine. An
older page is found by its keys alone (created_at, id), then read from there:
its cost does not grow with its depth.
"""

import heapq
import itertools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured
from django.db.models import Q

AVERAGE_FROM = 3  # below that, the count alone (one bad review says little)
PAGE_SIZE = 10
MAX_PAGE = 1000


@dataclass(frozen=True)
class ReviewLine:
    """One review received, whatever its context (a request helped, a loan)."""

    id: str  # "<app>-<pk>": unique across sources
    pk: int
    app: str
    created_at: datetime
    rating: int | None
    comment: str
    author_name: str
    author_id: int | None
    context_title: str
    context_url: str
    reply: str = ""
    replyable: bool = False


@dataclass(frozen=True)
class Totals:
    count: int = 0
    rated: int = 0
    rating_sum: int = 0


@dataclass(frozen=True)
class Source:
    app: str
    figure: Callable  # (resident) -> str | None: "a aidé 3 voisins"
    totals: Callable  # (resident) -> Totals
    reviews: Callable  # (resident) -> QuerySet of the reviews received, newest first
    line: Callable  # (row) -> ReviewLine


_SOURCES: dict[str, Source] = {}


def source(
    app: str, *, figure: Callable, totals: Callable, reviews: Callable, line: Callable
) -> Source:
    if app in _SOURCES:
        raise ImproperlyConfigured(f"Reputation source {app!r} is registered twice.")
    _SOURCES[app] = Source(app, figure, totals, reviews, line)
    return _SOURCES[app]


@dataclass
class Reputation:
    figures: list[str] = field(default_factory=list)
    count: int = 0
    average: float | None = None
    reviews: list[ReviewLine] = field(default_factory=list)
    page: int = 1
    has_next: bool = False


def reputation_of(resident, *, page: int = 1, size: int = PAGE_SIZE) -> Reputation:
    """Figures, review count, the average from AVERAGE_FROM rated reviews on,
    and one page of the reviews received, newest first across sources."""
    page = max(1, min(page, MAX_PAGE))
    sources = list(_SOURCES.values())
    totals = [s.totals(resident) for s in sources]
    count = sum(t.count for t in totals)
    rated = sum(t.rated for t in totals)
    average = sum(t.rating_sum for t in totals) / rated if rated >= AVERAGE_FROM else None
    lines = _page_of_reviews(sources, resident, skip=(page - 1) * size, size=size)
    return Reputation(
        figures=[text for s in sources if (text := s.figure(resident))],
        count=count,
        average=round(average, 1) if average is not None else None,
        reviews=lines[:size],
        page=page,
        has_next=len(lines) > size,
    )


def _page_of_reviews(sources, resident, *, skip: int, size: int) -> list[ReviewLine]:
    """`size` + 1 reviews after the first `skip`, newest first across sources: the
    skipped ones are read as keys only, the page from the last of them on."""
    querysets = [(s, s.reviews(resident)) for s in sources]
    before = None
    if skip:
        keys = heapq.merge(
            *(qs.values_list("created_at", "pk")[:skip] for _, qs in querysets), reverse=True
        )
        passed = list(itertools.islice(keys, skip))
        if len(passed) < skip:
            return []
        before = passed[-1]
    return list(
        itertools.islice(
            heapq.merge(
                *(
                    [s.line(row) for row in _older_than(qs, before)[: size + 1]]
                    for s, qs in querysets
                ),
                key=lambda line: (line.created_at, line.pk),
                reverse=True,
            ),
            size + 1,
        )
    )


def _older_than(queryset, before):
    if before is None:
        return queryset
    created_at, pk = before
    return queryset.filter(Q(created_at__lt=created_at) | Q(created_at=created_at, pk__lt=pk))

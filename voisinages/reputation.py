"""A resident's reputation on their profile, from what the domain apps declare:
help given (discussions), objects lent (objets). Each app registers a source in
its contributions.py; the profile merges their reviews, newest first.

    reputation.source("objets", figure=lent_figure, totals=loan_totals, reviews=loan_reviews)
"""

import heapq
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured

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
    reviews: Callable  # (resident, limit) -> list[ReviewLine], newest first


_SOURCES: dict[str, Source] = {}


def source(app: str, *, figure: Callable, totals: Callable, reviews: Callable) -> Source:
    if app in _SOURCES:
        raise ImproperlyConfigured(f"Reputation source {app!r} is registered twice.")
    _SOURCES[app] = Source(app, figure, totals, reviews)
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
    wanted = page * size + 1
    merged = heapq.merge(
        *(s.reviews(resident, wanted) for s in sources),
        key=lambda line: (line.created_at, line.pk),
        reverse=True,
    )
    lines = list(merged)[(page - 1) * size : wanted]
    return Reputation(
        figures=[text for s in sources if (text := s.figure(resident))],
        count=count,
        average=round(average, 1) if average is not None else None,
        reviews=lines[:size],
        page=page,
        has_next=len(lines) > size,
    )

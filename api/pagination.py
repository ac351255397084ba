"""Cursor pagination: `?limit=20&cursor=…`, answers `{"items": [...], "next_cursor": "…"}`.
The cursor is the opaque position after the last item (keyset on the id), so
pages stay stable while new items arrive."""

import base64
from typing import Generic, TypeVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Schema

from socle.params import parse_int

T = TypeVar("T")
DEFAULT_LIMIT = 20
MAX_LIMIT = 100


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


def encode_cursor(value: int) -> str:
    return base64.urlsafe_b64encode(f"id:{value}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        text = base64.urlsafe_b64decode(padded.encode("ascii")).decode()
        prefix, _sep, value = text.partition(":")
        number = parse_int(value, minimum=0)
        if prefix != "id" or number is None:
            raise ValueError
        return number
    except (ValueError, UnicodeError) as error:
        raise ValidationError({"cursor": [_("This cursor is not valid.")]}) from error


def paginate(queryset, *, cursor: str | None, limit: int, ascending: bool = False) -> dict:
    """One page of `queryset` ordered by id (newest first unless `ascending`)."""
    if cursor:
        last = decode_cursor(cursor)
        queryset = queryset.filter(**{"pk__gt" if ascending else "pk__lt": last})
    queryset = queryset.order_by("pk" if ascending else "-pk")
    rows = list(queryset[: limit + 1])
    next_cursor = encode_cursor(rows[limit - 1].pk) if len(rows) > limit else None
    return {"items": rows[:limit], "next_cursor": next_cursor}

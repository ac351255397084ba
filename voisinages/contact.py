"""What a "Contacter <Prénom>" button can be about, beyond posts and profiles:
apps declare their kinds of subject (objets: "objet") in contributions.py; the
contact page (discussions) resolves them here without importing the app."""

from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from voisinages.models import Resident


@dataclass(frozen=True)
class Subject:
    """Whom to write to about what: the conversation quotes its title and links back."""

    recipient: Resident | None
    title: str
    url: str
    name: str  # how the recipient is named on the button


_KINDS: dict[str, Callable] = {}


def subject_kind(kind: str, resolve: Callable) -> None:
    """`resolve(*, viewer, object_id) -> Subject`, raising Http404 when the
    viewer may not see it."""
    if kind in _KINDS:
        raise ImproperlyConfigured(f"Contact subject {kind!r} is registered twice.")
    _KINDS[kind] = resolve


def resolve_subject(kind: str, *, viewer, object_id: int) -> Subject:
    if kind not in _KINDS:
        raise Http404
    return _KINDS[kind](viewer=viewer, object_id=object_id)

"""What an htmx request asks for, read the same way by every app.

A page answers a fragment only to the request htmx sends for one of its
regions (`HX-Target` names it); a history restore (the back button after the
cache was emptied) and a plain browser request get the whole page. Responses
that differ by `HX-Request` say so (`Vary`), so no cache hands a fragment to a
browser that asked for a page."""

from django.utils.cache import patch_vary_headers


def wants_fragment(request, target: str) -> bool:
    """True when htmx asks for the region whose id is `target`."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request and htmx.target == target


def is_htmx(request) -> bool:
    """True for an htmx request other than a history restore."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.history_restore_request


def varies_on_htmx(response):
    """`response`, marked as depending on the `HX-Request` header."""
    patch_vary_headers(response, ("HX-Request",))
    return response

"""Links and redirects: where a `next` may send someone, and absolute URLs
built from configured settings (never from the Host header's port)."""

from django.conf import settings
from django.shortcuts import resolve_url
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str = "/") -> str:
    """The `next` of the request (POST first, then GET) if it stays on this
    host, else `default` (a URL or a URL name). In production only https."""
    for candidate in (request.POST.get("next"), request.GET.get("next")):
        # A path or an absolute URL: a bare word would be taken for a URL name.
        if (
            candidate
            and candidate.startswith(("/", "http://", "https://"))
            and url_has_allowed_host_and_scheme(
                candidate,
                allowed_hosts={request.get_host()},
                require_https=request.is_secure(),
            )
        ):
            return candidate
    return resolve_url(default)


def site_netloc(host: str) -> str:
    """`host` with the configured port, unless it is the scheme's default."""
    port = settings.RESEAU_PORT
    return host if port in (80, 443) or not port else f"{host}:{port}"


def absolute_url(host: str, path: str = "/") -> str:
    """An absolute URL on `host` with RESEAU_URL_SCHEME and RESEAU_PORT."""
    return f"{settings.RESEAU_URL_SCHEME}://{site_netloc(host)}{path}"

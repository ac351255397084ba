"""The installable app of a commune: its web app manifest, its icons, the
service worker (served from the root so that its scope is the whole site) and
the French page it shows offline. A page works the same without them."""

import hashlib
import io
import json

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe
from PIL import Image, ImageDraw

ICON_SIZES = (192, 512)
# What the service worker keeps for offline use (with the offline page).
PRECACHED = (
    "reseau/reseau.css",
    "reseau/phone.css",
    "voisinages/voisinages.css",
    "discussions/discussions.css",
    "reseau/app.js",
    "reseau/live.js",
    "vendor/htmx/htmx.min.js",
)


def _commune(request):
    commune = getattr(request, "commune", None)
    if commune is None:
        raise Http404
    return commune


@require_safe
def manifest(request):
    commune = _commune(request)
    data = {
        "name": f"{commune.name} · Réseau",
        "short_name": commune.name[:12],
        "description": commune.tagline or commune.name,
        "lang": "fr",
        "dir": "ltr",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": commune.primary_colour,
        "background_color": "#f6f4ef",
        "icons": [
            {
                "src": reverse("app_icon", args=[size]),
                "sizes": f"{size}x{size}",
                "type": "image/png",
                "purpose": "any",
            }
            for size in ICON_SIZES
        ]
        + [
            {
                "src": reverse("app_icon", args=[512]),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            }
        ],
    }
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False), content_type="application/manifest+json"
    )
    patch_cache_control(response, public=True, max_age=3600)
    return response


def _icon_png(colour: str, size: int, logo=None) -> bytes:
    """A square of the commune's colour with its logo, or a white house."""
    image = Image.new("RGB", (size, size), colour)
    if logo is not None:
        logo.thumbnail((size * 6 // 10, size * 6 // 10))
        image.paste(logo, ((size - logo.width) // 2, (size - logo.height) // 2))
    else:
        draw = ImageDraw.Draw(image)
        unit = size / 10
        draw.polygon(
            [(5 * unit, 2.4 * unit), (8 * unit, 5 * unit), (2 * unit, 5 * unit)], fill="white"
        )
        draw.rectangle([(3 * unit, 5 * unit), (7 * unit, 7.8 * unit)], fill="white")
        draw.rectangle([(4.5 * unit, 6.2 * unit), (5.5 * unit, 7.8 * unit)], fill=colour)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def _logo(commune):
    if not commune.logo:
        return None
    try:
        with commune.logo.open("rb") as file, Image.open(file) as picture:
            return picture.convert("RGB")
    except (OSError, ValueError):
        return None


@require_safe
def icon(request, size: int):
    commune = _commune(request)
    if size not in ICON_SIZES:
        raise Http404
    response = HttpResponse(
        _icon_png(commune.primary_colour, size, _logo(commune)), content_type="image/png"
    )
    patch_cache_control(response, public=True, max_age=86400)
    return response


@require_safe
def service_worker(request):
    """The worker's script, from the root (its scope is the whole site); no
    inline code anywhere, so the policy needs no exception."""
    _commune(request)
    precached = json.dumps([reverse("offline"), *(static(path) for path in PRECACHED)])
    response = render(
        request,
        "reseau/sw.js",
        {
            "precached": precached,
            "offline": json.dumps(reverse("offline")),
            # A new static file (its hashed name) is a new cache.
            "version": hashlib.blake2b(precached.encode(), digest_size=6).hexdigest(),
        },
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    # A new version is picked up at once.
    patch_cache_control(response, no_cache=True, max_age=0)
    return response


@require_safe
def offline(request):
    return render(request, "reseau/offline.html")

"""Error pages (400, 403, 404, 500, CSRF) in French, in the commune's layout on
a commune's site and the platform's on the public site. Never Django's debug
pages, never a list of URL patterns."""

import logging
import sys

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from reseau.unavailable import service_unavailable
from socle.database import is_database_unavailable

logger = logging.getLogger(__name__)


def _reason(exception) -> str:
    """The French sentence a PermissionDenied carries, if it was given one."""
    args = getattr(exception, "args", ())
    return str(args[0]) if args and isinstance(args[0], str) else ""


def bad_request(request, exception=None):
    return render(request, "errors/400.html", status=400)


def permission_denied(request, exception=None):
    return render(request, "errors/403.html", {"reason": _reason(exception)}, status=403)


def page_not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    """In the commune's layout if the page can still be drawn; else the
    platform's layout without anything read from the request. PostgreSQL away
    (found late, e.g. saving the session): the 503 page, which reads nothing."""
    if is_database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    try:
        return render(request, "errors/500.html", status=500)
    except Exception:  # the error may have broken what the layout reads
        logger.exception("The 500 page could not use the commune's layout")
        return HttpResponseServerError(render_to_string("errors/500.html", {}))


def csrf_failure(request, reason=""):
    message = _(
        "This form had expired or was sent from another page. Reload the page and send it again."
    )
    return render(request, "errors/403.html", {"reason": message}, status=403)

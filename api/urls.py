"""Mounted at /api/v1/ (before Wagtail's catch-all)."""

from django.urls import path, re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from api.api import api
from api.errors import error_response


@csrf_exempt  # a JSON 404 for every method; it changes nothing
def not_found(request, rest=""):
    return error_response(404, "not_found", _("No API endpoint here."))


urlpatterns = [
    path("", api.urls),
    # [\s\S]: a path holding an encoded newline must not fall through to the site's HTML 404.
    re_path(r"^(?P<rest>[\s\S]*)$", not_found),
]

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
    re_path(r"^(?P<rest>.*)$", not_found),
]

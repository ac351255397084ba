"""URLs of the public platform site (public schema)."""

from django.urls import include, path

from reseau.views import commune_media

urlpatterns = [
    path("media/<path:path>", commune_media, name="media"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("tenants.urls_public")),
]

handler400 = "reseau.views_errors.bad_request"
handler403 = "reseau.views_errors.permission_denied"
handler404 = "reseau.views_errors.page_not_found"
handler500 = "reseau.views_errors.server_error"

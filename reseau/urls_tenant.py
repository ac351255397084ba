"""URLs of a commune's site (its own schema)."""

from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from reseau import views_app
from reseau.views import commune_media, serve_document

urlpatterns = [
    path("media/<path:path>", commune_media, name="media"),
    path("manifest.webmanifest", views_app.manifest, name="app_manifest"),
    path("icone-<int:size>.png", views_app.icon, name="app_icon"),
    path("sw.js", views_app.service_worker, name="service_worker"),
    path("hors-ligne/", views_app.offline, name="offline"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("voisinages.urls_accounts")),
    path("api/v1/", include("api.urls")),
    path("", include("api.urls_site")),
    path("", include("reseau.urls_live")),
    path("", include("voisinages.urls")),
    path("", include("discussions.urls")),
    path("", include("objets.urls")),
    path("", include("jardins.urls")),
    path("", include("cms.urls")),
    path("", include("tenants.urls_commune")),
    path("cms/", include(wagtailadmin_urls)),
    # Wagtail's document view, sandboxed (reseau/views.py), before its own URLs.
    re_path(r"^documents/(\d+)/(.*)$", serve_document, name="wagtaildocs_serve"),
    path("documents/", include(wagtaildocs_urls)),
]
# Wagtail serves the commune's pages (home, Ma ville, news…) last.
urlpatterns += [path("", include(wagtail_urls))]

handler400 = "reseau.views_errors.bad_request"
handler403 = "reseau.views_errors.permission_denied"
handler404 = "reseau.views_errors.page_not_found"
handler500 = "reseau.views_errors.server_error"

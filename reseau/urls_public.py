"""URLs of the public platform site (public schema)."""

from django.urls import include, path

from reseau.views import commune_media
from tenants import views

urlpatterns = [
    path("media/<path:path>", commune_media, name="media"),
    path("", views.landing, name="landing"),
    path("i18n/", include("django.conf.urls.i18n")),
]

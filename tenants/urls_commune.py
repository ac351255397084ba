"""A commune's own management pages for its ambassadors (/gestion/…).
/gestion/membres/ belongs to voisinages."""

from django.urls import path

from tenants import views_gestion

urlpatterns = [
    path("gestion/", views_gestion.settings_page, name="gestion_settings"),
    path("gestion/quartiers/nouveau/", views_gestion.quartier_save, name="gestion_quartier_new"),
    path("gestion/quartiers/<int:pk>/", views_gestion.quartier_save, name="gestion_quartier"),
    path(
        "gestion/quartiers/<int:pk>/suppression/",
        views_gestion.quartier_delete,
        name="gestion_quartier_delete",
    ),
    path("gestion/domaine/", views_gestion.domain_add, name="gestion_domain"),
    path("gestion/tableau-de-bord/", views_gestion.dashboard_page, name="gestion_dashboard"),
    path(
        "gestion/tableau-de-bord/export.csv",
        views_gestion.dashboard_csv,
        name="gestion_dashboard_csv",
    ),
]

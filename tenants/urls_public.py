from django.contrib.auth import views as auth_views
from django.urls import path

from tenants import views, views_entraide, views_platform

urlpatterns = [
    path("", views.landing, name="landing"),
    path("communes/suggestions/", views.suggestions, name="commune_suggestions"),
    path("communes/<str:insee_code>/", views.commune_page, name="commune_page"),
    path("interet/confirmer/<str:token>/", views.interest_confirm, name="interest_confirm"),
    path("entraide/", views_entraide.listings, name="entraide"),
    path("entraide/departement/<str:code>/", views_entraide.department, name="entraide_department"),
    path("entraide/proposer/", views_entraide.propose, name="entraide_propose"),
    path("entraide/confirmer/<str:token>/", views_entraide.confirm, name="entraide_confirm"),
    path("entraide/gerer/<str:token>/", views_entraide.manage, name="entraide_manage"),
    path("entraide/annonces/<str:pk>/", views_entraide.guest_detail, name="entraide_guest"),
    path("entraide/annonces/<str:pk>/signaler/", views_entraide.report, name="entraide_report"),
    path(
        "entraide/repondre/<str:slug>/<str:post_id>/",
        views_entraide.answer_in_commune,
        name="entraide_answer_in_commune",
    ),
    path("entraide/reponses/<str:token>/", views_entraide.reply_confirm, name="entraide_reply"),
    path("plateforme/entraide/", views_entraide.board_queue, name="platform_board"),
    path(
        "plateforme/entraide/<str:pk>/",
        views_entraide.board_moderate,
        name="platform_board_moderate",
    ),
    path("ouvrir/", views.onboarding_request, name="onboarding_request"),
    path("ouvrir/confirmer/<str:token>/", views.request_confirm, name="request_confirm"),
    path(
        "plateforme/connexion/", views_platform.PlatformLoginView.as_view(), name="platform_login"
    ),
    path(
        "plateforme/deconnexion/",
        auth_views.LogoutView.as_view(next_page="/"),
        name="platform_logout",
    ),
    path("plateforme/", views_platform.home, name="platform_home"),
    path("plateforme/demandes/<int:pk>/", views_platform.request_detail, name="platform_request"),
    path(
        "plateforme/communes/<slug:slug>/", views_platform.commune_detail, name="platform_commune"
    ),
    path(
        "plateforme/communes/<slug:slug>/suspension/",
        views_platform.commune_suspend,
        name="platform_suspend",
    ),
    path(
        "plateforme/communes/<slug:slug>/export/",
        views_platform.commune_export,
        name="platform_export_create",
    ),
    path(
        "plateforme/communes/<slug:slug>/export/<int:pk>/",
        views_platform.export_status,
        name="platform_export",
    ),
    path(
        "plateforme/communes/<slug:slug>/export/<int:pk>/archive/",
        views_platform.export_download,
        name="platform_export_download",
    ),
    path("plateforme/taches/", views_platform.failed_jobs, name="platform_jobs"),
    path("plateforme/restaurations/", views_platform.restore_create, name="platform_restores"),
    path(
        "plateforme/restaurations/<int:pk>/",
        views_platform.restore_status,
        name="platform_restore",
    ),
    path(
        "plateforme/taches/<str:job_id>/relancer/",
        views_platform.job_retry,
        name="platform_job_retry",
    ),
    path(
        "plateforme/communes/<slug:slug>/suppression/",
        views_platform.commune_delete,
        name="platform_delete",
    ),
]

from django.urls import path

from reseau import views_live

urlpatterns = [
    path("notifications/depuis/", views_live.inbox_since, name="live_inbox_since"),
    path(
        "notifications/desabonnement/<str:token>/",
        views_live.unsubscribe,
        name="live_unsubscribe",
    ),
]

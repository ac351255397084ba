from django.urls import path

from discussions import views

urlpatterns = [
    path("fil/", views.index, name="feed"),
]

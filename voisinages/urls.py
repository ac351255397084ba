from django.urls import path

from voisinages import views

urlpatterns = [
    path("voisins/", views.directory, name="directory"),
]

from django.urls import path

from objets import views

urlpatterns = [
    path("objets/", views.index, name="objects"),
]

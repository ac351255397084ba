from django.urls import path

from jardins import views

urlpatterns = [
    path("jardins/", views.index, name="gardens"),
]

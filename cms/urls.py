from django.urls import path

from cms import views

app_name = "cms"

urlpatterns = [
    path("pages/recherche/", views.search, name="search"),
    path("pages/evenement/<int:page_id>/agenda.ics", views.event_ical, name="event_ical"),
    path("pages/imprimer/", views.printables, name="printables"),
    path("pages/imprimer/affiche.pdf", views.poster_pdf, name="poster_pdf"),
    path("pages/imprimer/semaine.pdf", views.digest_pdf, name="digest_pdf"),
    path("pages/equipe/", views.team, name="team"),
    path("confidentiel/", views.confidential_list, name="confidential_list"),
    path("confidentiel/<int:pk>/", views.confidential_detail, name="confidential_detail"),
]

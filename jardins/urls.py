from django.urls import path

from jardins import views

G = "jardins/<int:garden_id>/"

urlpatterns = [
    path("jardins/", views.index, name="gardens"),
    path("jardins/nouveau/", views.garden_create, name="garden_create"),
    path(G, views.garden_detail, name="garden"),
    path(G + "modifier/", views.garden_edit, name="garden_edit"),
    path(G + "photos/", views.photo_add, name="garden_photo_add"),
    path(G + "photos/<int:photo_id>/supprimer/", views.photo_delete, name="garden_photo_delete"),
    path(G + "parcelles/nouvelle/", views.plot_add, name="garden_plot_add"),
    path(G + "parcelles/<int:plot_id>/", views.plot_edit, name="garden_plot_edit"),
    path(G + "parcelles/<int:plot_id>/attribuer/", views.plot_assign, name="garden_plot_assign"),
    path(G + "candidater/", views.apply, name="garden_apply"),
    path(G + "retirer/", views.withdraw, name="garden_withdraw"),
    path(G + "liste-d-attente/", views.waiting_list, name="garden_waiting_list"),
    path(
        G + "liste-d-attente/<int:application_id>/priorite/",
        views.set_priority,
        name="garden_priority",
    ),
    path(G + "renouvellement/", views.renewal_start, name="garden_renewal_start"),
    path(
        G + "renouvellement/<int:renewal_id>/",
        views.renewal_answer,
        name="garden_renewal_answer",
    ),
    path(G + "membres/<int:membership_id>/role/", views.coordinator, name="garden_coordinator"),
    path(G + "taches/", views.rota, name="garden_rota"),
    path(G + "taches/nouvelle/", views.task_add, name="garden_task_add"),
    path(G + "taches/<int:task_id>/creneau/", views.slot_add, name="garden_slot_add"),
    path(G + "creneaux/<int:slot_id>/inscription/", views.slot_signup, name="garden_slot_signup"),
    path(G + "creneaux/<int:slot_id>/liberer/", views.slot_leave, name="garden_slot_leave"),
    path(G + "creneaux/<int:slot_id>/echange/", views.swap_propose, name="garden_swap_propose"),
    path(G + "echanges/<int:swap_id>/", views.swap_answer, name="garden_swap_answer"),
    path(G + "recoltes/", views.harvest_add, name="garden_harvest_add"),
    path(
        G + "recoltes/<int:harvest_id>/supprimer/",
        views.harvest_delete,
        name="garden_harvest_delete",
    ),
    path(G + "evenements/", views.event_add, name="garden_event_add"),
    path(G + "agenda.ics", views.ical, name="garden_ical"),
    path(G + "discussion/", views.thread, name="garden_thread"),
]

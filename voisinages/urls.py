from django.urls import path

from voisinages import views, views_inbox, views_members

urlpatterns = [
    path("voisins/", views.directory, name="directory"),
    path("voisins/carte/", views.neighbour_map, name="neighbour_map"),
    path("voisins/moi/", views.edit_profile, name="edit_profile"),
    path("voisins/moi/inviter/", views.invite_neighbour, name="invite_neighbour"),
    path("voisins/moi/donnees/", views.my_data, name="my_data"),
    path("voisins/moi/donnees/archive.zip", views.my_data_archive, name="my_data_archive"),
    path("voisins/moi/donnees/supprimer/", views.delete_my_account, name="delete_account"),
    path("voisins/<int:resident_id>/", views.profile, name="profile"),
    path("competences/", views.skills, name="skills"),
    path("notifications/", views_inbox.inbox, name="notifications"),
    path("notifications/<int:notification_id>/lu/", views_inbox.read, name="notification_read"),
    path("notifications/tout-lu/", views_inbox.read_all, name="notifications_read_all"),
    path("notifications/preferences/", views_inbox.preferences, name="notification_preferences"),
    path("gestion/membres/", views_members.members, name="members"),
    path("gestion/membres/journal/", views_members.action_log, name="action_log"),
    path("gestion/membres/<int:member_id>/role/", views_members.member_role, name="member_role"),
    path(
        "gestion/membres/<int:member_id>/<str:action>/",
        views_members.member_action,
        name="member_action",
    ),
    path(
        "gestion/membres/invitations/nouvelle/",
        views_members.invitation_create,
        name="invitation_create",
    ),
    path(
        "gestion/membres/invitations/<int:invitation_id>/",
        views_members.invitation_detail,
        name="invitation_detail",
    ),
    path(
        "gestion/membres/invitations/<int:invitation_id>/qr.png",
        views_members.invitation_qr,
        name="invitation_qr",
    ),
    path(
        "gestion/membres/invitations/<int:invitation_id>/affiche.pdf",
        views_members.invitation_flyer,
        name="invitation_flyer",
    ),
]

from django.urls import path

from objets import views

urlpatterns = [
    path("objets/", views.item_list, name="objects"),
    path("objets/nouveau/", views.item_create, name="item_create"),
    path("objets/mes-prets/", views.my_loans, name="my_loans"),
    path("objets/mes-prets/calendrier/nouveau/", views.feed_reset, name="loan_feed_reset"),
    path("objets/calendrier/<str:token>.ics", views.loan_feed, name="loan_feed"),
    path("objets/categories/", views.category_list, name="object_categories"),
    path("objets/categories/<int:category_id>/", views.category_list, name="object_category"),
    path("objets/<int:item_id>/", views.item_detail, name="item"),
    path("objets/<int:item_id>/modifier/", views.item_edit, name="item_edit"),
    path("objets/<int:item_id>/emprunter/", views.loan_request, name="loan_request"),
    path("objets/<int:item_id>/indisponible/", views.blackout_add, name="blackout_add"),
    path(
        "objets/indisponible/<int:blackout_id>/supprimer/",
        views.blackout_delete,
        name="blackout_delete",
    ),
    path("objets/photos/<int:photo_id>/supprimer/", views.photo_delete, name="photo_delete"),
    path("objets/prets/<int:loan_id>/", views.loan_detail, name="loan"),
    path("objets/prets/<int:loan_id>/<slug:step>/", views.loan_step, name="loan_step"),
]

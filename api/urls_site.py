from django.urls import path

from api import views

urlpatterns = [
    path("voisins/moi/jetons/", views.tokens, name="api_tokens"),
    path("voisins/moi/jetons/<int:token_id>/revoquer/", views.revoke, name="api_token_revoke"),
]

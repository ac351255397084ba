from django.contrib.auth import views as auth_views
from django.urls import path

from voisinages import views_accounts

urlpatterns = [
    path("login/", views_accounts.ResidentLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views_accounts.signup, name="signup"),
]

from django.contrib.auth import views as auth_views
from django.urls import path

from voisinages import views_accounts

urlpatterns = [
    path("login/", views_accounts.ResidentLoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("signup/", views_accounts.signup, name="signup"),
    path("confirmer/<str:token>/", views_accounts.confirm, name="confirm_email"),
    path("confirmer-renvoyer/", views_accounts.resend_confirmation, name="resend_confirmation"),
    path(
        "password_reset/",
        views_accounts.ResidentPasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "password_reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]

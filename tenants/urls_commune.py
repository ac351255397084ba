"""A commune's own management pages for its ambassadors (/gestion/…)."""

from django.urls import path  # noqa: F401

urlpatterns: list = []

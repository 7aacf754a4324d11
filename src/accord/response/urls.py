"""URLs of the response pages (under ``/response/``); each subject adds its own block."""

from django.urls import path  # noqa: F401 — used by the subjects' blocks below

app_name = "response"
urlpatterns: list = []

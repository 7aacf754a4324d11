"""URLs of the response pages (under ``/response/``); each subject adds its own block."""

from django.urls import path

from accord.response import views_requests

app_name = "response"
urlpatterns: list = []

# Requests for assistance
urlpatterns += [
    path("response/", views_requests.request_list, name="request-list"),
    path("response/requests/new/", views_requests.request_create, name="request-create"),
    path("response/requests/<slug:key>/", views_requests.request_detail, name="request-detail"),
    path("response/requests/<slug:key>/steps/", views_requests.request_step, name="request-step"),
]

"""URLs of the forces pages (under ``/forces/``)."""

from django.urls import path

from accord.forces import views_operations

app_name = "forces"
urlpatterns: list = [
    path("forces/operations/", views_operations.operation_list, name="operation-list"),
    path("forces/operations/<slug:key>/", views_operations.operation_detail, name="operation-detail"),
    path("forces/operations/<slug:key>/results/new/", views_operations.result_create, name="result-create"),
]

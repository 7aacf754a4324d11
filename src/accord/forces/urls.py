"""URLs of the forces pages (under ``/forces/``)."""

from django.urls import path

from accord.forces import index, report_views, views_operations

app_name = "forces"
urlpatterns: list = [
    path("forces/", index.index, name="index"),
    path("forces/report/", report_views.report_page, name="report"),
    path("forces/report/<int:year>.<str:kind>", report_views.report_file, name="report-file"),
    path("forces/operations/", views_operations.operation_list, name="operation-list"),
    path("forces/operations/<slug:key>/", views_operations.operation_detail, name="operation-detail"),
    path("forces/operations/<slug:key>/results/new/", views_operations.result_create, name="result-create"),
]

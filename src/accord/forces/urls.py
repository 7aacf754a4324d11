"""URLs of the forces pages (under ``/forces/``)."""

from django.urls import path

from accord.forces import index, report_views

app_name = "forces"
urlpatterns: list = [
    path("forces/", index.index, name="index"),
    path("forces/report/", report_views.report_page, name="report"),
    path("forces/report/<int:year>.<str:kind>", report_views.report_file, name="report-file"),
]

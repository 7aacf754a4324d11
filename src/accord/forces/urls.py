"""URLs of the forces pages (under ``/forces/``)."""

from django.urls import path

from accord.forces import index, report_views, views_operations
from accord.forces import registry_views as views
from accord.forces.trainings import views as trainings

app_name = "forces"
urlpatterns: list = [
    path("forces/", index.index, name="index"),
    path("forces/report/", report_views.report_page, name="report"),
    path("forces/report/<int:year>.<str:kind>", report_views.report_file, name="report-file"),
    path("forces/operations/", views_operations.operation_list, name="operation-list"),
    path("forces/operations/<slug:key>/", views_operations.operation_detail, name="operation-detail"),
    path("forces/operations/<slug:key>/results/new/", views_operations.result_create, name="result-create"),
    path(
        "forces/operations/<slug:key>/results/<int:pk>/correct/",
        views_operations.result_correct,
        name="result-correct",
    ),
    path(
        "forces/operations/<slug:key>/results/<int:pk>/withdraw/",
        views_operations.result_withdraw,
        name="result-withdraw",
    ),
    path(
        "forces/operations/<slug:key>/participants/", views_operations.operation_join, name="operation-join"
    ),
    path("forces/trainings/", trainings.training_list, name="training-list"),
    path("forces/trainings/new/", trainings.training_create, name="training-create"),
    path("forces/trainings/calendar/", trainings.training_calendar, name="training-calendar"),
    path("forces/trainings.ics", trainings.training_feed, name="training-feed"),
    path("forces/trainings/<int:pk>/", trainings.training_detail, name="training-detail"),
    path("forces/trainings/<int:pk>/postpone/", trainings.training_postpone, name="training-postpone"),
    path("forces/trainings/<int:pk>/relocate/", trainings.training_relocate, name="training-relocate"),
    path("forces/trainings/<int:pk>/cancel/", trainings.training_cancel, name="training-cancel"),
    path("forces/trainings/<int:pk>/hold/", trainings.training_hold, name="training-hold"),
    path("forces/trainings/<int:pk>/join/", trainings.training_join, name="training-join"),
    path("forces/trainings/<int:pk>/findings/", trainings.training_finding, name="training-finding"),
    path("forces/trainings/<int:pk>/measures/", trainings.training_measure, name="training-measure"),
    path("forces/trainings/<int:pk>/edit/", trainings.training_edit, name="training-edit"),
    path("forces/trainings/<int:pk>/phases/", trainings.training_phase, name="training-phase"),
    path("forces/trainings/<int:pk>/withdraw/", trainings.training_withdraw, name="training-withdraw"),
    path("forces/formations/", views.formation_list, name="formation-list"),
    path("forces/formations/<slug:key>/", views.formation_detail, name="formation-detail"),
    path("forces/readiness/", views.readiness_matrix, name="readiness"),
    path("forces/contributions/<int:pk>/", views.contribution_detail, name="contribution-detail"),
    path("forces/cooperation/", views.cooperation, name="cooperation"),
    path("forces/cooperation/<slug:key>/", views.organization_detail, name="organization-detail"),
    path("forces/personnel/", views.personnel, name="personnel"),
]

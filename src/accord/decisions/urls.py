"""URLs of the documents pages."""

from django.urls import path

from accord.decisions import record_views, views

app_name = "decisions"
urlpatterns = [
    path("documents/", views.document_list, name="document-list"),
    path("documents/new/", views.document_create, name="document-create"),
    path("documents/export.<str:fmt>", views.document_export, name="document-export"),
    path("documents/<int:pk>/", views.document_detail, name="document-detail"),
    path("documents/<int:pk>/edit/", views.document_edit, name="document-edit"),
    path("documents/<int:pk>/file/", views.document_file, name="document-file"),
    path("sessions/", views.session_list, name="session-list"),
    path("sessions/new/", views.session_create, name="session-create"),
    path("sessions/calendar.ics", views.session_calendar, name="session-calendar"),
    path("sessions/<int:pk>/", views.session_detail, name="session-detail"),
    path("sessions/<int:pk>/agenda/new/", views.agenda_item_create, name="agenda-item-create"),
    path("sessions/<int:pk>/minutes/new/", views.minutes_draft, name="minutes-draft"),
    path("sessions/<int:pk>/minutes/approve/", views.minutes_approve, name="minutes-approve"),
    path("agenda-items/<int:pk>/position/", record_views.position_record, name="position-record"),
    path("sessions/<int:pk>/minutes/amend/", record_views.amendment_propose, name="amendment-propose"),
    path("amendments/<int:pk>/accept/", record_views.amendment_accept, name="amendment-accept"),
    path("amendments/<int:pk>/reject/", record_views.amendment_reject, name="amendment-reject"),
    path("sessions/<int:pk>/sources/", record_views.session_source, name="session-source"),
    path("sessions/<int:pk>/documents/", record_views.session_link, name="session-link"),
    path("documents/<int:pk>/measures/new/", record_views.measure_create, name="measure-create"),
    path("measures/<int:pk>/edit/", record_views.measure_edit, name="measure-edit"),
    path("measures/<int:pk>/report/", record_views.measure_report, name="measure-report"),
    path("measures/", views.measure_list, name="measure-list"),
    path("statements/", views.statement_list, name="statement-list"),
]

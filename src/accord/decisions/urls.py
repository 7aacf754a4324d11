"""URLs of the documents pages."""

from django.urls import path

from accord.decisions import views

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
    path("measures/", views.measure_list, name="measure-list"),
    path("statements/", views.statement_list, name="statement-list"),
]

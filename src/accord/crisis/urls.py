"""URLs of the Crisis Response Center pages."""

from django.urls import path

from accord.crisis import episode_views, notification_views, run_views, sitrep_views, views

app_name = "crisis"
urlpatterns = [
    path("crisis/", views.dashboard, name="dashboard"),
    path("crisis/reports/new/", views.report_create, name="report-create"),
    path("crisis/events.<str:kind>", views.events_export, name="events-export"),
    path("crisis/sitrep/", views.sitrep, name="sitrep"),
    path("crisis/sitreps/", sitrep_views.report_list, name="sitrep-list"),
    path("crisis/sitreps/<int:pk>/", sitrep_views.report_page, name="sitrep-report"),
    path("crisis/sitreps/<int:pk>/report.<str:kind>", sitrep_views.report_file, name="sitrep-file"),
    path("crisis/alerts/<int:pk>/", views.alert_detail, name="alert-detail"),
    path("crisis/episodes/", episode_views.episode_list, name="episode-list"),
    path("crisis/episodes/<int:pk>/", episode_views.episode_detail, name="episode-detail"),
    path("crisis/imports/", run_views.import_upload, name="import-upload"),
    path("crisis/runs/<int:pk>/", run_views.run_page, name="run"),
    path("crisis/runs/<int:pk>/progress/", run_views.run_progress, name="run-progress"),
    path("notifications/", notification_views.notification_list, name="notification-list"),
    path("notifications/read/", notification_views.notification_mark_read, name="notification-read"),
    path("notifications/<int:pk>/open/", notification_views.notification_open, name="notification-open"),
    path(
        "notifications/preferences/",
        notification_views.notification_preferences,
        name="notification-preferences",
    ),
]

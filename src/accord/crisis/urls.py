"""URLs of the Crisis Response Center pages."""

from django.urls import path

from accord.crisis import views

app_name = "crisis"
urlpatterns = [
    path("crisis/", views.dashboard, name="dashboard"),
    path("crisis/reports/new/", views.report_create, name="report-create"),
    path("crisis/sitrep/", views.sitrep, name="sitrep"),
    path("crisis/alerts/<int:pk>/", views.alert_detail, name="alert-detail"),
]

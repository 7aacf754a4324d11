"""URLs of the forces pages (under ``/forces/``)."""

from django.urls import path

from accord.forces import registry_views as views

app_name = "forces"
urlpatterns: list = [
    path("forces/formations/", views.formation_list, name="formation-list"),
    path("forces/formations/<slug:key>/", views.formation_detail, name="formation-detail"),
    path("forces/readiness/", views.readiness_matrix, name="readiness"),
    path("forces/contributions/<int:pk>/", views.contribution_detail, name="contribution-detail"),
    path("forces/cooperation/", views.cooperation, name="cooperation"),
    path("forces/cooperation/<slug:key>/", views.organization_detail, name="organization-detail"),
    path("forces/personnel/", views.personnel, name="personnel"),
]

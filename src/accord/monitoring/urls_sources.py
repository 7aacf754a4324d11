"""URLs of the media sources' pages."""

from django.urls import path

from accord.monitoring import views_sources

urlpatterns = [
    path("monitoring/sources/", views_sources.source_list, name="source-list"),
    path("monitoring/sources/new/", views_sources.source_new, name="source-new"),
    path("monitoring/sources/<slug:key>/", views_sources.source_detail, name="source-detail"),
    path("monitoring/sources/<slug:key>/edit/", views_sources.source_edit, name="source-edit"),
    path("monitoring/sources/<slug:key>/fetch/", views_sources.source_fetch, name="source-fetch"),
    path("monitoring/sources/<slug:key>/upload/", views_sources.source_upload, name="source-upload"),
]

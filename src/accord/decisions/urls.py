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
]

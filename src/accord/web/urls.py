"""URLs of the web app."""

from django.urls import path

from accord.web import views

app_name = "web"
urlpatterns = [
    path("", views.home, name="home"),
    path("history/<str:label>/<str:pk>/", views.object_history, name="history"),
    path("history/<str:label>/<str:pk>/delete/", views.delete_record, name="delete-record"),
    path("audit/reads/", views.read_log, name="read-log"),
]

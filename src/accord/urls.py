"""Accord's URLs: pages, the API under /api/v1/, the admin, login and language switching."""

from django.contrib import admin
from django.urls import include, path

from accord.api import api

urlpatterns = [
    path("", include("accord.web.urls")),
    path("", include("accord.charter.urls")),
    path("api/v1/", api.urls),
    path("", include("accord.decisions.urls")),
    path("accounts/", include("accord.accounts.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

"""Accord's URLs: pages, the API under /api/v1/, the admin, login and language switching.

Passwords are reset by an administrator (there is no e-mail reset), and changed on the account page,
which records the change.
"""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from accord.api import api

urlpatterns = [
    path("", include("accord.web.urls")),
    path("", include("accord.charter.urls")),
    path("api/v1/", api.urls),
    path("", include("accord.decisions.urls")),
    path("", include("accord.crisis.urls")),
    path("", include("accord.forces.urls")),
    path("", include("accord.response.urls")),
    path("", include("accord.monitoring.urls")),
    path("accounts/", include("accord.accounts.urls")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

"""URLs of the account pages (Django's login and logout come from django.contrib.auth.urls)."""

from django.urls import path

from accord.accounts import views

app_name = "accounts"
urlpatterns = [
    path("", views.account, name="account"),
    path("two-factor/", views.two_factor_verify, name="two-factor"),
    path("two-factor/setup/", views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/recovery-codes/", views.recovery_codes_renew, name="recovery-codes"),
    path("logout-everywhere/", views.logout_everywhere, name="logout-everywhere"),
    path("password/", views.RecordedPasswordChangeView.as_view(), name="password-change"),
]

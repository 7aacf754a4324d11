"""The rules page: the rules in force, their versions, editing for the CRC, and trying a text."""

from django.urls import path

from accord.monitoring import views_rules

urlpatterns = [
    path("monitoring/rules/", views_rules.rules_page, name="rules"),
    path("monitoring/rules/v<int:number>/", views_rules.rules_version_page, name="rules-version"),
]

"""URLs of the response pages (under ``/response/``); each subject adds its own block."""

from django.urls import path

from accord.response import views_crises

app_name = "response"
urlpatterns: list = []

# Crises and their timeline (subject "timeline").
urlpatterns += [
    path("response/crises/", views_crises.crisis_list, name="crisis-list"),
    path("response/crises/new/", views_crises.crisis_new, name="crisis-new"),
    path("response/crises/<slug:key>/", views_crises.crisis_detail, name="crisis-detail"),
]

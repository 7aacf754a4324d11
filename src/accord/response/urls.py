"""URLs of the response pages (under ``/response/``); each subject adds its own block."""

from django.urls import path

app_name = "response"
urlpatterns: list = []

# offers, deliveries and the gap
from accord.response import views_offers  # noqa: E402

urlpatterns += [
    path("response/deliveries/", views_offers.deliveries, name="deliveries"),
    path("response/requests/<slug:key>/offers/", views_offers.request_offers, name="request-offers"),
]

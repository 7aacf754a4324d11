"""URLs of the response pages (under ``/response/``); each subject adds its own block."""

from django.urls import path

from accord.response import views_consultations, views_crises, views_deployments, views_offers, views_requests

app_name = "response"
urlpatterns: list = []

# Requests for assistance
urlpatterns += [
    path("response/", views_requests.request_list, name="request-list"),
    path("response/requests/new/", views_requests.request_create, name="request-create"),
    path("response/requests/<slug:key>/", views_requests.request_detail, name="request-detail"),
    path("response/requests/<slug:key>/steps/", views_requests.request_step, name="request-step"),
]

# Consultations, decisions and deployments (the "deploy" subject).
urlpatterns += [
    path(
        "response/consultations/<int:pk>/",
        views_consultations.consultation_detail,
        name="consultation-detail",
    ),
    path("response/requests/<slug:key>/consult/", views_consultations.consult, name="consult"),
    path("response/requests/<slug:key>/decide/", views_consultations.link_decision, name="decide"),
    path("response/requests/<slug:key>/deploy/", views_deployments.deploy_contingent, name="deploy"),
    path("response/deployments/", views_deployments.deployment_list, name="deployment-list"),
    path("response/deployments/<slug:key>/", views_deployments.deployment_detail, name="deployment-detail"),
    path(
        "response/deployments/<slug:key>/withdraw/",
        views_deployments.deployment_withdraw,
        name="deployment-withdraw",
    ),
    path(
        "response/deployments/<slug:key>/phases/", views_deployments.deployment_phase, name="deployment-phase"
    ),
]

# Offers, deliveries and the gap
urlpatterns += [
    path("response/deliveries/", views_offers.deliveries, name="deliveries"),
    path("response/requests/<slug:key>/offers/", views_offers.request_offers, name="request-offers"),
]

# Crises and their timeline (subject "timeline").
urlpatterns += [
    path("response/crises/", views_crises.crisis_list, name="crisis-list"),
    path("response/crises/new/", views_crises.crisis_new, name="crisis-new"),
    path("response/crises/<slug:key>/", views_crises.crisis_detail, name="crisis-detail"),
]

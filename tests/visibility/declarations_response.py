"""The visibility harness's declarations of crisis response: requests, their lines and steps,
consultations, deployments, offers and deliveries, with every channel that shows them."""

from __future__ import annotations

from accord.response.models import Request
from tests.visibility import channels as ch
from tests.visibility import factories_response as make
from tests.visibility.declaration import Declaration


def request_page(pk) -> str:
    return f"/response/requests/{Request.objects.get(pk=pk).key}/"


def request_api(pk) -> str:
    return f"/api/v1/response/requests/{Request.objects.get(pk=pk).key}"


REQUESTS = Declaration(
    "response.request",
    "classified",
    make.assistance_requests,
    (
        ch.page("list", "/response/"),
        ch.json_rows("api-list", "/api/v1/response/requests", "title"),
        ch.per_record("detail", lambda record: request_page(record.pk)),
        ch.per_record("api-detail", lambda record: request_api(record.pk)),
        ch.history("response.request"),
    ),
)
REQUEST_LINES = Declaration(
    "response.requestline",
    "through",
    make.request_lines,
    (
        ch.on_parent_page("request-page", request_page),
        ch.on_parent_page("api-request", request_api),
        ch.history("response.requestline"),
    ),
)
REQUEST_STEPS = Declaration(
    "response.requeststep",
    "through",
    make.request_steps,
    (
        ch.on_parent_page("request-page", request_page),
        ch.on_parent_page("api-request", request_api),
    ),
)


def deployment_page(pk) -> str:
    from accord.response.models import Deployment

    return f"/response/deployments/{Deployment.objects.get(pk=pk).key}/"


def deployment_api(pk) -> str:
    from accord.response.models import Deployment

    return f"/api/v1/response/deployments/{Deployment.objects.get(pk=pk).key}"


def consultation_page(pk) -> str:
    return f"/response/consultations/{pk}/"


CONSULTATIONS = Declaration(
    "response.consultation",
    "through",
    make.consultations,
    (
        ch.per_record("detail", lambda record: consultation_page(record.pk)),
        ch.json_rows("api-list", "/api/v1/response/consultations", "outcome"),
        ch.per_record("api-detail", lambda record: f"/api/v1/response/consultations/{record.pk}"),
        ch.history("response.consultation"),
    ),
)
CONSULTATION_ATTENDEES = Declaration(
    "response.consultationattendee",
    "through",
    make.consultation_attendees,
    (
        ch.on_parent_page("consultation-page", consultation_page),
        ch.history("response.consultationattendee"),
    ),
)
DEPLOYMENTS = Declaration(
    "response.deployment",
    "classified",
    make.deployments,
    (
        ch.page("list", "/response/deployments/"),
        ch.json_rows("api-list", "/api/v1/response/deployments", "key"),
        ch.per_record("detail", lambda record: deployment_page(record.pk)),
        ch.per_record("api-detail", lambda record: deployment_api(record.pk)),
        ch.history("response.deployment"),
    ),
)
CONTINGENTS = Declaration(
    "response.contingent", "through", make.contingents, (ch.history("response.contingent"),)
)
DEPLOYMENT_PHASES = Declaration(
    "response.deploymentphase",
    "through",
    make.deployment_phases,
    (
        ch.on_parent_page("deployment-page", deployment_page),
        ch.history("response.deploymentphase"),
    ),
)


def offer_request_page(pk) -> str:
    from accord.response.models import Request

    return f"/response/requests/{Request.objects.get(pk=pk).key}/offers/"


def offer_request_api(pk) -> str:
    from accord.response.models import Request

    return f"/api/v1/response/requests/{Request.objects.get(pk=pk).key}/offers"


OFFERS = Declaration(
    "response.offer",
    "through",
    make.offers,
    (
        ch.on_parent_page("offers-panel", offer_request_page),
        ch.on_parent_page("api-offers", offer_request_api),
        ch.history("response.offer"),
    ),
)
DELIVERIES = Declaration(
    "response.delivery",
    "classified",
    make.deliveries,
    (
        ch.page("ledger", "/response/deliveries/", year=str(make.OFFER_DELIVERY_YEAR)),
        ch.json_rows("api-ledger", "/api/v1/response/deliveries", "what", year=str(make.OFFER_DELIVERY_YEAR)),
        ch.history("response.delivery"),
    ),
)
RESPONSE_CRISES = Declaration(
    "response.crisis",
    "classified",
    make.response_crises,
    (
        ch.page("list", "/response/crises/"),
        ch.page("search", "/response/crises/", q="vis-cri"),
        ch.per_record("page", lambda record: f"/response/crises/{record.marker}/"),
        ch.json_rows("api-list", "/api/v1/response/crises", "title_en"),
        ch.per_record("api", lambda record: f"/api/v1/response/crises/{record.marker}"),
        ch.per_record("api-timeline", lambda record: f"/api/v1/response/crises/{record.marker}/timeline"),
        ch.history("response.crisis"),
    ),
)

"""The JSON API at /api/v1/ (OpenAPI at /api/v1/openapi.json): each app's router mounted here.

Callers authenticate with a bearer token (machine clients), a verified browser session (with
CSRF on writes), or not at all (the public, who see what the public may see). Every error is
answered with one body (:mod:`accord.core.api_errors`), and the spec declares it on every
operation together with who may call it (:mod:`accord.core.api_openapi`).
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.urls import re_path
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from accord.accounts.api_auth import TokenAuth, VerifiedSessionAuth, anonymous
from accord.charter.api import router as charter_router
from accord.charter.api_instruments import mount_instrument_writes
from accord.charter.api_instruments import router as charter_instruments_router
from accord.charter.api_posts import router as charter_posts_router
from accord.core.api_errors import install_error_handlers
from accord.core.api_openapi import answers_the_public, document_errors_and_security
from accord.core.api_records import router as records_router
from accord.crisis.api import router as crisis_router
from accord.crisis.api_notifications import router as notifications_router
from accord.crisis.api_sitreps import router as crisis_sitreps_router
from accord.decisions.api import router as decisions_router
from accord.decisions.api_records import router as decisions_records_router
from accord.forces.api import router as forces_router
from accord.forces.api_operations import router as forces_operations_router
from accord.forces.api_registry import router as forces_registry_router
from accord.forces.api_report import router as forces_report_router
from accord.forces.api_trainings import router as forces_trainings_router
from accord.monitoring.api import router as monitoring_router
from accord.response.api import router as response_router
from accord.response.api_consultations import router as response_consultations_router
from accord.response.api_crises import router as response_crises_router
from accord.response.api_deployments import router as response_deployments_router
from accord.response.api_offers import router as response_offers_router
from accord.response.api_requests import router as response_requests_router


def the_public_reads(request: HttpRequest) -> Any:
    """Without credentials (or with a session short of its second factor) one may read, never write.

    Refusing a write here, before any record is looked up, makes it answer 401 as the spec's
    security says, and never tells the public whether a record exists.
    """
    if not answers_the_public(request.method.lower()):
        raise AuthenticationError(401, _("Writes need a bearer token or a verified session."))
    return anonymous(request)


class AccordAPI(NinjaAPI):
    """Django Ninja's API, whose spec tells every error and caller, and which has no HTML answers."""

    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None):
        """The generated spec, completed with the error responses and security of every operation."""
        spec = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        return document_errors_and_security(spec)

    def _get_urls(self) -> list:
        """The operations' URLs, then a JSON 404 for any other URL under the API."""
        return [*super()._get_urls(), re_path(r"", csrf_exempt(self.unknown_endpoint))]

    def unknown_endpoint(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """A URL under /api/v1/ that names no operation (or a path parameter with a slash in it)."""
        return self.create_response(request, {"detail": _("No such endpoint.")}, status=404)


api = AccordAPI(
    title="Accord API",
    version="1.0.0",
    description="The information system of a regional collective-security organization.",
    urls_namespace="api-1.0.0",
    auth=[TokenAuth(), VerifiedSessionAuth(csrf=True), the_public_reads],
)
# An app's writes that live in their own module (they read the app's schemas) share its prefix.
api.add_router("/charter/", charter_router)
api.add_router("/charter/", charter_posts_router)
api.add_router("/charter/", charter_instruments_router)
mount_instrument_writes(
    charter_router
)  # POST /instruments shares its path with the charter's GET /instruments
api.add_router("/decisions/", decisions_router)
api.add_router("/decisions/", decisions_records_router)
api.add_router("/crisis/", crisis_router)
api.add_router("/", notifications_router)  # /notifications: the caller's own, whatever the app
api.add_router("/crisis/", crisis_sitreps_router)
api.add_router("/forces/", forces_router)
api.add_router("/forces/", forces_report_router)
api.add_router("/forces/", forces_operations_router)
api.add_router("/forces/", forces_trainings_router)
api.add_router("/forces/", forces_registry_router)
api.add_router("/response/", response_router)
api.add_router("/response/", response_requests_router)
api.add_router("/response/", response_consultations_router)
api.add_router("/response/", response_deployments_router)
api.add_router("/response/", response_offers_router)
api.add_router("/response/", response_crises_router)
api.add_router("/records/", records_router)
api.add_router("/monitoring/", monitoring_router)
install_error_handlers(api)

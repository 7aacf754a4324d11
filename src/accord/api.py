"""The JSON API at /api/v1/ (OpenAPI at /api/v1/openapi.json): each app's router mounted here.

Callers authenticate with a bearer token (machine clients), a verified browser session (with
CSRF on writes), or not at all (the public, who see what the public may see).
"""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import NinjaAPI

from accord.accounts.api_auth import TokenAuth, VerifiedSessionAuth, anonymous
from accord.charter.api import router as charter_router
from accord.crisis.api import router as crisis_router
from accord.decisions.api import router as decisions_router

api = NinjaAPI(
    title="Accord API",
    version="1.0.0",
    description="The information system of a regional collective-security organization.",
    urls_namespace="api-1.0.0",
    auth=[TokenAuth(), VerifiedSessionAuth(csrf=True), anonymous],
)
api.add_router("/charter/", charter_router)
api.add_router("/decisions/", decisions_router)
api.add_router("/crisis/", crisis_router)


@api.exception_handler(PermissionDenied)
def permission_denied(request: HttpRequest, error: PermissionDenied):
    """A caller without the right (or the token scope) gets 403 with the reason."""
    return api.create_response(request, {"detail": str(error) or "not allowed"}, status=403)

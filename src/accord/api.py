"""The JSON API at /api/v1/ (OpenAPI at /api/v1/openapi.json): each app's router mounted here."""

from ninja import NinjaAPI

from accord.charter.api import router as charter_router

api = NinjaAPI(
    title="Accord API",
    version="1.0.0",
    description="The information system of a regional collective-security organization.",
    urls_namespace="api-1.0.0",
)
api.add_router("/charter/", charter_router)

"""What the OpenAPI spec says beyond the routes: the errors each operation can answer, and who may call it.

The errors are raised by shared handlers (:mod:`accord.core.api_errors`), not by the routes, so the
statuses an operation can answer follow from its shape, which this module reads from the generated
spec and declares there: a route cannot forget them, and a new route gets them too. A route that
returns an error status itself also declares it in its ``response=`` (Django Ninja needs that at
run time), with the same :class:`~accord.core.api_errors.ApiError` body.

Every operation accepts a bearer token or a verified browser session; reads also answer the public
without credentials (showing what the public may see), which the spec says with an empty security
requirement ``{}``. Writes need credentials.
"""

from __future__ import annotations

from typing import Any

from ninja.openapi.schema import REF_TEMPLATE
from ninja.schema import NinjaGenerateJsonSchema

from accord.core.api_errors import ApiError

ERROR_REF = {"$ref": REF_TEMPLATE.format(model=ApiError.__name__)}
ERROR_DESCRIPTIONS = {
    400: "The request could not be read (for example, a body that is not JSON).",
    401: "No credentials on a write, or a bearer token that is invalid, expired or revoked.",
    403: (
        "Not allowed: the token lacks the scope, the caller's role, clearance or state does not allow "
        "it, or a session's write came without its CSRF token."
    ),
    404: "No such record, or none the caller may see.",
    413: "The request body is too large.",
    422: (
        "The input is invalid or cannot be carried out: `detail` says why, or lists each problem "
        "with its location (`loc`)."
    ),
    503: "The database is busy with another write: try again after the seconds in Retry-After.",
}
READ_METHODS = frozenset({"get", "head"})
SECURITY_SCHEMES = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API token (`accord token create`), limited to its scopes.",
    },
    "session": {
        "type": "apiKey",
        "in": "cookie",
        "name": "sessionid",
        "description": (
            "A browser session that has passed both factors; writes also send the CSRF token "
            "in the X-CSRFToken header."
        ),
    },
}
CREDENTIALS = [{"bearer": []}, {"session": []}]


def answers_the_public(method: str) -> bool:
    """Reads answer callers without credentials with what the public may see; writes need credentials."""
    return method in READ_METHODS


def error_statuses(method: str, operation: dict[str, Any]) -> set[int]:
    """The error statuses an operation can answer, from what it reads from the request."""
    locations = {parameter["in"] for parameter in operation.get("parameters", [])}
    has_body = "requestBody" in operation
    statuses = {401, 403}
    if locations or has_body:
        statuses |= {400, 422}
    if "path" in locations:
        statuses.add(404)
    if has_body:
        statuses.add(413)
    if method not in READ_METHODS:
        statuses.add(503)
    return statuses


def error_schemas() -> dict[str, Any]:
    """The JSON schemas of the error body, for the spec's components."""
    schema = ApiError.model_json_schema(
        ref_template=REF_TEMPLATE, schema_generator=NinjaGenerateJsonSchema, mode="serialization"
    )
    definitions = schema.pop("$defs", {})
    return {**definitions, ApiError.__name__: schema}


def document_operation(method: str, operation: dict[str, Any]) -> None:
    """Declare an operation's error answers (with the one error body) and who may call it."""
    responses = operation.setdefault("responses", {})
    for status in sorted(error_statuses(method, operation)):
        declared = responses.setdefault(status, {"content": {"application/json": {"schema": ERROR_REF}}})
        declared["description"] = ERROR_DESCRIPTIONS[status]
    operation["security"] = ([{}] if answers_the_public(method) else []) + CREDENTIALS


def document_errors_and_security(spec: dict[str, Any]) -> dict[str, Any]:
    """Complete a generated spec in place (and return it): error responses and security on every operation."""
    for operations in spec["paths"].values():
        for method, operation in operations.items():
            document_operation(method, operation)
    components = spec.setdefault("components", {})
    components.setdefault("schemas", {}).update(error_schemas())
    components["securitySchemes"] = SECURITY_SCHEMES
    return spec

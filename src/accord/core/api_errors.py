"""The one error body of the API, and the exception handlers that answer every refusal with it.

Every error Accord's API returns is ``{"detail": "why"}`` or, for input that fails validation,
``{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`` — the shape Django Ninja gives
validation errors, so that a client reads every refusal the same way. The handlers turn the
exceptions raised anywhere under a view (missing record, refused permission, unreadable or
oversized body, invalid input, a service refusing a write) into that body with the right status,
never into a 500 or an HTML page; :mod:`accord.core.api_openapi` declares the same statuses in
the OpenAPI spec.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as InputError

from accord.core.errors import ServiceError


class ValidationIssue(Schema):
    """One problem with the input: where it is (``loc``), what is wrong, and its kind."""

    loc: list[str | int]
    msg: str
    type: str
    ctx: dict[str, Any] | None = None


class ApiError(Schema):
    """The body of every error: a sentence, or the list of problems found in the input."""

    detail: str | list[ValidationIssue]


def error_responses(*statuses: int) -> dict[int, type[ApiError]]:
    """The ``response=`` entries of the error statuses a view returns itself (``Status(422, ...)``)."""
    return dict.fromkeys(statuses, ApiError)


def invalid(loc: Iterable[str | int], message: str, kind: str = "value_error") -> InputError:
    """A 422 naming the offending input, for a check the schema cannot express (raise it)."""
    return InputError([{"loc": list(loc), "msg": message, "type": kind}])


def issues_of(error: DjangoValidationError) -> list[dict[str, Any]]:
    """A Django validation error as validation issues, one per message, located by field."""
    if not hasattr(error, "error_dict"):
        return [{"loc": [], "msg": message, "type": "value_error"} for message in error.messages]
    return [
        {"loc": [] if field == NON_FIELD_ERRORS else [field], "msg": message, "type": "value_error"}
        for field, errors in error.message_dict.items()
        for message in errors
    ]


def install_error_handlers(api: NinjaAPI) -> None:
    """Answer each refusal raised under an API view with :class:`ApiError` and its status."""

    def answer(request: HttpRequest, status: int, detail: str | list) -> HttpResponse:
        return api.create_response(request, {"detail": detail}, status=status)

    def not_found(request: HttpRequest, error: Http404) -> HttpResponse:
        return answer(request, 404, str(error) or _("Not found."))

    def permission_denied(request: HttpRequest, error: PermissionDenied) -> HttpResponse:
        return answer(request, 403, str(error) or _("not allowed"))

    def http_error(request: HttpRequest, error: HttpError) -> HttpResponse:
        response = answer(request, error.status_code, str(error))
        if isinstance(error, AuthenticationError):
            response["WWW-Authenticate"] = 'Bearer realm="accord"'
        return response

    def invalid_input(request: HttpRequest, error: InputError) -> HttpResponse:
        return answer(request, 422, error.errors)

    def invalid_model(request: HttpRequest, error: DjangoValidationError) -> HttpResponse:
        return answer(request, 422, issues_of(error))

    def refused_by_service(request: HttpRequest, error: ServiceError) -> HttpResponse:
        """A service refused the write because of its input: 422, the message naming the field."""
        return answer(request, 422, str(error))

    def unreadable(request: HttpRequest, error: SuspiciousOperation) -> HttpResponse:
        logging.getLogger(f"django.security.{type(error).__name__}").warning(str(error))
        if isinstance(error, RequestDataTooBig):
            return answer(request, 413, _("The request body is too large."))
        return answer(request, 400, _("The request could not be read."))

    api.add_exception_handler(Http404, not_found)
    api.add_exception_handler(PermissionDenied, permission_denied)
    api.add_exception_handler(HttpError, http_error)
    api.add_exception_handler(InputError, invalid_input)
    api.add_exception_handler(DjangoValidationError, invalid_model)
    api.add_exception_handler(ServiceError, refused_by_service)
    api.add_exception_handler(SuspiciousOperation, unreadable)

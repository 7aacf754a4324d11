"""The response app's refusals (422 with the field that is wrong)."""

from accord.core.errors import ServiceError


class ResponseError(ServiceError):
    """A request, offer, deployment, delivery or consultation refused, with the field and why."""

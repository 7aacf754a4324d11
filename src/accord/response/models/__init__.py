"""The response app's models, one module per subject, all found at ``accord.response.models``."""

from accord.response.models.consultations import Consultation, ConsultationAttendee
from accord.response.models.crises import Crisis
from accord.response.models.deployments import Contingent, Deployment, DeploymentPhase
from accord.response.models.offers import Delivery, Offer, OfferStatus
from accord.response.models.requests import (
    Channel,
    LineKind,
    Request,
    RequestLine,
    RequestStatus,
    RequestStep,
)

__all__ = [
    "Channel",
    "Consultation",
    "ConsultationAttendee",
    "Contingent",
    "Crisis",
    "Delivery",
    "Deployment",
    "DeploymentPhase",
    "LineKind",
    "Offer",
    "OfferStatus",
    "Request",
    "RequestLine",
    "RequestStatus",
    "RequestStep",
]

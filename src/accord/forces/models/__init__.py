"""The forces app's models, one module per subject, imported here so that Django and the rest of
Accord find every model at ``accord.forces.models``."""

from accord.forces.models.contributions import Contribution, Rating, ReadinessReport, UnitType
from accord.forces.models.cooperation import (
    Agreement,
    EventKind,
    EventStatus,
    InstitutionalContact,
    JointEvent,
    PartnerKind,
    PartnerOrganization,
)
from accord.forces.models.formations import Formation, FormationKind
from accord.forces.models.personnel import PersonnelTraining, TrainingField

__all__ = [
    "Agreement",
    "Contribution",
    "EventKind",
    "EventStatus",
    "Formation",
    "FormationKind",
    "InstitutionalContact",
    "JointEvent",
    "PartnerKind",
    "PartnerOrganization",
    "PersonnelTraining",
    "Rating",
    "ReadinessReport",
    "TrainingField",
    "UnitType",
]

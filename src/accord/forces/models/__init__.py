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
from accord.forces.models.operations import (
    Aggregation,
    Indicator,
    Operation,
    OperationParticipant,
    OperationPhase,
    OperationResult,
    OperationType,
    Qualifier,
)
from accord.forces.models.personnel import PersonnelTraining, TrainingField
from accord.forces.models.trainings import (
    ChangeKind,
    ParticipantCapacity,
    Training,
    TrainingChange,
    TrainingFinding,
    TrainingParticipant,
    TrainingPhase,
    TrainingSeries,
    TrainingStatus,
    TrainingYear,
)

__all__ = [
    "Aggregation",
    "Agreement",
    "ChangeKind",
    "Contribution",
    "EventKind",
    "EventStatus",
    "Formation",
    "FormationKind",
    "Indicator",
    "InstitutionalContact",
    "JointEvent",
    "Operation",
    "OperationParticipant",
    "OperationPhase",
    "OperationResult",
    "OperationType",
    "ParticipantCapacity",
    "PartnerKind",
    "PartnerOrganization",
    "PersonnelTraining",
    "Qualifier",
    "Rating",
    "ReadinessReport",
    "Training",
    "TrainingChange",
    "TrainingField",
    "TrainingFinding",
    "TrainingParticipant",
    "TrainingPhase",
    "TrainingSeries",
    "TrainingStatus",
    "TrainingYear",
    "UnitType",
]

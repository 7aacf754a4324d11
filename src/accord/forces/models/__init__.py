"""The forces app's models, one module per subject, imported here so that Django and the rest of
Accord find every model at ``accord.forces.models``."""

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
    "ChangeKind",
    "Formation",
    "FormationKind",
    "Indicator",
    "Operation",
    "OperationParticipant",
    "OperationPhase",
    "OperationResult",
    "OperationType",
    "ParticipantCapacity",
    "Qualifier",
    "Training",
    "TrainingChange",
    "TrainingFinding",
    "TrainingParticipant",
    "TrainingPhase",
    "TrainingSeries",
    "TrainingStatus",
    "TrainingYear",
]

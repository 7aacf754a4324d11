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

__all__: list[str] = [
    "Aggregation",
    "Formation",
    "FormationKind",
    "Indicator",
    "Operation",
    "OperationParticipant",
    "OperationPhase",
    "OperationResult",
    "OperationType",
    "Qualifier",
]

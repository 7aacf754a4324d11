"""The forces app's models, one module per subject, imported here so that Django and the rest of
Accord find every model at ``accord.forces.models``."""

from accord.forces.models.formations import Formation, FormationKind

__all__ = ["Formation", "FormationKind"]

"""The forces app's models, one module per subject, imported here so that Django and the rest of
Accord find every model at ``accord.forces.models``."""

__all__: list[str] = []

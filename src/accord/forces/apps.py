"""The forces app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForcesConfig(AppConfig):
    name = "accord.forces"
    label = "forces"
    verbose_name = _("Collective forces")

    def ready(self) -> None:
        """Put the subjects together once the models are loaded (see :mod:`accord.forces.subjects`)."""
        from accord.forces.subjects import register

        register()

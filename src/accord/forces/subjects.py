"""The subjects of the forces app, put together: the yearly report's sections in the order the
report shows them, the years each subject has records of, and the index page's links.

The report (:mod:`accord.forces.report`) and the index (:mod:`accord.forces.index`) hold registries
and know no subject; this module fills them once, when the app is ready, so that each subject stays
a folder that depends on the frame and nothing depends on it.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from accord.forces import index, report
from accord.forces.models import Operation, Training
from accord.forces.operations.report import year_section as operations_section
from accord.forces.registry.report import YEAR_SECTIONS
from accord.forces.trainings.report import year_section as trainings_section


def training_years(user: Any) -> set[int]:
    """The years of the trainings ``user`` may see."""
    return set(Training.objects.restrict(user).values_list("year", flat=True).distinct())


def operation_years(user: Any) -> set[int]:
    """The years of the operations ``user`` may see."""
    return set(Operation.objects.restrict(user).values_list("year", flat=True).distinct())


INDEX = [
    (_("Formations"), "forces:formation-list"),
    (_("Readiness on a date"), "forces:readiness"),
    (_("Joint trainings: the plan and what happened"), "forces:training-list"),
    (_("Calendar of trainings"), "forces:training-calendar"),
    (_("Joint operations"), "forces:operation-list"),
    (_("Cooperation with other organizations"), "forces:cooperation"),
    (_("Training of personnel"), "forces:personnel"),
    (_("Yearly activity report"), "forces:report"),
]


def register() -> None:
    """Fill the report's and the index's registries (idempotent: a second call changes nothing)."""
    report.SECTION_MAKERS[:] = [trainings_section, operations_section, *YEAR_SECTIONS]
    report.YEAR_FINDERS[:] = [training_years, operation_years]
    index.INDEX_LINKS[:] = INDEX

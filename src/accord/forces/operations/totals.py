"""Adding up the results of operations: per operation and indicator, per state, per phase, per year,
each total with the sources of the figures in it, from what the reader may see.

How figures add up: an indicator's ``aggregation`` says whether its figures are summed (seizures,
channels identified) or the largest is taken. A figure of the whole operation (no state, as the
Organization reports it) already covers every state, so where one exists for a phase it **is** the
phase's total and the states' figures are not added to it again (they are shown, not double counted).
Withdrawn results count nowhere.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import pgettext_lazy

from accord.forces.models import Aggregation, Operation, OperationResult, Qualifier

# The units the data file's indicators count in, named in the reader's language (a unit is stored as
# its English word, as the data file writes it; an unknown one is shown as written).
UNIT_NAMES = {
    "kg": pgettext_lazy("unit", "kg"),
    "channels": pgettext_lazy("unit", "channels"),
    "people": pgettext_lazy("unit", "people"),
    "facts": pgettext_lazy("unit", "facts"),
    "websites": pgettext_lazy("unit", "websites"),
}


def unit_name(unit: str) -> str:
    """A unit in the reader's language."""
    return str(UNIT_NAMES.get(unit, unit))


def number(value: Decimal) -> str:
    """A figure as written: 600, 12.5 (no exponent, no trailing zeros)."""
    return format(value.normalize(), "f")


@dataclass
class Total:
    """A total figure with its unit, its sources, and whether any figure in it is approximate."""

    value: Decimal = Decimal(0)
    unit: str = ""
    sources: list[str] = field(default_factory=list)
    qualifier: str = Qualifier.EXACT

    def as_json(self) -> dict[str, Any]:
        return {
            "value": number(self.value),
            "unit": self.unit,
            "unit_name": unit_name(self.unit),
            "sources": self.sources,
            "qualifier": self.qualifier,
        }


def combine(items: list[OperationResult]) -> Total:
    """Figures of one indicator added up as the indicator says, with their sources."""
    if not items:
        return Total()
    values = [item.value for item in items]
    value = max(values) if items[0].indicator.aggregation == Aggregation.MAX else sum(values, Decimal(0))
    qualifiers = {item.qualifier for item in items}
    qualifier = (
        Qualifier.EXACT if qualifiers == {Qualifier.EXACT} else sorted(qualifiers - {Qualifier.EXACT})[0]
    )
    return Total(value, items[0].unit, list(dict.fromkeys(item.source for item in items)), qualifier)


def phase_figures(items: list[OperationResult]) -> list[OperationResult]:
    """The figures that make a phase's total of one indicator: the whole operation's, if reported,
    else the states'."""
    whole = [item for item in items if item.state_id is None]
    return whole or items


def counted(results: Iterable[OperationResult]) -> list[OperationResult]:
    return [item for item in results if not item.withdrawn]


def totals_by_indicator(results: Iterable[OperationResult]) -> dict[tuple[int, str], Total]:
    """Per operation and indicator: the phases' totals added up."""
    by_phase: dict[tuple[int, str, int], list[OperationResult]] = defaultdict(list)
    for item in counted(results):
        by_phase[(item.operation_id, item.indicator.key, item.phase_id)].append(item)
    grouped: dict[tuple[int, str], list[OperationResult]] = defaultdict(list)
    for (operation, indicator, _phase), items in by_phase.items():
        grouped[(operation, indicator)].extend(phase_figures(items))
    return {key: combine(items) for key, items in grouped.items()}


def totals_by(results: Iterable[OperationResult], part: str) -> dict[tuple, Total]:
    """Per operation, indicator and ``part`` (``state`` or ``phase``): that part's figures added up."""
    grouped: dict[tuple, list[OperationResult]] = defaultdict(list)
    for item in counted(results):
        grouped[(item.operation_id, item.indicator.key, getattr(item, f"{part}_id"))].append(item)
    return {key: combine(items) for key, items in grouped.items()}


def totals_by_year(results: Iterable[OperationResult]) -> dict[tuple[int, str, str], Total]:
    """Per year, type of operation and indicator: the operations' totals added up."""
    results = list(results)
    years = {item.operation_id: (item.operation.year, item.operation.operation_type.key) for item in results}
    grouped: dict[tuple[int, str, str], list[Total]] = defaultdict(list)
    for (operation, indicator), total in totals_by_indicator(results).items():
        year, kind = years[operation]
        grouped[(year, kind, indicator)].append(total)
    return {
        key: Total(
            sum((total.value for total in items), Decimal(0)),
            items[0].unit,
            list(dict.fromkeys(source for total in items for source in total.sources)),
            next((total.qualifier for total in items if total.qualifier != Qualifier.EXACT), Qualifier.EXACT),
        )
        for key, items in grouped.items()
    }


def visible_results(user: Any, operations: Iterable[Operation] | None = None):
    """The results the user may see (of these operations), with what the totals need."""
    found = OperationResult.objects.restrict(user).select_related(
        "indicator", "phase", "operation__operation_type", "state"
    )
    if operations is not None:
        found = found.filter(operation__in=list(operations))
    return found

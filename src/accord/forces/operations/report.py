"""The joint operations' part of the yearly report: the operations of the year and their results per
state, every figure with its source, from what the reader may see."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.forces.models import Operation
from accord.forces.operations.totals import (
    number,
    totals_by,
    totals_by_indicator,
    unit_name,
    visible_results,
)
from accord.forces.report_parts import Cell, ReportSection, Table, cell, labels_of_records

QUALIFIERS = {"about": "≈ ", "more-than": "> ", "exact": ""}


def figure_cell(total: Any) -> Cell:
    """A total as a cell: its qualifier, value and unit, with its sources."""
    text = f"{QUALIFIERS.get(total.qualifier, '')}{number(total.value)} {unit_name(total.unit)}"
    return Cell(text, tuple(total.sources), float(total.value))


def year_section(user: Any, year: int) -> ReportSection:
    """Operations of ``year`` with their results per state (the whole operation where reported as one)."""
    operations = list(
        Operation.objects.restrict(user)
        .filter(year=year)
        .select_related("operation_type")
        .order_by("operation_type__key")
    )
    results = list(visible_results(user, operations))
    names = {item.pk: item for item in operations}
    rows = [
        (cell(item.name, item.source_keys), cell(item.operation_type.threat, item.operation_type.source_keys))
        for item in operations
    ]
    overview = Table(_("Joint operations"), (_("Operation"), _("Threat")), tuple(rows))
    indicator_names = {item.indicator.key: item.indicator.name for item in results}
    by_state = totals_by(results, "state")
    states = {item.state_id: item.state.code for item in results if item.state_id}
    figure_rows = [
        (
            cell(names[operation].name, names[operation].source_keys),
            cell(states.get(state) or _("all participating states")),
            cell(indicator_names[indicator]),
            figure_cell(total),
        )
        for (operation, indicator, state), total in sorted(by_state.items(), key=lambda pair: str(pair[0]))
    ]
    totals = [
        (
            cell(names[operation].name, names[operation].source_keys),
            cell(indicator_names[indicator]),
            figure_cell(total),
        )
        for (operation, indicator), total in sorted(totals_by_indicator(results).items())
    ]
    tables = [overview] if rows else []
    if figure_rows:
        columns = (_("Operation"), _("State"), _("Indicator"), _("Figure"))
        tables.append(Table(_("Results per state"), columns, tuple(figure_rows)))
        tables.append(Table(_("Totals"), (_("Operation"), _("Indicator"), _("Figure")), tuple(totals)))
    return ReportSection(
        key="operations",
        title=_("Joint operations against challenges and threats"),
        tables=tuple(tables),
        labels=labels_of_records([*operations, *results]),
        empty_text=_("No joint operation is recorded for %(year)s.") % {"year": year},
    )

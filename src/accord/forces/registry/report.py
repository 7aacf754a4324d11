"""The registry's sections of the yearly report: contributions and readiness, cooperation, and the
training of personnel. Each reads only what the user may see, is labelled with the combined labels of
the records it shows, and gives every figure as a :class:`~accord.forces.report_parts.Cell` with its
sources.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from accord.decisions.models import date_text
from accord.forces.registry import queries
from accord.forces.report_parts import Cell, ReportSection, Table, cell, labels_of_records


def as_of(year: int) -> datetime.date:
    """The day a year's figures are read on: 31 December, or today for the current year."""
    today = timezone.localdate()
    return today if year >= today.year else datetime.date(year, 12, 31)


def figure(value: int | None, sources: list[str] | tuple[str, ...]) -> Cell:
    """A figure, or a dash when it is not known (not zero)."""
    return cell(value, sources) if value is not None else Cell("—", tuple(sources))


def readiness_sources(report: Any) -> list[str]:
    """What a rating rests on: the contribution's sources, and the report document's key."""
    found = list(report.contribution.source_keys or [])
    if report.document_id and report.document.key:
        found.append(report.document.key)
    return found


def contributions_section(user: Any, year: int) -> ReportSection:
    """Contributions in place on the year's last day (or today) and their readiness on that day."""
    matrix = queries.readiness_matrix(user, as_of(year))
    rows = []
    for _key, matrix_cell in sorted(matrix.cells.items()):
        for item in matrix_cell.contributions:
            sources = list(item.source_keys or [])
            report = next((r for r in matrix_cell.reports if r.contribution_id == item.pk), None)
            rows.append(
                (
                    Cell(item.formation.short),
                    Cell(item.state.code),
                    Cell(item.get_unit_type_display(), tuple(sources)),
                    figure(item.personnel, sources),
                    figure(item.equipment, sources),
                    Cell(report.get_overall_display(), tuple(readiness_sources(report)))
                    if report
                    else Cell(_("not reported")),
                )
            )
    columns = (_("Formation"), _("State"), _("Unit type"), _("Personnel"), _("Equipment"), _("Readiness"))
    tables = (Table(_("Contributions and readiness on %(day)s") % {"day": matrix.day}, columns, tuple(rows)),)
    return ReportSection(
        "contributions",
        _("National contributions and readiness"),
        tables=tables if rows else (),
        labels=labels_of_records(matrix.records),
        empty_text=_("No contributions in place that you may see."),
        data={"as_of": matrix.day.isoformat()},
    )


def cooperation_section(user: Any, year: int) -> ReportSection:
    """Agreements in force on the year's last day (or today) and the joint events dated in the year."""
    day = as_of(year)
    agreements = list(queries.agreements_in_force(user, day))
    events = list(queries.events_of_year(user, year))
    agreement_rows = tuple(
        (
            Cell(item.organization.abbreviation),
            Cell(item.title, tuple(item.source_keys or [])),
            Cell(date_text(item.signed, item.signed_precision) if item.signed else "—"),
        )
        for item in agreements
    )
    event_rows = tuple(
        (
            Cell(date_text(item.date, item.date_precision) if item.date else "—"),
            Cell(", ".join(partner.abbreviation for partner in item.organizations.all())),
            Cell(item.title, tuple(item.source_keys or [])),
            Cell(item.get_status_display()),
        )
        for item in events
    )
    tables = []
    if agreement_rows:
        columns = (_("Organization"), _("Agreement"), _("Signed"))
        tables.append(Table(_("Agreements in force on %(day)s") % {"day": day}, columns, agreement_rows))
    if event_rows:
        columns = (_("Date"), _("Organizations"), _("Event"), _("Status"))
        tables.append(Table(_("Joint events of %(year)s") % {"year": year}, columns, event_rows))
    return ReportSection(
        "cooperation",
        _("Cooperation with other organizations"),
        paragraphs=() if agreement_rows else (_("No agreement or memorandum in force is recorded."),),
        tables=tuple(tables),
        empty_text=_("No agreements in force and no joint events in %(year)s.") % {"year": year},
        data={"agreements_in_force": len(agreement_rows), "events": len(event_rows)},
    )


def personnel_section(user: Any, year: int) -> ReportSection:
    """Places offered and used in the year, per state and field (an approximate total marked so)."""
    rows_shown = list(queries.personnel_of_year(user, year))
    totals = queries.personnel_totals(user, year)
    rows = tuple(
        (
            Cell(code or _("all member states")),
            Cell(field_name(field) if field else _("all fields")),
            figure(found.offered, found.sources),
            Cell(
                ("≈ " if found.approximate else "") + figure(found.used, found.sources).text,
                found.sources,
                found.used,
            ),
        )
        for (code, field), found in totals.items()
    )
    columns = (_("State"), _("Field"), _("Places offered"), _("Places used"))
    overall = queries.total(rows_shown)
    return ReportSection(
        "personnel",
        _("Training of personnel"),
        tables=(Table(_("Personnel trained in %(year)s") % {"year": year}, columns, rows),) if rows else (),
        labels=labels_of_records(rows_shown),
        empty_text=_("No training of personnel recorded for %(year)s.") % {"year": year},
        data={
            "places_used": overall.used,
            "places_offered": overall.offered,
            "approximate": overall.approximate,
        },
    )


def field_name(value: str) -> str:
    from accord.forces.models import TrainingField

    return str(TrainingField(value).label)


YEAR_SECTIONS = (contributions_section, cooperation_section, personnel_section)

"""The yearly report's section on joint trainings: what was planned and held, what was postponed,
relocated or cancelled and why, each figure with the sources it was read in."""

from __future__ import annotations

from django.utils.translation import gettext as _

from accord.forces.models import ChangeKind, Training
from accord.forces.report_parts import Cell, ReportSection, Table, cell, labels_of_records
from accord.forces.trainings.queries import totals, year_trainings


def status_cell(training: Training) -> Cell:
    """The status, with relocation, and the sources of the change that made it."""
    text = str(training.get_status_display())
    if training.relocated:
        text += " (" + _("relocated") + ")"
    last = [change for change in training.changes.all() if change.kind != ChangeKind.PLANNED]
    sources = last[-1].source_keys if last else training.source_keys
    return cell(text, sources)


def changes_rows(trainings: list[Training]) -> tuple[tuple[Cell, ...], ...]:
    """Every postponement, relocation, cancellation, correction and possible postponement, with why."""
    rows = []
    for training in trainings:
        for change in training.changes.all():
            if change.kind in (ChangeKind.PLANNED, ChangeKind.HELD):
                continue
            rows.append(
                (
                    cell(training.name),
                    cell(str(change.get_kind_display())),
                    cell(change.effective_shown),
                    cell(change.reason or "—", change.source_keys),
                )
            )
    return tuple(rows)


def year_section(user, year: int) -> ReportSection:
    """Joint trainings of ``year`` as ``user`` may see them."""
    trainings = year_trainings(user, year)
    found = totals(user, year, trainings)
    title = _("Joint trainings")
    if not trainings and found.year_record is None:
        return ReportSection(
            "trainings", title, empty_text=_("No joint training is recorded for %(year)s.") % {"year": year}
        )
    plan = Table(
        _("Trainings of %(year)s: plan and fact") % {"year": year},
        (_("Training"), _("Host"), _("Planned"), _("Status"), _("Held"), _("Personnel")),
        tuple(
            (
                cell(training.name, training.source_keys),
                cell(training.host.name if training.host_id else "—"),
                cell(training.planned_shown or "—", training.source_keys),
                status_cell(training),
                cell(training.held_shown or "—"),
                cell(training.personnel, training.source_keys) if training.personnel else cell("—"),
            )
            for training in trainings
        ),
    )
    record = found.year_record
    year_sources = record.source_keys if record else []
    figures = Table(
        _("Totals of %(year)s") % {"year": year},
        (_("Figure"), _("Value")),
        (
            (
                cell(_("Trainings recorded")),
                cell(found.planned, [s for t in trainings for s in t.source_keys]),
            ),
            (cell(_("Held")), cell(found.held)),
            (cell(_("Postponed")), cell(found.postponed)),
            (cell(_("Cancelled")), cell(found.cancelled)),
            (cell(_("Relocated")), cell(found.relocated)),
            *(
                (
                    (
                        cell(_("Trainings planned, as the sources say")),
                        cell(found.announced_count, year_sources),
                    ),
                )
                if found.announced_count
                else ()
            ),
            *(
                (
                    (
                        cell(_("Personnel (about)") if found.personnel_about else _("Personnel")),
                        cell(found.personnel, found.sources),
                    ),
                )
                if found.personnel
                else ()
            ),
        ),
    )
    changes = changes_rows(trainings)
    tables = [plan, figures]
    if changes:
        tables.append(
            Table(
                _("Changes to the plan of %(year)s") % {"year": year},
                (_("Training"), _("Change"), _("Decided on"), _("Reason")),
                changes,
            )
        )
    paragraphs = (record.note,) if record and record.note else ()
    return ReportSection(
        "trainings",
        title,
        paragraphs=paragraphs,
        tables=tuple(tables),
        labels=labels_of_records(trainings),
        data={
            "totals": {
                k: getattr(found, k) for k in ("planned", "held", "postponed", "cancelled", "personnel")
            }
        },
    )

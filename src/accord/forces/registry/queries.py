"""Reads of the forces registry, always through ``restrict(user)``: contributions, readiness on a
date, the readiness matrix, cooperation in force, and the training of personnel per year."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet

from accord.core.access import Action
from accord.forces.models import (
    Agreement,
    Contribution,
    Formation,
    JointEvent,
    PersonnelTraining,
    ReadinessReport,
)
from accord.forces.models.contributions import RATING_ORDER, lowest
from accord.forces.models.cooperation import in_force_on


def contributions(user: Any, *, formation: str = "", state: str = "") -> QuerySet:
    """The contributions the user may see, optionally of one formation or one state."""
    found = Contribution.objects.restrict(user, Action.VIEW).select_related("formation", "state")
    if formation:
        found = found.filter(formation__key=formation)
    if state:
        found = found.filter(state__code=state.upper())
    return found


def active_on(day: datetime.date) -> Q:
    """Contributions in place on ``day`` (an unknown start counts as in place)."""
    return (Q(valid_from__isnull=True) | Q(valid_from__lte=day)) & (
        Q(valid_until__isnull=True) | Q(valid_until__gte=day)
    )


def readiness_on(user: Any, day: datetime.date, contribution_ids: list[int]) -> dict[int, ReadinessReport]:
    """Each contribution's readiness on ``day``: the latest report on or before it that the user may see."""
    latest: dict[int, ReadinessReport] = {}
    reports = (
        ReadinessReport.objects.restrict(user, Action.VIEW)
        .filter(contribution_id__in=contribution_ids, date__lte=day)
        .order_by("contribution_id", "-date", "-id")
    )
    for report in reports:
        latest.setdefault(report.contribution_id, report)
    return latest


def history(user: Any, contribution: Contribution) -> QuerySet:
    """Every readiness report of a contribution the user may see, newest first."""
    return (
        ReadinessReport.objects.restrict(user, Action.VIEW)
        .filter(contribution=contribution)
        .select_related("document")
    )


@dataclass
class MatrixCell:
    """One formation × state: its contributions in place, and the worst readiness among them."""

    contributions: list[Contribution] = field(default_factory=list)
    reports: list[ReadinessReport] = field(default_factory=list)

    @property
    def overall(self) -> str:
        """The lowest overall rating of the reports ("" when none is reported)."""
        return lowest(*(report.overall for report in self.reports)) if self.reports else ""

    @property
    def unrated(self) -> int:
        return len(self.contributions) - len(self.reports)


@dataclass
class Matrix:
    day: datetime.date
    formations: list[Formation]
    states: list[Any]
    cells: dict[tuple[int, int], MatrixCell]
    records: list[Any]  # every contribution and report shown, for the labels

    def cell(self, formation: Formation, state: Any) -> MatrixCell | None:
        return self.cells.get((formation.pk, state.pk))


def readiness_matrix(user: Any, day: datetime.date) -> Matrix:
    """Formations × states on ``day``: the contributions in place and their latest readiness."""
    shown = list(contributions(user).filter(active_on(day)))
    latest = readiness_on(user, day, [item.pk for item in shown])
    cells: dict[tuple[int, int], MatrixCell] = defaultdict(MatrixCell)
    for item in shown:
        cell = cells[(item.formation_id, item.state_id)]
        cell.contributions.append(item)
        if item.pk in latest:
            cell.reports.append(latest[item.pk])
    formations = sorted({item.formation for item in shown}, key=lambda formation: formation.key)
    states = sorted({item.state for item in shown}, key=lambda state: state.code)
    return Matrix(day, formations, states, dict(cells), [*shown, *latest.values()])


def counted_per_state(user: Any) -> dict[int, dict[str, int]]:
    """For each formation, how many contributions per state the user may see."""
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    for formation_id, code in contributions(user).values_list("formation_id", "state__code"):
        counts[formation_id][code] = counts[formation_id].get(code, 0) + 1
    return counts


def agreements_in_force(user: Any, day: datetime.date) -> QuerySet:
    return (
        Agreement.objects.restrict(user, Action.VIEW).filter(in_force_on(day)).select_related("organization")
    )


def events_of_year(user: Any, year: int) -> QuerySet:
    return (
        JointEvent.objects.restrict(user, Action.VIEW)
        .filter(date__year=year)
        .prefetch_related("organizations")
        .order_by("date", "id")
    )


def personnel_of_year(user: Any, year: int) -> QuerySet:
    return PersonnelTraining.objects.restrict(user, Action.VIEW).filter(year=year).select_related("state")


@dataclass(frozen=True)
class Total:
    """A sum of places, with whether any part of it is approximate or missing, and its sources."""

    offered: int | None
    used: int | None
    approximate: bool
    sources: tuple[str, ...]


def total(rows: list[PersonnelTraining]) -> Total:
    """The sum of the rows' places: a sum is unknown (None) when every row leaves it blank."""
    offered = [row.places_offered for row in rows if row.places_offered is not None]
    used = [row.places_used for row in rows if row.places_used is not None]
    sources = tuple(dict.fromkeys(key for row in rows for key in (row.source_keys or [])))
    return Total(
        sum(offered) if offered else None,
        sum(used) if used else None,
        any(row.approximate for row in rows) or (bool(offered) and len(offered) < len(rows)),
        sources,
    )


def personnel_totals(user: Any, year: int) -> dict[tuple[str, str], Total]:
    """Places per (state code or "", field or "") for a year, as far as the user may see them."""
    grouped: dict[tuple[str, str], list[PersonnelTraining]] = defaultdict(list)
    for row in personnel_of_year(user, year):
        grouped[(row.state.code if row.state_id else "", row.field)].append(row)
    return {key: total(rows) for key, rows in sorted(grouped.items())}


RATING_RANK = {rating.value: index for index, rating in enumerate(RATING_ORDER)}

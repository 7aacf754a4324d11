"""The trainings data file (``data/<org>/forces/trainings.yaml``): series, the trainings of each
year with their history of changes, and the figures the sources give for a year as a whole.

Checked whole first (``FILE:LINE: field: what is wrong``; nothing written unless all is valid), then
synced: a training a user changed since (postponed, relocated, held) keeps the user's values, and the
changes users recorded are never touched, because the file's changes are matched by their own key.
A training's present values are the file's plan with its ``history`` applied in order; each history
entry becomes a :class:`TrainingChange` holding the plan as it stood after it.
"""

from __future__ import annotations

import calendar
import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from django.db import transaction
from pydantic import Field, ValidationError

from accord.charter.loader import (
    CharterFileError,
    MarkedYaml,
    Problem,
    dotted,
    read_marked_yaml,
    schema_problem,
)
from accord.charter.models import State
from accord.charter.schema import FuzzyDateField, Key, Strict
from accord.core.audit import Actor, json_safe
from accord.core.classification import Classification
from accord.core.models import Source
from accord.core.sync import DataFile, FileSync, FileWins, Ref, SyncReport
from accord.forces.formations_file import BothNames, BothProse
from accord.forces.models import (
    ChangeKind,
    Formation,
    Training,
    TrainingChange,
    TrainingSeries,
    TrainingStatus,
    TrainingYear,
)

Code = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Sources = Annotated[list[Key], Field(min_length=1)]


class Place(Strict):
    en: Annotated[str, Field(min_length=1, max_length=200)]
    ru: Annotated[str, Field(min_length=1, max_length=200)]


class SeriesSpec(Strict):
    key: Key
    name: BothNames
    part_of: Key | None = None
    umbrella: bool = False
    formation: Key | None = None
    note: BothProse | None = None
    sources: Sources


class Dates(Strict):
    start: FuzzyDateField = Field(alias="from")
    end: FuzzyDateField | None = Field(default=None, alias="to")


class HistorySpec(Strict):
    key: Key
    kind: Literal["postponed", "relocated", "cancelled", "held", "at-risk"]
    on: FuzzyDateField
    reason: BothProse | None = None
    to: Dates | None = None  # new dates (postponed) or the dates held (held)
    host: Code | None = None  # the new host (relocated)
    place: Place | None = None
    personnel: Annotated[int, Field(gt=0, le=1_000_000)] | None = None
    personnel_about: bool = False
    sources: Sources


class TrainingSpec(Strict):
    key: Key
    series: Key
    name: BothNames
    year: Annotated[int, Field(ge=1992, le=2100)]
    within: Key | None = None
    formations: list[Key] = []
    host: Code | None = None
    place: Place | None = None
    planned: Dates | None = None
    planned_on: FuzzyDateField
    classification: Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"] = "PUBLIC"
    releasability: Literal["everyone", "members-and-partners", "members-only"] = "everyone"
    history: list[HistorySpec] = []
    note: BothProse | None = None
    sources: Sources


class YearSpec(Strict):
    year: Annotated[int, Field(ge=1992, le=2100)]
    planned_count: Annotated[int, Field(gt=0, le=1000)] | None = None
    personnel: Annotated[int, Field(gt=0, le=10_000_000)] | None = None
    personnel_about: bool = False
    note: BothProse | None = None
    sources: Sources


class TrainingsSpec(Strict):
    series: list[SeriesSpec] = []
    trainings: list[TrainingSpec] = []
    years: list[YearSpec] = []


def read_trainings(path: Path) -> tuple[TrainingsSpec, MarkedYaml]:
    """The checked file and the YAML it came from (which knows every value's line)."""
    marked = read_marked_yaml(path)
    try:
        spec = TrainingsSpec.model_validate(marked.value)
    except ValidationError as error:
        raise CharterFileError([schema_problem(marked, item) for item in error.errors()[:30]]) from None
    problems = cross_check(spec, marked)
    if problems:
        raise CharterFileError(problems)
    return spec, marked


def cross_check(spec: TrainingsSpec, marked: MarkedYaml) -> list[Problem]:
    """Keys unique; series, formations, states, sources and parent trainings exist; dates in order."""
    problems: list[Problem] = []
    sources = set(Source.objects.values_list("key", flat=True))
    states = set(State.objects.values_list("code", flat=True))
    formations = set(Formation.objects.values_list("key", flat=True))
    series = [item.key for item in spec.series]
    trainings = [item.key for item in spec.trainings]

    def need(condition: bool, path: tuple, message: str) -> None:
        if not condition:
            problems.append(Problem(marked.file, marked.line_of(path), dotted(path), message))

    def cited(keys: list[str], at: tuple) -> None:
        for position, key in enumerate(keys):
            need(key in sources, (*at, "sources", position), f"unknown source {key!r}")

    for index, item in enumerate(spec.series):
        at = ("series", index)
        need(series.count(item.key) == 1, (*at, "key"), f"the key {item.key!r} is used more than once")
        need(
            item.part_of is None or item.part_of in series,
            (*at, "part_of"),
            f"unknown series {item.part_of!r}",
        )
        need(
            item.formation is None or item.formation in formations,
            (*at, "formation"),
            f"unknown formation {item.formation!r}",
        )
        cited(item.sources, at)
    for index, item in enumerate(spec.trainings):
        at = ("trainings", index)
        need(trainings.count(item.key) == 1, (*at, "key"), f"the key {item.key!r} is used more than once")
        need(item.series in series, (*at, "series"), f"unknown series {item.series!r}")
        need(
            item.within is None or (item.within in trainings and item.within != item.key),
            (*at, "within"),
            f"unknown training {item.within!r}",
        )
        need(item.host is None or item.host in states, (*at, "host"), f"unknown state {item.host!r}")
        for position, key in enumerate(item.formations):
            need(key in formations, (*at, "formations", position), f"unknown formation {key!r}")
        if item.planned and item.planned.end:
            need(
                span(item.planned)[0] <= span(item.planned)[1],
                (*at, "planned", "to"),
                "ends before it starts",
            )
        cited(item.sources, at)
        keys = [entry.key for entry in item.history]
        for position, entry in enumerate(item.history):
            where = (*at, "history", position)
            need(keys.count(entry.key) == 1, (*where, "key"), f"the key {entry.key!r} is used more than once")
            need(
                entry.host is None or entry.host in states, (*where, "host"), f"unknown state {entry.host!r}"
            )
            need(
                entry.kind != "relocated" or entry.host is not None,
                (*where, "host"),
                "a relocation names the new host",
            )
            need(entry.kind == "held" or entry.reason is not None, (*where, "reason"), "say why")
            cited(entry.sources, where)
    for index, item in enumerate(spec.years):
        cited(item.sources, ("years", index))
    return problems


def span(dates: Dates) -> tuple[datetime.date, datetime.date, str]:
    """The first and last day of fuzzy dates (a month runs to its last day), and their precision."""
    start, end = dates.start, dates.end or dates.start
    return start.value, last_day(end.value, end.precision), start.precision


def last_day(day: datetime.date, precision: str) -> datetime.date:
    if precision == "year":
        return datetime.date(day.year, 12, 31)
    if precision == "month":
        return datetime.date(day.year, day.month, calendar.monthrange(day.year, day.month)[1])
    return day


def pair(value: Any, prefix: str) -> dict[str, str]:
    return {f"{prefix}_en": value.en if value else "", f"{prefix}_ru": value.ru if value else ""}


def plan_snapshot(values: dict[str, Any]) -> dict[str, Any]:
    """The plan fields of the training's values, as the services snapshot them."""
    from accord.forces.trainings.services import PLAN_FIELDS

    snapshot = {name: json_safe(values.get(name)) for name in PLAN_FIELDS if name != "host"}
    snapshot["host"] = values["host"].code if values.get("host") else None
    return snapshot


def replay(item: TrainingSpec, states: dict[str, State]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The training's values after its history, and one change row (with its snapshot) per entry."""
    values: dict[str, Any] = {
        "status": TrainingStatus.PLANNED,
        "relocated": False,
        "host": states.get(item.host) if item.host else None,
        **pair(item.place, "place"),
        "planned_start": None,
        "planned_end": None,
        "planned_precision": "year",
        "held_start": None,
        "held_end": None,
        "held_precision": "day",
        "personnel": None,
        "personnel_about": False,
    }
    if item.planned:
        values["planned_start"], values["planned_end"], values["planned_precision"] = span(item.planned)
    changes = [change_row(item, None, ChangeKind.PLANNED, item.planned_on, {}, values, item.sources)]
    for entry in item.history:
        before = plan_snapshot(values)
        apply_entry(values, entry, states)
        changes.append(change_row(item, entry, entry.kind, entry.on, before, values, entry.sources))
    return values, changes


def apply_entry(values: dict[str, Any], entry: HistorySpec, states: dict[str, State]) -> None:
    """What one history entry does to the plan (a possible postponement changes nothing)."""
    if entry.kind == "postponed":
        values["status"] = TrainingStatus.POSTPONED
        if entry.to:
            values["planned_start"], values["planned_end"], values["planned_precision"] = span(entry.to)
    elif entry.kind == "relocated":
        values |= {"host": states[entry.host], "relocated": True, **pair(entry.place, "place")}
    elif entry.kind == "cancelled":
        values["status"] = TrainingStatus.CANCELLED
    elif entry.kind == "held":
        values["status"] = TrainingStatus.HELD
        if entry.to:
            values["held_start"], values["held_end"], values["held_precision"] = span(entry.to)
        values["personnel"], values["personnel_about"] = entry.personnel, entry.personnel_about


def change_row(
    item: TrainingSpec,
    entry: HistorySpec | None,
    kind: str,
    on: Any,
    before: dict,
    values: dict,
    sources: list[str],
) -> dict[str, Any]:
    return {
        "training": Ref(Training, item.key),
        "file_key": entry.key if entry else "planned",
        "kind": kind,
        "effective": on.value,
        "effective_precision": on.precision if on.precision in ("day", "month", "year") else "day",
        "before": before,
        "plan": plan_snapshot(values),
        **pair(entry.reason if entry else None, "reason"),
        "source_keys": sources,
        "recorded_by": "system:forces-loader",
    }


def training_row(
    item: TrainingSpec, values: dict[str, Any], formations: dict[str, Formation]
) -> dict[str, Any]:
    return {
        "key": item.key,
        "series": Ref(TrainingSeries, item.series),
        **pair(item.name, "name"),
        "year": item.year,
        "within": Ref(Training, item.within) if item.within else None,
        "formations": [formations[key] for key in item.formations],
        **values,
        **pair(item.note, "note"),
        "classification": Classification[item.classification],
        "releasability": item.releasability,
        "source_keys": item.sources,
    }


def ordered(items: list[Any], parent: str) -> list[tuple[int, Any]]:
    """Rows with each one after the row it belongs to (a loop is left in file order)."""
    placed: set[str] = set()
    result: list[tuple[int, Any]] = []
    waiting = list(enumerate(items))
    while waiting:
        ready = [(i, x) for i, x in waiting if getattr(x, parent) is None or getattr(x, parent) in placed]
        ready = ready or waiting
        result += ready
        placed.update(x.key for _i, x in ready)
        waiting = [entry for entry in waiting if entry not in ready]
    return result


def load_trainings(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a trainings file, then load it in one transaction."""
    spec, marked = read_trainings(path)
    reason = f"forces data file {path.name}"
    file = DataFile.read(f"forces:{path.name}", path, reason=reason, legacy_reason=reason)
    states = {state.code: state for state in State.objects.all()}
    formations = {formation.key: formation for formation in Formation.objects.all()}
    series = ordered(spec.series, "part_of")
    trainings = ordered(spec.trainings, "within")
    replayed = {item.key: replay(item, states) for item in spec.trainings}
    with transaction.atomic():
        sync = FileSync(file, actor=actor, line_of=marked.line_of, file_wins=file_wins)
        sync.table(
            TrainingSeries,
            ["key"],
            [series_row(item, formations) for _i, item in series],
            paths=[("series", index) for index, _item in series],
        )
        sync.table(
            Training,
            ["key"],
            [training_row(item, replayed[item.key][0], formations) for _i, item in trainings],
            paths=[("trainings", index) for index, _item in trainings],
        )
        changes, paths = [], []
        for index, item in enumerate(spec.trainings):
            for position, row in enumerate(replayed[item.key][1]):
                changes.append(row)
                paths.append(
                    ("trainings", index, "history", position - 1) if position else ("trainings", index)
                )
        sync.table(TrainingChange, ["training", "file_key"], changes, paths=paths)
        sync.table(
            TrainingYear,
            ["year"],
            [year_row(item) for item in spec.years],
            paths=[("years", index) for index in range(len(spec.years))],
        )
        return sync.finish()


def series_row(item: SeriesSpec, formations: dict[str, Formation]) -> dict[str, Any]:
    return {
        "key": item.key,
        **pair(item.name, "name"),
        "parent": Ref(TrainingSeries, item.part_of) if item.part_of else None,
        "umbrella": item.umbrella,
        "formation": formations.get(item.formation) if item.formation else None,
        **pair(item.note, "note"),
        "source_keys": item.sources,
    }


def year_row(item: YearSpec) -> dict[str, Any]:
    return {
        "year": item.year,
        "planned_count": item.planned_count,
        "personnel": item.personnel,
        "personnel_about": item.personnel_about,
        **pair(item.note, "note"),
        "source_keys": item.sources,
    }

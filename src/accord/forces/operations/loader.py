"""The joint operations file (``forces/operations.yaml``): types of operation with the indicators their
results may count, operations with their phases, participating states and results.

The whole file is checked before anything is written: the schema (unknown keys are errors), then the
references (states, sources, operation types, phases, indicators), each participant's capacity under
the charter on the operation's dates, and every note against the names check. A problem refuses the
file with its line and field. Writing goes through :mod:`accord.core.sync`, so a reload never takes
away a result or a participant that a user recorded.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from pydantic import Field, ValidationError

from accord.charter.loader import CharterFileError, MarkedYaml, Problem, read_marked_yaml
from accord.charter.models import State
from accord.charter.schema import Code, FuzzyDateField, Key, Names, Strict
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.ingest import dotted, schema_problem
from accord.core.models import Source
from accord.core.sync import DataFile, FileSync, FileWins, Ref, SyncReport
from accord.forces.capacity import Activity, capacity
from accord.forces.models import (
    Indicator,
    Operation,
    OperationParticipant,
    OperationPhase,
    OperationResult,
    OperationType,
)
from accord.forces.no_names import names_in
from accord.forces.operations.series import feed_operations

OperationsFileError = CharterFileError
THOUSANDTH = Decimal("0.001")
ClassificationName = Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"]
ReleaseName = Literal["everyone", "members-and-partners", "members-only"]


class IndicatorSpec(Strict):
    key: Key
    name: Names
    unit: Annotated[str, Field(min_length=1, max_length=40)]
    counts: Names | None = None
    aggregation: Literal["sum", "max"] = "sum"


class TypeSpec(Strict):
    key: Literal["channel", "illegal", "mercenary", "proxy"]
    name: Names
    threat: Names
    agencies: Names | None = None
    third_countries: bool = False
    sources: Annotated[list[Key], Field(min_length=1)]
    indicators: list[IndicatorSpec] = []


class PhaseSpec(Strict):
    key: Key
    name: Names
    start: FuzzyDateField
    end: FuzzyDateField
    sources: list[Key] = []


class Note(Strict):
    """A note in both languages, as every data file gives its text."""

    en: Annotated[str, Field(min_length=1, max_length=2000)]
    ru: Annotated[str, Field(min_length=1, max_length=2000)]


class ResultSpec(Strict):
    phase: Key
    state: Code | None = None
    indicator: Key
    value: Annotated[Decimal, Field(ge=0, max_digits=14, decimal_places=3)]
    qualifier: Literal["exact", "about", "more-than"] = "exact"
    source: Key
    note: Note | None = None
    classification: ClassificationName = "RESTRICTED"
    releasability: ReleaseName = "members-only"


class ParticipantSpec(Strict):
    state: Code
    sources: list[Key] = []


class OperationSpec(Strict):
    key: Key
    type: Key
    name: Names
    year: Annotated[int, Field(ge=1992, le=2200)]
    note: Note | None = None
    classification: ClassificationName = "PUBLIC"
    releasability: ReleaseName = "everyone"
    sources: Annotated[list[Key], Field(min_length=1)]
    phases: Annotated[list[PhaseSpec], Field(min_length=1)]
    participants: list[ParticipantSpec] = []
    results: list[ResultSpec] = []


class OperationsSpec(Strict):
    operation_types: list[TypeSpec] = []
    operations: list[OperationSpec] = []


def read_operations(path: Path) -> tuple[OperationsSpec, MarkedYaml]:
    """The checked file and the YAML it came from (which knows the line of every value)."""
    marked = read_marked_yaml(path)
    try:
        spec = OperationsSpec.model_validate(marked.value)
    except ValidationError as error:
        raise OperationsFileError([schema_problem(marked, item) for item in error.errors()[:30]]) from None
    problems = Checker(spec, marked).problems()
    if problems:
        raise OperationsFileError(problems)
    return spec, marked


class Checker:
    """The references and rules of a schema-valid file, each problem with its line and field."""

    def __init__(self, spec: OperationsSpec, marked: MarkedYaml) -> None:
        self.spec, self.marked = spec, marked
        self.found: list[Problem] = []
        self.states = set(State.objects.values_list("code", flat=True))
        self.sources = set(Source.objects.values_list("key", flat=True))
        self.indicators = {item.key: {i.key for i in item.indicators} for item in spec.operation_types}

    def need(self, condition: bool, path: tuple, message: str) -> None:
        if not condition:
            self.found.append(Problem(self.marked.file, self.marked.line_of(path), dotted(path), message))

    def known_sources(self, keys: list[str], path: tuple) -> None:
        for key in keys:
            self.need(key in self.sources, path, f"unknown source {key!r}")

    def problems(self) -> list[Problem]:
        seen_types: set[str] = set()
        for index, item in enumerate(self.spec.operation_types):
            self.need(item.key not in seen_types, ("operation_types", index, "key"), "listed twice")
            seen_types.add(item.key)
            self.known_sources(item.sources, ("operation_types", index, "sources"))
            keys = [indicator.key for indicator in item.indicators]
            self.need(len(keys) == len(set(keys)), ("operation_types", index, "indicators"), "a key twice")
        seen: set[str] = set()
        for index, operation in enumerate(self.spec.operations):
            self.need(operation.key not in seen, ("operations", index, "key"), "listed twice")
            seen.add(operation.key)
            self.operation(index, operation)
        return self.found

    def operation(self, index: int, spec: OperationSpec) -> None:
        at = ("operations", index)
        self.need(spec.type in self.indicators, (*at, "type"), f"unknown type of operation {spec.type!r}")
        self.known_sources(spec.sources, (*at, "sources"))
        phases = {}
        for number, phase in enumerate(spec.phases):
            where = (*at, "phases", number)
            self.need(phase.key not in phases, (*where, "key"), "listed twice")
            phases[phase.key] = phase
            self.need(
                phase.start.latest() <= phase.end.latest(), (*where, "end"), "the phase ends before it starts"
            )
            self.known_sources(phase.sources, (*where, "sources"))
        for number, participant in enumerate(spec.participants):
            self.participant(spec, participant, (*at, "participants", number))
        for number, result in enumerate(spec.results):
            self.result(spec, phases, result, (*at, "results", number))

    def participant(self, operation: OperationSpec, spec: ParticipantSpec, where: tuple) -> None:
        if spec.state not in self.states:
            self.need(False, (*where, "state"), f"unknown state {spec.state!r}")
            return
        self.known_sources(spec.sources, (*where, "sources"))
        start, end = operation_dates(operation)
        answer = capacity(spec.state, start, end, Activity.OPERATIONS)
        self.need(answer.value is not None, (*where, "state"), refusal_text(answer))

    def result(self, operation: OperationSpec, phases: dict, spec: ResultSpec, where: tuple) -> None:
        self.need(spec.phase in phases, (*where, "phase"), f"unknown phase {spec.phase!r}")
        known = self.indicators.get(operation.type, set())
        self.need(
            spec.indicator in known,
            (*where, "indicator"),
            f"{spec.indicator!r} is not an indicator of {operation.type!r} operations",
        )
        if spec.state is not None:
            listed = {item.state for item in operation.participants}
            self.need(spec.state in listed, (*where, "state"), f"{spec.state} does not take part")
        self.need(spec.source in self.sources, (*where, "source"), f"unknown source {spec.source!r}")
        for language in ("en", "ru"):
            named = names_in(getattr(spec.note, language) if spec.note else "")
            self.need(
                named is None, (*where, "note", language), f"a result's note names no one; found {named}"
            )


def operation_dates(spec: OperationSpec) -> tuple[datetime.date, datetime.date]:
    """The first and last day an operation can have run, from its phases."""
    starts = [phase.start.earliest() or phase.start.latest() for phase in spec.phases]
    return min(starts), max(phase.end.latest() for phase in spec.phases)


def refusal_text(answer) -> str:
    """The charter's reasons for a refused capacity, in English (a data file's problem)."""
    return " ".join(reason.render(lambda text: text, "en") for reason in answer.reasons)


def names(value: Names | None, prefix: str) -> dict[str, str]:
    return {f"{prefix}_en": value.en if value else "", f"{prefix}_ru": value.ru if value else ""}


class OperationsSync:
    """Turns an operations file into rows for :class:`accord.core.sync.FileSync`, parents first."""

    def __init__(self, spec: OperationsSpec, sync: FileSync) -> None:
        self.spec, self.sync = spec, sync
        self.states = {state.code: state for state in State.objects.all()}

    def run(self) -> SyncReport:
        spec, sync = self.spec, self.sync
        types = sync.table(OperationType, ["key"], [self.type_row(item) for item in spec.operation_types])
        indicators = sync.table(Indicator, ["operation_type", "key"], self.indicator_rows())
        self.indicators = {
            (types[kind].key, key): item
            for (kind_pk, key), item in indicators.items()
            for kind in types
            if types[kind].pk == kind_pk
        }
        self.operations = sync.table(
            Operation, ["key"], [self.operation_row(item) for item in spec.operations]
        )
        phases = sync.table(OperationPhase, ["operation", "key"], self.phase_rows())
        self.phases = {(item.operation.key, item.key): item for item in phases.values()}
        sync.table(OperationParticipant, ["operation", "state"], self.participant_rows())
        sync.table(OperationResult, ["operation", "phase", "state", "indicator"], self.result_rows())
        report = sync.finish()
        feed_operations(list(self.operations.values()), actor=sync.actor)
        return report

    def type_row(self, spec: TypeSpec) -> dict:
        return {
            "key": spec.key,
            **names(spec.name, "name"),
            **names(spec.threat, "threat"),
            **names(spec.agencies, "agencies"),
            "third_countries": spec.third_countries,
            "source_keys": spec.sources,
        }

    def indicator_rows(self) -> list[dict]:
        return [
            {
                "operation_type": Ref(OperationType, item.key),
                "key": indicator.key,
                **names(indicator.name, "name"),
                "unit": indicator.unit,
                **names(indicator.counts, "counts"),
                "aggregation": indicator.aggregation,
            }
            for item in self.spec.operation_types
            for indicator in item.indicators
        ]

    def operation_row(self, spec: OperationSpec) -> dict:
        return {
            "key": spec.key,
            "operation_type": Ref(OperationType, spec.type),
            **names(spec.name, "name"),
            "year": spec.year,
            "note": spec.note.en if spec.note else "",
            "note_ru": spec.note.ru if spec.note else "",
            "classification": Classification[spec.classification],
            "releasability": spec.releasability,
            "release_to": "",
            "source_keys": spec.sources,
        }

    def phase_rows(self) -> list[dict]:
        return [
            {
                "operation": Ref(Operation, spec.key),
                "key": phase.key,
                **names(phase.name, "name"),
                "start": phase.start.earliest() or phase.start.latest(),
                "start_precision": phase.start.precision,
                "end": phase.end.latest(),
                "end_precision": phase.end.precision,
                "source_keys": phase.sources or spec.sources,
            }
            for spec in self.spec.operations
            for phase in spec.phases
        ]

    def participant_rows(self) -> list[dict]:
        rows = []
        for spec in self.spec.operations:
            start, end = operation_dates(spec)
            for item in spec.participants:
                answer = capacity(item.state, start, end, Activity.OPERATIONS)
                rows.append(
                    {
                        "operation": Ref(Operation, spec.key),
                        "state": self.states[item.state],
                        "capacity": str(answer.value),
                        "reason": refusal_text(answer),
                        "source_keys": item.sources or spec.sources,
                    }
                )
        return rows

    def result_rows(self) -> list[dict]:
        return [
            {
                "operation": Ref(Operation, spec.key),
                "phase": self.phases[(spec.key, item.phase)],
                "state": self.states[item.state] if item.state else None,
                "indicator": self.indicators[(spec.type, item.indicator)],
                "value": item.value.quantize(THOUSANDTH),  # as the column keeps it: a reload sees no change
                "qualifier": item.qualifier,
                "unit": self.unit(spec.type, item.indicator),
                "source": item.source,
                "note": item.note.en if item.note else "",
                "note_ru": item.note.ru if item.note else "",
                "classification": Classification[item.classification],
                "releasability": item.releasability,
                "release_to": "",
            }
            for spec in self.spec.operations
            for item in spec.results
        ]

    def unit(self, type_key: str, indicator_key: str) -> str:
        kind = next(item for item in self.spec.operation_types if item.key == type_key)
        return next(item.unit for item in kind.indicators if item.key == indicator_key)


def load_operations(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check an operations file, then load it in one transaction (known by its name)."""
    spec, marked = read_operations(path)
    reason = f"data file {path.name}"
    file = DataFile.read(f"forces:{path.name}", path, reason=reason, legacy_reason=reason)
    with transaction.atomic():
        sync = FileSync(file, actor=actor, line_of=marked.line_of, file_wins=file_wins)
        return OperationsSync(spec, sync).run()

"""The registry's data files: ``contributions.yaml``, ``cooperation.yaml`` and ``personnel.yaml``.

Each is checked whole (problems as ``FILE:LINE: field.path: what is wrong``, nothing written), then
loaded through the shared sync (:mod:`accord.core.sync`), so a reload never takes away or overwrites
what users recorded: rows recorded by people have no key and are not the file's.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from pydantic import BaseModel, Field, ValidationError

from accord.charter.loader import (
    CharterFileError,
    MarkedYaml,
    Problem,
    dotted,
    read_marked_yaml,
    schema_problem,
)
from accord.charter.models import State
from accord.charter.schema import ClassificationName, Code, FuzzyDateField, Key, ReleaseName, Strict
from accord.charter.sections import CLASSIFICATION_BY_NAME
from accord.core.audit import Actor
from accord.core.models import Source
from accord.core.sync import DataFile, FileSync, FileWins, Ref, SyncReport
from accord.forces.formations_file import BothNames, BothProse, pair
from accord.forces.models import (
    Agreement,
    Contribution,
    EventKind,
    EventStatus,
    Formation,
    JointEvent,
    PartnerKind,
    PartnerOrganization,
    PersonnelTraining,
    TrainingField,
    UnitType,
)
from accord.forces.models.contributions import MAX_STRENGTH
from accord.forces.models.personnel import MAX_PLACES
from accord.forces.no_names import looks_like_names

Figure = Annotated[int, Field(ge=0, le=MAX_STRENGTH)]
Places = Annotated[int, Field(ge=0, le=MAX_PLACES)]
Sources = Annotated[list[Key], Field(min_length=1)]


def choice(choices: type) -> object:
    return Literal[tuple(choices.values)]  # type: ignore[valid-type]


class BothShort(Strict):
    en: Annotated[str, Field(min_length=1, max_length=40)]
    ru: Annotated[str, Field(min_length=1, max_length=40)]


class BothLine(Strict):
    en: Annotated[str, Field(min_length=1, max_length=300)]
    ru: Annotated[str, Field(min_length=1, max_length=300)]


class LabelsSpec(Strict):
    classification: ClassificationName
    releasability: ReleaseName


class ContributionSpec(Strict):
    key: Key
    formation: Key
    state: Code
    unit_type: choice(UnitType)  # type: ignore[valid-type]
    description: BothLine | None = None
    personnel: Figure | None = None
    equipment: Figure | None = None
    valid_from: FuzzyDateField | None = None
    valid_until: FuzzyDateField | None = None
    note: BothProse | None = None
    labels: LabelsSpec | None = None
    sources: Sources


class OrganizationSpec(Strict):
    key: Key
    name: BothNames
    abbreviation: BothShort | None = None
    kind: choice(PartnerKind)  # type: ignore[valid-type]
    part_of: Key | None = None
    note: BothProse | None = None
    sources: Sources


class AgreementSpec(Strict):
    key: Key
    organization: Key
    title: BothLine
    signed: FuzzyDateField | None = None
    in_force_from: FuzzyDateField | None = None
    in_force_until: FuzzyDateField | None = None
    sources: Sources


class EventSpec(Strict):
    key: Key
    organizations: Annotated[list[Key], Field(min_length=1)]
    title: BothLine
    date: FuzzyDateField | None = None
    place: BothLine | None = None
    kind: choice(EventKind)  # type: ignore[valid-type]
    status: choice(EventStatus)  # type: ignore[valid-type]
    note: BothProse | None = None
    sources: Sources


class TrainingSpec(Strict):
    key: Key
    year: Annotated[int, Field(ge=1992, le=2100)]
    state: Code | None = None
    field: choice(TrainingField) | None = None  # type: ignore[valid-type]
    institution: BothLine
    places_offered: Places | None = None
    places_used: Places | None = None
    approximate: bool = False
    note: BothProse | None = None
    labels: LabelsSpec | None = None
    sources: Sources


class ContributionsFile(Strict):
    contributions: list[ContributionSpec] = []


class CooperationFile(Strict):
    organizations: list[OrganizationSpec] = []
    agreements: list[AgreementSpec] = []
    events: list[EventSpec] = []


class PersonnelFile(Strict):
    training: list[TrainingSpec] = []


Need = Callable[[bool, tuple, str], None]


def read_checked(path: Path, schema: type[BaseModel], check: Callable[[BaseModel, Need], None]) -> tuple:
    """The file checked against its schema and then by ``check``; refused whole with lines."""
    marked = read_marked_yaml(path)
    try:
        spec = schema.model_validate(marked.value)
    except ValidationError as error:
        raise CharterFileError([schema_problem(marked, item) for item in error.errors()[:30]]) from None
    problems: list[Problem] = []

    def need(condition: bool, where: tuple, message: str) -> None:
        if not condition:
            problems.append(Problem(marked.file, marked.line_of(where), dotted(where), message))

    check(spec, need)
    if problems:
        raise CharterFileError(problems)
    return spec, marked


def check_common(items: list, section: str, need: Need, text_fields: tuple[str, ...] = ("note",)) -> None:
    """Unique keys, known sources, and no names of people in the free text."""
    sources = set(Source.objects.values_list("key", flat=True))
    keys = [item.key for item in items]
    for index, item in enumerate(items):
        at = (section, index)
        need(keys.count(item.key) == 1, (*at, "key"), f"the key {item.key!r} is used more than once")
        for position, key in enumerate(item.sources):
            need(key in sources, (*at, "sources", position), f"unknown source {key!r}")
        for name in text_fields:
            value = getattr(item, name, None)
            for language in ("en", "ru"):
                why = looks_like_names(getattr(value, language, "")) if value else None
                need(why is None, (*at, name, language), f"no names of people here: {why}")


def labels_row(labels: LabelsSpec | None, default: int) -> dict:
    if labels is None:
        return {"classification": default, "releasability": "members-only", "release_to": ""}
    return {
        "classification": CLASSIFICATION_BY_NAME[labels.classification],
        "releasability": labels.releasability,
        "release_to": "",
    }


def sync_file(
    path: Path, marked: MarkedYaml, actor: Actor, file_wins: FileWins | None, tables: list
) -> SyncReport:
    """Write the tables (model, key fields, rows, paths) in one transaction through the shared sync."""
    reason = f"forces data file {path.name}"
    file = DataFile.read(f"forces:{path.name}", path, reason=reason, legacy_reason=reason)
    with transaction.atomic():
        sync = FileSync(file, actor=actor, line_of=marked.line_of, file_wins=file_wins)
        for model, key, rows, paths in tables:
            sync.table(model, key, rows, paths=paths)
        return sync.finish()


def check_contributions(spec: ContributionsFile, need: Need) -> None:
    formations = set(Formation.objects.values_list("key", flat=True))
    states = set(State.objects.values_list("code", flat=True))
    check_common(spec.contributions, "contributions", need, ("note", "description"))
    for index, item in enumerate(spec.contributions):
        at = ("contributions", index)
        need(item.formation in formations, (*at, "formation"), f"unknown formation {item.formation!r}")
        need(item.state in states, (*at, "state"), f"unknown state {item.state!r}")
        need(
            not (item.valid_from and item.valid_until and item.valid_until.value < item.valid_from.value),
            (*at, "valid_until"),
            "ends before it begins",
        )


def load_contributions(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a contributions file, then load it (the contributions users recorded stay as they are)."""
    spec, marked = read_checked(path, ContributionsFile, check_contributions)
    formations = {formation.key: formation for formation in Formation.objects.all()}
    states = {state.code: state for state in State.objects.all()}
    rows = [
        {
            "key": item.key,
            "formation": formations[item.formation],
            "state": states[item.state],
            "unit_type": item.unit_type,
            **pair(item.description, "description"),
            "personnel": item.personnel,
            "equipment": item.equipment,
            "valid_from": item.valid_from.value if item.valid_from else None,
            "valid_until": item.valid_until.value if item.valid_until else None,
            **pair(item.note, "note"),
            **labels_row(item.labels, 2),
            "source_keys": item.sources,
        }
        for item in spec.contributions
    ]
    paths = [("contributions", index) for index in range(len(rows))]
    return sync_file(path, marked, actor, file_wins, [(Contribution, ["key"], rows, paths)])


def check_cooperation(spec: CooperationFile, need: Need) -> None:
    keys = [item.key for item in spec.organizations]
    check_common(spec.organizations, "organizations", need)
    check_common(spec.agreements, "agreements", need, ())
    check_common(spec.events, "events", need)
    for index, item in enumerate(spec.organizations):
        parent_known = item.part_of is None or item.part_of in keys[:index]
        need(parent_known, ("organizations", index, "part_of"), f"name {item.part_of!r} before its parts")
    for index, item in enumerate(spec.agreements):
        at = ("agreements", index, "organization")
        need(item.organization in keys, at, f"unknown organization {item.organization!r}")
    for index, item in enumerate(spec.events):
        for position, key in enumerate(item.organizations):
            need(key in keys, ("events", index, "organizations", position), f"unknown organization {key!r}")


def load_cooperation(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a cooperation file, then load partners, agreements and events (parents first)."""
    spec, marked = read_checked(path, CooperationFile, check_cooperation)
    organizations = [
        {
            "key": item.key,
            **pair(item.name, "name"),
            **pair(item.abbreviation, "abbreviation"),
            "kind": item.kind,
            "parent": Ref(PartnerOrganization, item.part_of) if item.part_of else None,
            **pair(item.note, "note"),
            "source_keys": item.sources,
        }
        for item in spec.organizations
    ]
    agreements = [
        {
            "key": item.key,
            "organization": Ref(PartnerOrganization, item.organization),
            **pair(item.title, "title"),
            "signed": item.signed.value if item.signed else None,
            "signed_precision": item.signed.precision if item.signed else "day",
            "in_force_from": item.in_force_from.value if item.in_force_from else None,
            "in_force_until": item.in_force_until.value if item.in_force_until else None,
            "source_keys": item.sources,
        }
        for item in spec.agreements
    ]
    events = [
        {
            "key": item.key,
            "organizations": [Ref(PartnerOrganization, key) for key in item.organizations],
            **pair(item.title, "title"),
            "date": item.date.value if item.date else None,
            "date_precision": item.date.precision if item.date else "day",
            **pair(item.place, "place"),
            "kind": item.kind,
            "status": item.status,
            **pair(item.note, "note"),
            "source_keys": item.sources,
        }
        for item in spec.events
    ]

    def paths(section: str, rows: list) -> list[tuple]:
        return [(section, index) for index in range(len(rows))]

    tables = [
        (PartnerOrganization, ["key"], organizations, paths("organizations", organizations)),
        (Agreement, ["key"], agreements, paths("agreements", agreements)),
        (JointEvent, ["key"], events, paths("events", events)),
    ]
    return sync_file(path, marked, actor, file_wins, tables)


def check_personnel(spec: PersonnelFile, need: Need) -> None:
    states = set(State.objects.values_list("code", flat=True))
    check_common(spec.training, "training", need, ("note", "institution"))
    for index, item in enumerate(spec.training):
        at = ("training", index)
        need(item.state is None or item.state in states, (*at, "state"), f"unknown state {item.state!r}")
        need(
            item.places_offered is None
            or item.places_used is None
            or item.places_used <= item.places_offered,
            (*at, "places_used"),
            "more places used than offered",
        )


def load_personnel(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a personnel file, then load its figures (those users recorded stay as they are)."""
    spec, marked = read_checked(path, PersonnelFile, check_personnel)
    states = {state.code: state for state in State.objects.all()}
    rows = [
        {
            "key": item.key,
            "year": item.year,
            "state": states[item.state] if item.state else None,
            "field": item.field or "",
            **pair(item.institution, "institution"),
            "places_offered": item.places_offered,
            "places_used": item.places_used,
            "approximate": item.approximate,
            **pair(item.note, "note"),
            **labels_row(item.labels, 1),
            "source_keys": item.sources,
        }
        for item in spec.training
    ]
    paths = [("training", index) for index in range(len(rows))]
    return sync_file(path, marked, actor, file_wins, [(PersonnelTraining, ["key"], rows, paths)])

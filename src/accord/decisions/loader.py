"""Loading a decisions data file (sessions, documents, measures): checked whole, then written.

Problems are reported as ``FILE:LINE: field.path: what is wrong`` and nothing is written unless
the whole file is valid. Loading the same file again changes nothing; an edited file updates what
changed and removes what it dropped, every change recorded, and what people recorded is kept
(:mod:`accord.core.sync`).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Literal

from django.db import transaction
from pydantic import Field, ValidationError

from accord.charter.facts import load_facts
from accord.charter.loader import (
    SHIPPED_CHARTERS_DIR,
    CharterFileError,
    MarkedYaml,
    Problem,
    dotted,
    read_marked_yaml,
    schema_problem,
)
from accord.charter.models import Body, State
from accord.charter.rules import FuzzyDate
from accord.charter.schema import Code, FuzzyDateField, Key, Names, PersonNames, Prose, Strict, TitleNames
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.ingest import LARGEST_COLUMN_INT
from accord.core.models import Source
from accord.core.sync import DataFile, FileSync, FileWins, Ref, SyncReport
from accord.decisions.models import AgendaItem, Document, Measure, Participant, Session, StatementTally
from accord.decisions.services import capacity_on

DataFileError = CharterFileError


class AgendaSpec(Strict):
    title: TitleNames
    outcome: Literal["pending", "adopted", "not-adopted", "noted", "postponed"] = "pending"
    note: str = ""
    decision: Key | None = None
    sources: list[Key] = []


class SessionSpec(Strict):
    key: Key
    body: Key
    title: Names
    date: FuzzyDateField
    place: PersonNames | None = None
    format: Literal["in-person", "video-conference"] = "in-person"
    kind: Literal["regular", "out-of-schedule"] = "regular"
    chair_state: Code | None = None
    chair_person: PersonNames | None = None
    participants: list[Code] = []
    classification: Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"] = "PUBLIC"
    releasability: Literal["everyone", "members-and-partners", "members-only"] = "everyone"
    note: str = ""
    sources: list[Key] = []
    agenda: list[AgendaSpec] = []


class MeasureSpec(Strict):
    number: Annotated[str, Field(min_length=1, max_length=16)]
    text: Prose
    states: list[Code] = []
    bodies: list[Key] = []
    starts: datetime.date | None = None
    deadline: datetime.date | None = None
    done: datetime.date | None = None
    sources: list[Key] = []


class DocumentSpec(Strict):
    key: Key
    kind: Document.Kind
    statement_level: Literal["heads-of-state", "foreign-ministers", "un", "osce"] | None = None
    title: TitleNames
    body: Key | None = None
    session: Key | None = None
    date: FuzzyDateField
    text: str = ""
    classification: Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"] = "PUBLIC"
    releasability: Literal["everyone", "members-and-partners", "members-only"] = "everyone"
    sources: list[Key] = []
    measures: list[MeasureSpec] = []


class TallySpec(Strict):
    year: Annotated[int, Field(ge=1900, le=2200)]
    count: Annotated[int, Field(ge=0, le=LARGEST_COLUMN_INT)]
    levels: list[Literal["heads-of-state", "foreign-ministers", "un", "osce"]] = []
    sources: Annotated[list[Key], Field(min_length=1)]


class DecisionsSpec(Strict):
    sessions: list[SessionSpec] = []
    documents: list[DocumentSpec] = []
    statement_tallies: list[TallySpec] = []


def resolve_decisions_path(name_or_path: str) -> Path:
    """A shipped data file by organization name (``csto``) or a path."""
    shipped = SHIPPED_CHARTERS_DIR / name_or_path / "decisions.yaml"
    if "/" not in name_or_path and not name_or_path.endswith((".yaml", ".yml")) and shipped.exists():
        return shipped
    return Path(name_or_path)


def read_decisions(path: Path) -> DecisionsSpec:
    """Parse and check a decisions file against the schema and the database's charter."""
    return read_marked_decisions(path)[0]


def read_marked_decisions(path: Path) -> tuple[DecisionsSpec, MarkedYaml]:
    """The checked decisions file, and the YAML it came from (which knows the line of every value)."""
    marked = read_marked_yaml(path)
    try:
        spec = DecisionsSpec.model_validate(marked.value)
    except ValidationError as error:
        raise DataFileError([schema_problem(marked, item) for item in error.errors()[:30]]) from None
    problems = cross_check(spec, marked)
    if problems:
        raise DataFileError(problems)
    return spec, marked


def cross_check(spec: DecisionsSpec, marked: MarkedYaml) -> list[Problem]:
    """References to bodies, states, sources, sessions and documents must resolve."""
    problems: list[Problem] = []
    bodies = set(Body.objects.values_list("key", flat=True))
    states = set(State.objects.values_list("code", flat=True))
    sources = set(Source.objects.values_list("key", flat=True))
    sessions = {item.key for item in spec.sessions}
    documents = {item.key for item in spec.documents}

    def need(condition: bool, path: tuple, message: str) -> None:
        if not condition:
            problems.append(Problem(marked.file, marked.line_of(path), dotted(path), message))

    for index, session in enumerate(spec.sessions):
        need(session.body in bodies, ("sessions", index, "body"), f"unknown body {session.body!r}")
        for position, code in enumerate(
            [*session.participants, *([session.chair_state] if session.chair_state else [])]
        ):
            need(code in states, ("sessions", index, "participants", position), f"unknown state {code!r}")
        for position, item in enumerate(session.agenda):
            need(
                item.decision is None or item.decision in documents,
                ("sessions", index, "agenda", position, "decision"),
                f"unknown document {item.decision!r}",
            )
            for key in item.sources:
                need(
                    key in sources,
                    ("sessions", index, "agenda", position, "sources"),
                    f"unknown source {key!r}",
                )
        for key in session.sources:
            need(key in sources, ("sessions", index, "sources"), f"unknown source {key!r}")
    for index, document in enumerate(spec.documents):
        need(
            document.body is None or document.body in bodies,
            ("documents", index, "body"),
            f"unknown body {document.body!r}",
        )
        need(
            document.session is None or document.session in sessions,
            ("documents", index, "session"),
            f"unknown session {document.session!r}",
        )
        for key in document.sources:
            need(key in sources, ("documents", index, "sources"), f"unknown source {key!r}")
        for position, measure in enumerate(document.measures):
            for code in measure.states:
                need(
                    code in states,
                    ("documents", index, "measures", position, "states"),
                    f"unknown state {code!r}",
                )
            for key in measure.bodies:
                need(
                    key in bodies,
                    ("documents", index, "measures", position, "bodies"),
                    f"unknown body {key!r}",
                )
    return problems


def names(value: Names | None, prefix: str) -> dict[str, str]:
    return {f"{prefix}_en": value.en if value else "", f"{prefix}_ru": value.ru if value else ""}


def fuzzy(value: FuzzyDate) -> dict:
    return {"date": value.value, "date_precision": value.precision}


def at(section: str, items: list) -> list[tuple]:
    """Where each item of a section is in the file, for the line of a conflict."""
    return [(section, index) for index in range(len(items))]


def within(parents: list[SessionSpec] | list[DocumentSpec], name: str) -> list[tuple]:
    """Where each item of every parent's ``name`` list is (``("sessions", 0, "agenda", 1)``)."""
    section = "sessions" if parents and isinstance(parents[0], SessionSpec) else "documents"
    return [
        (section, index, name, position)
        for index, parent in enumerate(parents)
        for position in range(len(getattr(parent, name)))
    ]


class DecisionsSync:
    """Turns a decisions file into rows for :class:`accord.core.sync.FileSync`, parents first.

    Sessions and documents that people record beside the file's (and what they record on the
    file's: decided agenda items, progress reports) stay through a reload; see :mod:`accord.core.sync`.
    """

    def __init__(self, spec: DecisionsSpec, sync: FileSync) -> None:
        self.spec, self.sync = spec, sync
        self.bodies = {body.key: body for body in Body.objects.all()}
        self.states = {state.code: state for state in State.objects.all()}

    def run(self) -> SyncReport:
        """Write every section, then remove what the file no longer lists."""
        spec = self.spec
        self.sync.table(
            Session,
            ["key"],
            [self.session_row(item) for item in spec.sessions],
            paths=at("sessions", spec.sessions),
        )
        self.sync.table(
            Participant,
            ["session", "state"],
            self.participant_rows(),
            paths=within(spec.sessions, "participants"),
        )
        self.sync.table(
            Document,
            ["key"],
            [self.document_row(item) for item in spec.documents],
            paths=at("documents", spec.documents),
        )
        self.sync.table(
            Measure, ["program", "number"], self.measure_rows(), paths=within(spec.documents, "measures")
        )
        self.sync.table(
            AgendaItem, ["session", "number"], self.agenda_rows(), paths=within(spec.sessions, "agenda")
        )
        tallies = [
            {"year": tally.year, "count": tally.count, "levels": tally.levels, "source_keys": tally.sources}
            for tally in self.spec.statement_tallies
        ]
        self.sync.table(StatementTally, ["year"], tallies, paths=at("statement_tallies", tallies))
        return self.sync.finish()

    def session_row(self, spec: SessionSpec) -> dict:
        return {
            "key": spec.key,
            "body": self.bodies[spec.body],
            **names(spec.title, "title"),
            **fuzzy(spec.date),
            **names(spec.place, "place"),
            "format": spec.format,
            "kind": spec.kind,
            "chair_state": self.states[spec.chair_state] if spec.chair_state else None,
            **names(spec.chair_person, "chair_person"),
            "classification": Classification[spec.classification],
            "releasability": spec.releasability,
            "release_to": "",
            "note": spec.note,
            "source_keys": spec.sources,
        }

    def participant_rows(self) -> list[dict]:
        """Each participant with the capacity its state held on the day of the session."""
        facts = load_facts()
        return [
            {
                "session": Ref(Session, spec.key),
                "state": self.states[code],
                "capacity": capacity_on(self.states[code], spec.date.value, facts),
            }
            for spec in self.spec.sessions
            for code in spec.participants
        ]

    def document_row(self, spec: DocumentSpec) -> dict:
        return {
            "key": spec.key,
            "kind": spec.kind,
            "statement_level": spec.statement_level or "",
            **names(spec.title, "title"),
            "body": self.bodies.get(spec.body) if spec.body else None,
            "session": Ref(Session, spec.session) if spec.session else None,
            **fuzzy(spec.date),
            "text": spec.text,
            "classification": Classification[spec.classification],
            "releasability": spec.releasability,
            "release_to": "",
            "source_keys": spec.sources,
        }

    def measure_rows(self) -> list[dict]:
        return [
            {
                "program": Ref(Document, document.key),
                "number": item.number,
                "text_en": item.text.en,
                "text_ru": item.text.ru,
                "starts_on": item.starts,
                "deadline": item.deadline,
                "done_on": item.done,
                "source_keys": item.sources,
                "responsible_states": [self.states[code] for code in item.states],
                "responsible_bodies": [self.bodies[key] for key in item.bodies],
            }
            for document in self.spec.documents
            for item in document.measures
        ]

    def agenda_rows(self) -> list[dict]:
        return [
            {
                "session": Ref(Session, spec.key),
                "number": number,
                **names(item.title, "title"),
                "outcome": item.outcome,
                "outcome_note": item.note,
                "decision": Ref(Document, item.decision) if item.decision else None,
                "source_keys": item.sources,
            }
            for spec in self.spec.sessions
            for number, item in enumerate(spec.agenda, start=1)
        ]


def load_decisions(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a decisions file, then load it in one transaction.

    A decisions file is known by its name (``decisions:decisions.yaml``): an edited copy under the
    same name is the next version of the shipped file, and a file of one's own under another name
    is another file, which neither replaces nor deletes the shipped file's rows.
    """
    spec, marked = read_marked_decisions(path)
    reason = f"data file {path.name}"
    file = DataFile.read(f"decisions:{path.name}", path, reason=reason, legacy_reason=reason)
    with transaction.atomic():
        sync = FileSync(file, actor=actor, line_of=marked.line_of, file_wins=file_wins)
        return DecisionsSync(spec, sync).run()

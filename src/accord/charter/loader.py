"""Loading a charter file: YAML with line numbers, the schema, cross-references, then the sync.

The file is read through :mod:`accord.core.ingest` (size, encoding, no aliases, no deep nesting);
everything is checked before anything is written, and every problem is reported as
``FILE:LINE: field.path: what is wrong``, so that a person can go straight to it. A valid file
is then written through :mod:`accord.core.sync` (:func:`load_charter`, the sections in
:mod:`accord.charter.sections`), which makes the database say what the file says without taking
away what people recorded since.
"""

from __future__ import annotations

import datetime
import itertools
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from django.db import transaction
from pydantic import ValidationError

from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.rules import StatusSpan
from accord.charter.schema import CharterSpec
from accord.charter.sections import CharterSections
from accord.charter.services import CharterError
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor
from accord.core.ingest import (
    FileProblem,
    InputFileError,
    MarkedYaml,
    Path_,
    dotted,
    schema_problem,
)
from accord.core.sync import DataFile, FileSync, FileWins, SyncReport

__all__ = [
    "CharterFileError",
    "MarkedYaml",
    "Problem",
    "dotted",
    "load_charter",
    "read_charter",
    "schema_problem",
]

SHIPPED_CHARTERS_DIR = Path(__file__).resolve().parent.parent / "data"
MAX_REPORTED_PROBLEMS = 30
Problem = FileProblem


class CharterFileError(InputFileError):
    """A charter (or decisions) file that cannot be loaded; ``problems`` says what and where."""


def resolve_charter_path(name_or_path: str) -> Path:
    """A shipped charter by name (``csto``) or a file path."""
    shipped = SHIPPED_CHARTERS_DIR / name_or_path / "charter.yaml"
    if "/" not in name_or_path and not name_or_path.endswith((".yaml", ".yml")) and shipped.exists():
        return shipped
    return Path(name_or_path)


def read_marked_yaml(path: Path, missing: str = "no such file") -> MarkedYaml:
    """A YAML data file read through the safe loader (size, encoding, aliases and nesting checked
    before anything is converted); every refusal is a :class:`CharterFileError`.
    """
    if not path.exists() and not path.is_symlink():
        raise CharterFileError([Problem(str(path), 0, "", missing)])
    try:
        return MarkedYaml.read(path, what="YAML data file")
    except InputFileError as error:
        raise CharterFileError(error.problems) from None


def read_charter(path: Path, known_codes: Iterable[str] = ()) -> CharterSpec:
    """Parse and check a charter file; raise :class:`CharterFileError` listing every problem."""
    return read_marked_charter(path, known_codes)[0]


def read_marked_charter(path: Path, known_codes: Iterable[str] = ()) -> tuple[CharterSpec, MarkedYaml]:
    """The checked charter, and the YAML it came from (which knows the line of every value)."""
    marked = read_marked_yaml(path, "no such file (name a shipped charter such as 'csto', or a YAML file)")
    try:
        spec = CharterSpec.model_validate(marked.value)
    except ValidationError as error:
        problems = [schema_problem(marked, item) for item in error.errors()[:MAX_REPORTED_PROBLEMS]]
        raise CharterFileError(problems) from None
    problems = CrossReferences(spec, marked, set(known_codes)).check()
    if problems:
        raise CharterFileError(problems[:MAX_REPORTED_PROBLEMS])
    return spec, marked


class CrossReferences:
    """Checks that need the whole file: references resolve, keys are unique, intervals make sense."""

    def __init__(self, spec: CharterSpec, marked: MarkedYaml, known_codes: set[str]) -> None:
        self.spec = spec
        self.marked = marked
        self.problems: list[Problem] = []
        self.codes = known_codes | {state.code for state in spec.states}
        self.sources = {source.key for source in spec.sources}
        self.bodies = {body.key for body in spec.bodies}
        self.posts = {post.key for post in spec.posts}
        self.rotations = {rotation.key for rotation in spec.rotations}
        self.instruments = {instrument.key for instrument in spec.instruments}

    def problem(self, path: Path_, message: str) -> None:
        """Note a problem at ``path``."""
        self.problems.append(Problem(self.marked.file, self.marked.line_of(path), dotted(path), message))

    def check(self) -> list[Problem]:
        """Run every check and return the problems found, in file order."""
        self.check_unique_keys()
        self.check_sources_cited()
        self.check_state_references()
        self.check_key_references()
        self.check_status_intervals()
        self.check_appointments()
        self.check_chairs()
        self.check_body_tree()
        return sorted(self.problems, key=lambda problem: problem.line)

    def check_unique_keys(self) -> None:
        """No two entries of a section share their key."""
        sections: dict[str, list[Any]] = {
            "sources": [item.key for item in self.spec.sources],
            "states": [item.code for item in self.spec.states],
            "regions": [item.key for item in self.spec.regions],
            "areas_of_interest": [item.key for item in self.spec.areas_of_interest],
            "rotations": [item.key for item in self.spec.rotations],
            "bodies": [item.key for item in self.spec.bodies],
            "posts": [item.key for item in self.spec.posts],
            "instruments": [item.key for item in self.spec.instruments],
            "relations": [frozenset(item.states) for item in self.spec.relations],
            "facts": [(item.state, item.key) for item in self.spec.facts],
        }
        if self.spec.chairmanship:
            sections["chairmanship.recorded"] = [item.year for item in self.spec.chairmanship.recorded]
        for section, keys in sections.items():
            counts = Counter(keys)
            for index, key in enumerate(keys):
                if counts[key] > 1:
                    shown = "/".join(sorted(key)) if isinstance(key, frozenset) else key
                    self.problem((*section.split("."), index), f"{shown!s} is defined more than once")
                    counts[key] = 0

    def cited(self) -> Iterable[tuple[Path_, list[str]]]:
        """Every ``sources`` list in the file with its path."""

        def walk(value: Any, path: Path_) -> Iterable[tuple[Path_, list[str]]]:
            if isinstance(value, dict):
                for key, item in value.items():
                    if key == "sources" and path != ():
                        yield (*path, key), item if isinstance(item, list) else []
                    else:
                        yield from walk(item, (*path, key))
            elif isinstance(value, list):
                for index, item in enumerate(value):
                    yield from walk(item, (*path, index))

        yield from walk(self.marked.value, ())

    def check_sources_cited(self) -> None:
        """Every cited source is defined in ``sources``."""
        for path, keys in self.cited():
            for index, key in enumerate(keys):
                if key not in self.sources:
                    self.problem((*path, index), f"source {key!r} is not defined in the file's sources")

    def state_references(self) -> Iterable[tuple[Path_, str]]:
        """Every state code the file uses, with its path."""
        spec = self.spec
        for index, region in enumerate(spec.regions):
            for position, code in enumerate(region.states):
                yield ("regions", index, "states", position), code
        for index, area in enumerate(spec.areas_of_interest):
            for position, code in enumerate(area.states):
                yield ("areas_of_interest", index, "states", position), code
        for section in ("statuses", "appointments", "facts"):
            for index, item in enumerate(getattr(spec, section)):
                yield (section, index, "state"), item.state
        for index, rotation in enumerate(spec.rotations):
            for position, code in enumerate(rotation.states):
                yield ("rotations", index, "states", position), code
        if spec.chairmanship:
            for index, chair in enumerate(spec.chairmanship.recorded):
                yield ("chairmanship", "recorded", index, "state"), chair.state
        for index, instrument in enumerate(spec.instruments):
            for position, participant in enumerate(instrument.participants):
                yield ("instruments", index, "participants", position, "state"), participant.state
        for index, relation in enumerate(spec.relations):
            for position, code in enumerate(relation.states):
                yield ("relations", index, "states", position), code

    def check_state_references(self) -> None:
        """Every state code is defined in the file or in the reference data."""
        for path, code in self.state_references():
            if code not in self.codes:
                self.problem(
                    path, f"unknown state {code!r}: define it under states or load the reference data"
                )

    def check_key_references(self) -> None:
        """Bodies, posts, rotations and instruments named anywhere exist."""
        spec = self.spec
        for index, body in enumerate(spec.bodies):
            if body.under and body.under not in self.bodies:
                self.problem(("bodies", index, "under"), f"unknown body {body.under!r}")
        for index, post in enumerate(spec.posts):
            for field, known, what in (
                ("body", self.bodies, "body"),
                ("appointed_by", self.bodies, "body"),
                ("rotation", self.rotations, "rotation"),
            ):
                value = getattr(post, field)
                if value and value not in known:
                    self.problem(("posts", index, field), f"unknown {what} {value!r}")
        for index, appointment in enumerate(spec.appointments):
            if appointment.post not in self.posts:
                self.problem(("appointments", index, "post"), f"unknown post {appointment.post!r}")
        if spec.chairmanship and spec.chairmanship.rotation not in self.rotations:
            self.problem(("chairmanship", "rotation"), f"unknown rotation {spec.chairmanship.rotation!r}")
        for index, instrument in enumerate(spec.instruments):
            if instrument.adopted_by and instrument.adopted_by not in self.bodies:
                self.problem(("instruments", index, "adopted_by"), f"unknown body {instrument.adopted_by!r}")
            if instrument.entry_into_force == "on-date" and instrument.in_force_from is None:
                self.problem(
                    ("instruments", index, "in_force_from"), "required when entry_into_force is on-date"
                )
            states = [participant.state for participant in instrument.participants]
            for position, code in enumerate(states):
                if states.count(code) > 1 and states.index(code) != position:
                    self.problem(
                        ("instruments", index, "participants", position, "state"),
                        f"{code} is listed more than once",
                    )
        for status, criteria in spec.criteria.items():
            for index, criterion in enumerate(criteria):
                path = ("criteria", status, index)
                if criterion.kind == "instrument-in-force" and criterion.instrument not in self.instruments:
                    self.problem((*path, "instrument"), f"unknown instrument {criterion.instrument!r}")
                if criterion.kind == "recorded-fact" and not criterion.fact:
                    self.problem((*path, "fact"), "required for a recorded-fact criterion")
        self.check_assistance_bases()
        for index, rotation in enumerate(spec.rotations):
            if rotation.order == "explicit" and not rotation.states:
                self.problem(("rotations", index, "states"), "an explicit order needs the list of states")

    def check_assistance_bases(self) -> None:
        """A basis names a body that decides and rights some status gives (a typo locks everyone out)."""
        rights = {right.key for items in self.spec.rights.values() for right in items}
        for index, basis in enumerate(self.spec.assistance_bases):
            if basis.decided_by and basis.decided_by not in self.bodies:
                self.problem(("assistance_bases", index, "decided_by"), f"unknown body {basis.decided_by!r}")
            if "organization" in basis.channels and not basis.decided_by:
                self.problem(
                    ("assistance_bases", index, "decided_by"),
                    "required when a request may go through the Organization",
                )
            for field in ("requested_by", "offered_by"):
                for position, key in enumerate(getattr(basis, field)):
                    if key not in rights:
                        self.problem(
                            ("assistance_bases", index, field, position), f"no status gives the right {key!r}"
                        )

    def check_body_tree(self) -> None:
        """No body is under itself, directly or through others (bodies are written parents first)."""
        parents = {body.key: body.under for body in self.spec.bodies}
        for index, body in enumerate(self.spec.bodies):
            seen, current = {body.key}, body.under
            while current in parents and current not in seen:
                seen.add(current)
                current = parents[current]
            if current == body.key:
                self.problem(("bodies", index, "under"), f"{body.key} would be under itself")

    def check_status_intervals(self) -> None:
        """Each interval ends after it starts, and a state's intervals do not overlap."""
        spans: dict[str, list[tuple[int, StatusSpan]]] = {}
        for index, item in enumerate(self.spec.statuses):
            start = item.from_.earliest() or item.from_.latest() if item.from_ else None
            end = item.until.earliest() or item.until.latest() if item.until else None
            if start and end and end <= start:
                self.problem(
                    ("statuses", index, "until"), f"ends ({item.until}) before it starts ({item.from_})"
                )
                continue
            spans.setdefault(item.state, []).append((index, StatusSpan(item.state, item.status, start, end)))
        for code, items in spans.items():
            ordered = sorted(items, key=lambda pair: pair[1].start or datetime.date.min)
            for (_, earlier), (index, later) in itertools.pairwise(ordered):
                if earlier.end is None or (later.start is not None and later.start < earlier.end):
                    self.problem(
                        ("statuses", index, "from"),
                        f"{code}'s {later.status} status overlaps its {earlier.status} status",
                    )

    def check_appointments(self) -> None:
        """An appointment ends after it starts."""
        for index, item in enumerate(self.spec.appointments):
            if item.until and item.until <= item.from_:
                self.problem(
                    ("appointments", index, "until"), f"ends ({item.until}) before it starts ({item.from_})"
                )

    def check_chairs(self) -> None:
        """A recorded chair is a state the file gives some status (a typo would otherwise pass)."""
        with_status = {item.state for item in self.spec.statuses}
        if not self.spec.chairmanship:
            return
        for index, chair in enumerate(self.spec.chairmanship.recorded):
            if chair.state in self.codes and chair.state not in with_status:
                self.problem(
                    ("chairmanship", "recorded", index, "state"),
                    f"{chair.state} chairs in {chair.year} but holds no status in the file",
                )


def load_charter(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a charter file completely, then make the database match it in one transaction.

    The file is known by the organization it describes (``charter:csto``): a database holds one
    organization's charter, so an edited copy of the file, wherever it is, is the next version of
    the same file; another organization's charter is refused.
    """
    known_codes = set(charter.State.objects.values_list("code", flat=True))
    spec, marked = read_marked_charter(path, known_codes)
    existing = charter.Organization.objects.first()
    if existing and existing.key != spec.organization.key:
        raise CharterError(
            f"this database holds the charter of {existing.key!r}; "
            f"{path} describes {spec.organization.key!r}. "
            "Use a separate database (ACCORD_DATABASE_URL) for another organization."
        )
    file = DataFile.read(
        f"charter:{spec.organization.key}",
        path,
        reason=f"charter file {path.name}",
        legacy_reason="charter file ",
    )
    with transaction.atomic():
        sync = FileSync(file, actor=actor, line_of=marked.line_of, file_wins=file_wins)
        report = CharterSections(spec, sync).run()
        report.rule_warnings = statuses_the_rules_refuse(spec, path, marked.line_of)
        return report


def statuses_the_rules_refuse(spec: CharterSpec, path: Path, line_of: Any) -> list[str]:
    """The statuses the file grants that the admission criteria refuse on the day before they start
    (a file is history and may hold them, but says why with ``override``); each with file and line."""
    facts = load_facts(SYSTEM_USER)
    warnings = []
    for index, item in enumerate(spec.statuses):
        if item.status not in rules.GRANTABLE_STATUSES or item.override or item.from_ is None:
            continue
        if item.from_.precision != "day":
            continue
        day_before = item.from_.value - datetime.timedelta(days=1)
        answer = rules.eligibility(facts, item.state, item.status, day_before)
        if answer.value["answer"] != rules.NOT_ELIGIBLE:
            continue
        why = " ".join(reason.render() for reason in answer.reasons)
        line = line_of(("statuses", index))
        warnings.append(
            f"{path.name}:{line}: statuses: {item.state} {item.status} from {item.from_}: "
            f"the admission criteria refuse it: {why} (add `override: <why it stands>` to the row)"
        )
    return warnings

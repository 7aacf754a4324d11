"""The formations data file (``data/<org>/forces/formations.yaml``): checked whole, then synced.

Problems come back as ``FILE:LINE: field.path: what is wrong`` and nothing is written unless the
whole file is valid. The sync (:mod:`accord.core.sync`) keeps what people recorded: a formation a
user edited keeps the edit, and a formation that contributions refer to is never deleted by a file
that drops it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

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
from accord.charter.models import Region
from accord.charter.schema import FuzzyDateField, Key, Names, Strict
from accord.core.audit import Actor
from accord.core.models import Source
from accord.core.sync import DataFile, FileSync, FileWins, Ref, SyncReport
from accord.decisions.models import Document
from accord.forces.models import Formation, FormationKind


class BothNames(Names):
    """A name that a data file must give in both languages."""

    ru: Annotated[str, Field(min_length=1, max_length=300)]


class BothShort(Strict):
    en: Annotated[str, Field(min_length=1, max_length=40)]
    ru: Annotated[str, Field(min_length=1, max_length=40)]


class BothProse(Strict):
    en: Annotated[str, Field(min_length=1)]
    ru: Annotated[str, Field(min_length=1)]


class BothNote(Strict):
    en: Annotated[str, Field(min_length=1, max_length=400)]
    ru: Annotated[str, Field(min_length=1, max_length=400)]


class FormationSpec(Strict):
    key: Key
    name: BothNames
    short: BothShort | None = None
    kind: Literal[tuple(FormationKind.values)]  # type: ignore[valid-type]
    region: Key | None = None
    part_of: Key | None = None
    formed: FuzzyDateField | None = None
    purpose: BothProse | None = None
    decision: Key | None = None
    decision_note: BothNote | None = None
    note: BothProse | None = None
    sources: Annotated[list[Key], Field(min_length=1)]


class FormationsSpec(Strict):
    formations: list[FormationSpec] = []


def read_formations(path: Path) -> tuple[FormationsSpec, MarkedYaml]:
    """The checked formations file and the YAML it came from (which knows every value's line)."""
    marked = read_marked_yaml(path)
    try:
        spec = FormationsSpec.model_validate(marked.value)
    except ValidationError as error:
        raise CharterFileError([schema_problem(marked, item) for item in error.errors()[:30]]) from None
    problems = cross_check(spec, marked)
    if problems:
        raise CharterFileError(problems)
    return spec, marked


def cross_check(spec: FormationsSpec, marked: MarkedYaml) -> list[Problem]:
    """Keys are unique; regions, decisions, sources and the formation a formation is part of exist."""
    problems: list[Problem] = []
    regions = set(Region.objects.values_list("key", flat=True))
    documents = set(Document.objects.values_list("key", flat=True))
    sources = set(Source.objects.values_list("key", flat=True))
    keys = [item.key for item in spec.formations]

    def need(condition: bool, path: tuple, message: str) -> None:
        if not condition:
            problems.append(Problem(marked.file, marked.line_of(path), dotted(path), message))

    for index, item in enumerate(spec.formations):
        at = ("formations", index)
        need(keys.count(item.key) == 1, (*at, "key"), f"the key {item.key!r} is used more than once")
        need(
            item.region is None or item.region in regions, (*at, "region"), f"unknown region {item.region!r}"
        )
        need(
            item.decision is None or item.decision in documents,
            (*at, "decision"),
            f"unknown document {item.decision!r}",
        )
        need(
            item.part_of is None or (item.part_of in keys and item.part_of != item.key),
            (*at, "part_of"),
            f"unknown formation {item.part_of!r}",
        )
        for position, key in enumerate(item.sources):
            need(key in sources, (*at, "sources", position), f"unknown source {key!r}")
    for index, item in enumerate(spec.formations):
        need(
            not in_a_loop(spec.formations, item),
            ("formations", index, "part_of"),
            "formations are part of each other in a loop",
        )
    return problems


def in_a_loop(items: list[FormationSpec], start: FormationSpec) -> bool:
    """Whether following ``part_of`` from a formation comes back to it."""
    parent_of = {item.key: item.part_of for item in items}
    seen, current = {start.key}, start.part_of
    while current is not None:
        if current in seen:
            return True
        seen.add(current)
        current = parent_of.get(current)
    return False


def pair(value: Names | BothShort | BothProse | BothNote | None, prefix: str) -> dict[str, str]:
    return {f"{prefix}_en": value.en if value else "", f"{prefix}_ru": value.ru if value else ""}


def formation_row(item: FormationSpec, regions: dict[str, Region], documents: dict[str, Document]) -> dict:
    return {
        "key": item.key,
        **pair(item.name, "name"),
        **pair(item.short, "short"),
        "kind": item.kind,
        "region": regions.get(item.region) if item.region else None,
        "formed": item.formed.value if item.formed else None,
        "formed_precision": item.formed.precision if item.formed else "year",
        **pair(item.purpose, "purpose"),
        "decision": documents.get(item.decision) if item.decision else None,
        **pair(item.decision_note, "decision_note"),
        **pair(item.note, "note"),
        "parent": Ref(Formation, item.part_of) if item.part_of else None,
        "source_keys": item.sources,
    }


def load_formations(path: Path, *, actor: Actor, file_wins: FileWins | None = None) -> SyncReport:
    """Check a formations file, then load it in one transaction (parents before their parts)."""
    spec, marked = read_formations(path)
    reason = f"forces data file {path.name}"
    file = DataFile.read(f"forces:{path.name}", path, reason=reason, legacy_reason=reason)
    regions = {region.key: region for region in Region.objects.all()}
    documents = {document.key: document for document in Document.objects.all()}
    ordered = parents_first(spec.formations)
    rows = [formation_row(item, regions, documents) for _index, item in ordered]
    with transaction.atomic():
        sync = FileSync(file, actor=actor, line_of=marked.line_of, file_wins=file_wins)
        sync.table(Formation, ["key"], rows, paths=[("formations", index) for index, _item in ordered])
        return sync.finish()


def parents_first(items: list[FormationSpec]) -> list[tuple[int, FormationSpec]]:
    """The formations with each one after the formation it is part of (with its place in the file)."""
    placed: set[str] = set()
    ordered: list[tuple[int, FormationSpec]] = []
    waiting = list(enumerate(items))
    while waiting:
        ready = [(index, item) for index, item in waiting if item.part_of is None or item.part_of in placed]
        if not ready:  # a loop of parts; cross_check refuses it before this is reached
            raise ValueError("formations are part of each other in a loop")
        ordered += ready
        placed.update(item.key for _index, item in ready)
        waiting = [entry for entry in waiting if entry not in ready]
    return ordered

"""The shipped monitoring data files (``data/csto/monitoring/``): places, organizations, the other names
of what the charter names, and given names. Each is checked whole when read, and a bad file is refused
with ``FILE:LINE: field: reason`` (through :mod:`accord.core.ingest`), never half-used.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, ValidationError

from accord.charter.schema import Key, Strict
from accord.core.ingest import FileProblem, InputFileError, MarkedYaml, schema_problem

MONITORING_DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "csto" / "monitoring"
MAX_PROBLEMS = 20

Name = Annotated[str, Field(min_length=1, max_length=200)]
Code = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
Sources = Annotated[list[Key], Field(min_length=1)]
ALIAS_SECTIONS = ("states", "bodies", "posts", "formations", "trainings", "operations")
PlaceKind = Literal["city", "region", "district", "border-area", "training-ground", "river", "lake"]


class SourceSpec(Strict):
    key: Key
    title: Annotated[str, Field(min_length=1, max_length=400)]


class BothNameLists(Strict):
    """Names in both languages; each list has at least one name."""

    en: Annotated[list[Name], Field(min_length=1)]
    ru: Annotated[list[Name], Field(min_length=1)]


class ExtraForms(Strict):
    en: list[Name] = []
    ru: list[Name] = []


class PlaceSpec(Strict):
    key: Key
    kind: PlaceKind
    state: Code
    lat: Annotated[float, Field(ge=-90, le=90)]
    lon: Annotated[float, Field(ge=-180, le=180)]
    names: BothNameLists
    forms: ExtraForms | None = None
    sources: Sources


class NamedSpec(Strict):
    """Something named under a key (an organization, or another name of a charter record)."""

    key: Annotated[str, Field(pattern=r"^([a-z0-9][a-z0-9-]*|[A-Z]{3})$", max_length=64)]
    names: BothNameLists
    sources: Sources


class WithSources(Strict):
    sources: Annotated[list[SourceSpec], Field(min_length=1)]

    def cited(self) -> Iterable[tuple[tuple[str, int], list[str]]]:
        """(where, source keys) of every entry that cites sources."""
        return ()


class PlacesFile(WithSources):
    places: Annotated[list[PlaceSpec], Field(min_length=1)]

    def cited(self) -> Iterable[tuple[tuple[str, int], list[str]]]:
        return ((("places", index), place.sources) for index, place in enumerate(self.places))


class OrganizationsFile(WithSources):
    organizations: Annotated[list[NamedSpec], Field(min_length=1)]

    def cited(self) -> Iterable[tuple[tuple[str, int], list[str]]]:
        return ((("organizations", index), item.sources) for index, item in enumerate(self.organizations))


class AliasesFile(WithSources):
    states: list[NamedSpec] = []
    bodies: list[NamedSpec] = []
    posts: list[NamedSpec] = []
    formations: list[NamedSpec] = []
    trainings: list[NamedSpec] = []
    operations: list[NamedSpec] = []

    def cited(self) -> Iterable[tuple[tuple[str, int], list[str]]]:
        for section in ALIAS_SECTIONS:
            for index, item in enumerate(getattr(self, section)):
                yield (section, index), item.sources


class GivenNamesFile(WithSources):
    en: Annotated[list[Name], Field(min_length=1)]
    ru: Annotated[list[Name], Field(min_length=1)]


def read_checked(path: Path, schema: type[Strict], lists: Iterable[str] = ()) -> Strict:
    """The file checked against ``schema``; keys repeated within each section of ``lists`` are refused.

    Raises :class:`InputFileError` naming the file and line of every problem (up to twenty).
    """
    marked = MarkedYaml.read(path, what="monitoring data file")
    try:
        spec = schema.model_validate(marked.value)
    except ValidationError as error:
        raise InputFileError(
            [schema_problem(marked, item) for item in error.errors()[:MAX_PROBLEMS]]
        ) from None
    problems = repeated_keys(marked, spec, lists) + undeclared_sources(marked, spec)
    if problems:
        raise InputFileError(problems[:MAX_PROBLEMS])
    return spec


def repeated_keys(marked: MarkedYaml, spec: Strict, lists: Iterable[str]) -> list[FileProblem]:
    """A problem for each key given twice in one section (the second one is named)."""
    problems = []
    for section in lists:
        seen: set[str] = set()
        for index, item in enumerate(getattr(spec, section)):
            if item.key in seen:
                line = marked.line_of((section, index, "key"))
                problems.append(
                    FileProblem(marked.file, line, f"{section}[{index}].key", "this key appears twice")
                )
            seen.add(item.key)
    return problems


def undeclared_sources(marked: MarkedYaml, spec: Strict) -> list[FileProblem]:
    """A problem for each entry citing a source the file's ``sources:`` does not declare."""
    if not isinstance(spec, WithSources):
        return []
    declared = {source.key for source in spec.sources}
    problems = []
    for where, keys in spec.cited():
        unknown = sorted(set(keys) - declared)
        if unknown:
            line = marked.line_of((*where, "sources"))
            field = f"{where[0]}[{where[1]}].sources"
            message = f"unknown source {', '.join(unknown)} (declare it under `sources:`)"
            problems.append(FileProblem(marked.file, line, field, message))
    return problems


@cache
def places_file(path: Path = MONITORING_DATA_DIR / "places.yaml") -> PlacesFile:
    """The checked places file (read once per process)."""
    return read_checked(path, PlacesFile, ["places"])  # type: ignore[return-value]


@cache
def organizations_file(path: Path = MONITORING_DATA_DIR / "organizations.yaml") -> OrganizationsFile:
    """The checked organizations file (read once per process)."""
    return read_checked(path, OrganizationsFile, ["organizations"])  # type: ignore[return-value]


@cache
def aliases_file(path: Path = MONITORING_DATA_DIR / "aliases.yaml") -> AliasesFile:
    """The checked file of other names of charter and forces records (read once per process)."""
    return read_checked(path, AliasesFile, ALIAS_SECTIONS)  # type: ignore[return-value]


@cache
def given_names_file(path: Path = MONITORING_DATA_DIR / "given-names.yaml") -> GivenNamesFile:
    """The checked list of given names (read once per process)."""
    return read_checked(path, GivenNamesFile)  # type: ignore[return-value]

"""Mapping files: which column of an event file holds the id, the date, the place, the category …

A mapping file is YAML read through :mod:`accord.core.ingest` and checked against the schema below
before any event file is read through it, so that a malformed mapping is reported as
``FILE:LINE: field: reason`` rather than failing on the first row.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field, ValidationError, field_validator

from accord.charter.schema import Strict
from accord.core.ingest import InputFileError, MarkedYaml, schema_problem
from accord.crisis.models import Category, DatePrecision, PlacePrecision

MAX_MAPPING_BYTES = 256 * 1024
Column = Annotated[str, Field(min_length=1, max_length=200)]
CategoryValue = Literal[tuple(Category.values)]  # type: ignore[valid-type]
DatePrecisionValue = Literal[tuple(DatePrecision.values)]  # type: ignore[valid-type]
PlacePrecisionValue = Literal[tuple(PlacePrecision.values)]  # type: ignore[valid-type]


def long_form(value: object) -> object:
    """A plain column name as ``{column: NAME}``; anything but a name or a mapping is refused."""
    if isinstance(value, str):
        return {"column": value}
    if not isinstance(value, dict):
        raise ValueError("expected a column name or {column: NAME, ...}")
    return value


def constant_precision(value: object) -> object:
    """A precision given as a word (``month``) is the precision of every row."""
    if isinstance(value, str):
        return {"default": value}
    if not isinstance(value, dict):
        raise ValueError("expected a precision or {column: NAME, values: {...}, default: ...}")
    return value


class ColumnSpec(Strict):
    """A column named in the long form: ``{column: NAME}``."""

    column: Column


class DateSpec(ColumnSpec):
    """The date's column and, when it is not YYYY-MM-DD, its ``strptime`` format."""

    format: Annotated[str, Field(max_length=100)] = ""

    @field_validator("format")
    @classmethod
    def usable_format(cls, value: str) -> str:
        if value:
            try:
                datetime.date(2021, 3, 3).strftime(value)
                datetime.datetime.strptime(datetime.date(2021, 3, 3).strftime(value), value)
            except ValueError as error:
                raise ValueError(f"{value!r} is not a date format ({error})") from None
        return value


class CountrySpec(ColumnSpec):
    kind: Literal["iso3", "gwno", "name"] = "iso3"


class CategorySpec(ColumnSpec):
    values: dict[str, CategoryValue] = {}
    default: CategoryValue | None = None


class DatePrecisionSpec(Strict):
    column: Column | None = None
    values: dict[str, DatePrecisionValue] = {}
    default: DatePrecisionValue = "day"


class PlacePrecisionSpec(Strict):
    column: Column | None = None
    values: dict[str, PlacePrecisionValue] = {}
    default: PlacePrecisionValue = "country"


def column(spec: type) -> Any:
    return Annotated[spec, BeforeValidator(long_form)]


def precision(spec: type) -> Any:
    return Annotated[spec, BeforeValidator(constant_precision)]


class MappingSpec(Strict):
    """A whole mapping file; a plain column name may stand for ``{column: NAME}`` anywhere."""

    # The name goes into the events' source ("csv:NAME") and the import's kind ("mapped:NAME").
    name: Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=32)]
    id: column(ColumnSpec)
    date: column(DateSpec)
    country: column(CountrySpec)
    category: column(CategorySpec)
    date_precision: precision(DatePrecisionSpec) | None = None
    place_precision: precision(PlacePrecisionSpec) | None = None
    latitude: column(ColumnSpec) | None = None
    longitude: column(ColumnSpec) | None = None
    place: column(ColumnSpec) | None = None
    admin1: column(ColumnSpec) | None = None
    fatalities: column(ColumnSpec) | None = None
    description: column(ColumnSpec) | None = None
    keep: list[Column] = []


def load_mapping(path: Path) -> dict[str, Any]:
    """A mapping file's plain values, once the file and its contents are checked; raises
    :class:`InputFileError` naming the line and field of each problem.
    """
    marked = MarkedYaml.read(path, limit=MAX_MAPPING_BYTES, what="mapping file")
    if not isinstance(marked.value, dict):
        raise InputFileError(
            [schema_problem(marked, {"loc": (), "type": "mapping", "msg": "expected a mapping of fields"})]
        )
    try:
        MappingSpec.model_validate(marked.value)
    except ValidationError as error:
        raise InputFileError([schema_problem(marked, item) for item in error.errors()[:30]]) from None
    return marked.value

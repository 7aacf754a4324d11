"""The pieces of the yearly activity report, which each subject of the forces app supplies for a year.

Each subject (forces and readiness, trainings, operations, cooperation, training of personnel) has a
function ``year_section(user, year) -> ReportSection`` that reads only what ``user`` may see; the
report (:mod:`accord.forces.report`) puts the sections together, marks the whole with the highest
classification of what it shows, and lists every source cited. A figure is a :class:`Cell` with the
sources it comes from, so that every number in the report says where it was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from accord.core.derived import PUBLIC_LABELS, Labels, combined


@dataclass(frozen=True)
class Cell:
    """One value of a table: its text (already in the reader's language), and its sources."""

    text: str
    sources: tuple[str, ...] = ()
    value: Any = None  # the raw figure, for --json (None when the text is the value)

    def as_json(self) -> Any:
        if self.value is None and not self.sources:
            return self.text
        return {"text": self.text, "value": self.value, "sources": list(self.sources)}


def cell(value: Any, sources: Iterable[str] = ()) -> Cell:
    """A cell from a value: numbers keep their value for ``--json``."""
    text = f"{value:,}".replace(",", "\u202f") if isinstance(value, int) else str(value)
    raw = value if isinstance(value, int | float) else None
    return Cell(text, tuple(dict.fromkeys(sources)), raw)


@dataclass(frozen=True)
class Table:
    """A table of a section: a caption, column headings and rows of cells."""

    caption: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "caption": self.caption,
            "columns": list(self.columns),
            "rows": [[item.as_json() for item in row] for row in self.rows],
        }


@dataclass(frozen=True)
class ReportSection:
    """A section of the yearly report: what it says, its tables, and the labels of what it shows."""

    key: str
    title: str
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()
    labels: Labels = PUBLIC_LABELS
    empty_text: str = ""  # said when there is nothing to show for the year
    data: dict[str, Any] = field(default_factory=dict)  # extra machine-readable figures for --json

    @property
    def sources(self) -> tuple[str, ...]:
        found: dict[str, None] = {}
        for table in self.tables:
            for row in table.rows:
                for item in row:
                    found.update(dict.fromkeys(item.sources))
        return tuple(found)

    def as_json(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "title": self.title,
            "paragraphs": list(self.paragraphs),
            "tables": [table.as_json() for table in self.tables],
            "classification": int(self.labels.classification),
            "releasability": str(self.labels.releasability),
            "sources": list(self.sources),
            **({"data": self.data} if self.data else {}),
        }


def labels_of_records(records: Iterable[Any]) -> Labels:
    """The combined labels of classified records (public when there are none, or for public ones)."""
    return combined(
        Labels(record.classification, record.releasability, record.release_to)
        for record in records
        if hasattr(record, "classification")
    )


SectionMaker = Callable[[Any, int], ReportSection]

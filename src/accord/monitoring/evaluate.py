"""How well monitoring understands texts, measured against a gold file annotated by hand.

The gold file is a YAML list of items, each a text or HTML file (relative to the gold file), its
language and what a reader found in it: states, places, categories, operations, trainings, bodies and
figures. Each file is read the way intake reads a delivery (extracted, normalised, title and text
together), analysed with the rules in force, and compared field by field; precision, recall and F1
are micro-averaged over the items. A bad gold file is refused whole with file, line and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from accord.core.ingest import FileProblem, InputFileError, MarkedYaml, dotted, iso_day, read_text

MAX_GOLD_BYTES = 1024 * 1024
MAX_ITEM_BYTES = 4 * 1024 * 1024
LIST_FIELDS = ("states", "places", "categories", "operations", "trainings", "bodies")
FIELDS = (*LIST_FIELDS, "figures")
ITEM_KEYS = {"file", "language", "published", *FIELDS}
FIGURE_KEYS = {"value", "unit", "about"}
TAG_KIND = {
    "states": "state",
    "places": "place",
    "categories": "category",
    "operations": "operation",
    "trainings": "training",
    "bodies": "body",
}
YEAR_SUFFIX = re.compile(r"-(19|20)\d\d$")


@dataclass(frozen=True)
class GoldItem:
    """One annotated text: where it is, its language, and the expected values per field."""

    path: Path
    name: str
    language: str
    expected: dict[str, frozenset]


@dataclass
class Score:
    """True and false positives and false negatives of one field, and the measures from them."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }


@dataclass
class Evaluation:
    """The scores per field, their total, and what each item missed or added."""

    scores: dict[str, Score] = field(default_factory=lambda: {name: Score() for name in FIELDS})
    misses: list[dict[str, Any]] = field(default_factory=list)

    @property
    def total(self) -> Score:
        total = Score()
        for score in self.scores.values():
            total.add(score)
        return total

    def as_dict(self) -> dict[str, Any]:
        return {
            "items": len(self.misses),
            "fields": {name: score.as_dict() for name, score in self.scores.items()},
            "total": self.total.as_dict(),
            "misses": [miss for miss in self.misses if miss["missed"] or miss["extra"]],
        }


# ---------------------------------------------------------------------------------------------
# The gold file
# ---------------------------------------------------------------------------------------------


def figure_key(value: float, unit: str, about: str) -> str:
    """A figure as compared: its value (exact, written without a needless fraction), unit and about."""
    return f"{float(value):g}|{unit}|{about}"


class GoldReader:
    """Reads a gold file into items, collecting every problem with its line."""

    def __init__(self, marked: MarkedYaml, folder: Path) -> None:
        self.marked = marked
        self.folder = folder
        self.problems: list[FileProblem] = []

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(FileProblem(self.marked.file, self.marked.line_of(path), dotted(path), message))

    def read(self) -> list[GoldItem]:
        if not isinstance(self.marked.value, list) or not self.marked.value:
            self.problem((), "expected a list of items")
            raise InputFileError(self.problems)
        items = [self.item(value, (index,)) for index, value in enumerate(self.marked.value)]
        if self.problems:
            raise InputFileError(self.problems)
        return [item for item in items if item is not None]

    def item(self, value: Any, path: tuple[str | int, ...]) -> GoldItem | None:
        if not isinstance(value, dict):
            self.problem(path, "expected an item (a mapping with file:, language: …)")
            return None
        for key in value:
            if key not in ITEM_KEYS:
                self.problem((*path, key), f"unknown field (expected one of {', '.join(sorted(ITEM_KEYS))})")
        name = value.get("file")
        if not isinstance(name, str) or not name.strip():
            self.problem((*path, "file"), "required field is missing")
            name = ""
        elif not (self.folder / name).is_file():
            self.problem((*path, "file"), f"no such file {name!r} beside the gold file")
        if value.get("language") not in ("en", "ru"):
            self.problem((*path, "language"), "required: en or ru")
        if value.get("published") is not None:
            try:
                iso_day(str(value["published"]))
            except ValueError as error:
                self.problem((*path, "published"), str(error))
        expected = {name_: self.keys(value.get(name_), (*path, name_)) for name_ in LIST_FIELDS}
        expected["figures"] = self.figures(value.get("figures"), (*path, "figures"))
        return GoldItem(self.folder / name, name, str(value.get("language")), expected)

    def keys(self, value: Any, path: tuple[str | int, ...]) -> frozenset:
        if value is None:
            return frozenset()
        if not isinstance(value, list) or not all(isinstance(key, str) and key.strip() for key in value):
            self.problem(path, "expected a list of keys")
            return frozenset()
        return frozenset(value)

    def figures(self, value: Any, path: tuple[str | int, ...]) -> frozenset:
        if value is None:
            return frozenset()
        if not isinstance(value, list):
            self.problem(path, "expected a list of figures (value:, unit:, about:)")
            return frozenset()
        found = set()
        for index, figure in enumerate(value):
            where = (*path, index)
            if not isinstance(figure, dict) or set(figure) - FIGURE_KEYS or "value" not in figure:
                self.problem(where, "expected value:, unit: and about:")
                continue
            try:
                number = float(figure["value"])
            except (TypeError, ValueError):
                self.problem((*where, "value"), f"{figure['value']!r} is not a number")
                continue
            if not isinstance(figure.get("unit"), str) or not figure["unit"]:
                self.problem((*where, "unit"), "required field is missing")
                continue
            found.add(figure_key(number, figure["unit"], str(figure.get("about") or "")))
        return frozenset(found)


def read_gold(path: Path) -> list[GoldItem]:
    """The items of a gold file, or :class:`InputFileError` with every problem's line and field."""
    marked = MarkedYaml.read(path, limit=MAX_GOLD_BYTES, what="gold file")
    return GoldReader(marked, path.parent).read()


# ---------------------------------------------------------------------------------------------
# Reading, analysing and comparing
# ---------------------------------------------------------------------------------------------


def text_of(item: GoldItem) -> str:
    """The item's text as intake would read it: extracted (HTML), normalised, title and text together."""
    data = read_text(item.path, limit=MAX_ITEM_BYTES, what="text file")
    try:
        from accord.monitoring.text import extract, normalise
    except ImportError:  # the text pipeline is not there: read pages with trafilatura directly
        return plain_text_of(item, data)
    extracted = extract.extract_any(data.encode("utf-8"), name=item.path.name)
    title = normalise.normalise(extracted.title or "")
    body = normalise.normalise(extracted.text)
    return f"{title}\n\n{body}" if title else body


def plain_text_of(item: GoldItem, data: str) -> str:
    if item.path.suffix.lower() not in (".html", ".htm"):
        return data
    import trafilatura

    return trafilatura.extract(data) or ""


def series_key(key: str) -> str:
    """``mercenary-2019`` → ``mercenary``: operations and trainings are compared by their series."""
    return YEAR_SUFFIX.sub("", key)


def found_values(analysis: Any) -> dict[str, frozenset]:
    """What the analysis found, per field of the gold file."""
    found = {name: frozenset(analysis.keys(kind)) for name, kind in TAG_KIND.items()}
    for name in ("operations", "trainings"):
        found[name] = frozenset(series_key(key) for key in found[name])
    found["figures"] = frozenset(
        figure_key(figure.value, figure.unit, figure.about) for figure in analysis.figures
    )
    return found


def compare(expected: frozenset, found: frozenset) -> Score:
    return Score(len(expected & found), len(found - expected), len(expected - found))


def evaluate(gold: Path) -> Evaluation:
    """Analyse every item of the gold file and score each field against the annotation."""
    from accord.monitoring.understanding.analysis import analyse
    from accord.monitoring.understanding.knowledge import current_knowledge

    knowledge = current_knowledge()
    result = Evaluation()
    for item in read_gold(gold):
        found = found_values(analyse(text_of(item), item.language, knowledge))
        missed, extra = {}, {}
        for name in FIELDS:
            result.scores[name].add(compare(item.expected[name], found[name]))
            if item.expected[name] - found[name]:
                missed[name] = sorted(item.expected[name] - found[name])
            if found[name] - item.expected[name]:
                extra[name] = sorted(found[name] - item.expected[name])
        result.misses.append({"file": item.name, "missed": missed, "extra": extra})
    return result


def readable(result: Evaluation, *, width: int = 100) -> list[str]:
    """The scores as a table for people (and each item's misses under it)."""
    from io import StringIO

    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"{len(result.misses)} items")
    for heading in ("field", "tp", "fp", "fn", "precision", "recall", "F1"):
        table.add_column(heading, justify="left" if heading == "field" else "right")
    for name, score in [*result.scores.items(), ("total", result.total)]:
        table.add_row(
            name,
            str(score.tp),
            str(score.fp),
            str(score.fn),
            f"{score.precision:.3f}",
            f"{score.recall:.3f}",
            f"{score.f1:.3f}",
        )
    out = StringIO()
    Console(file=out, width=width, no_color=True, force_terminal=False).print(table)
    lines = out.getvalue().rstrip().splitlines()
    for miss in result.misses:
        for what, values in (("missed", miss["missed"]), ("extra", miss["extra"])):
            for name, keys in values.items():
                lines.append(f"  {miss['file']}: {what} {name}: {', '.join(keys)}")
    return lines

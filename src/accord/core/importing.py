"""What every importer needs once a file is known to be readable text (:mod:`accord.core.ingest`).

Rows are checked one by one and every bad one is reported as ``FILE:LINE: field: reason``; a file
with bad rows is refused whole (:class:`ImportRefused`) unless the good rows are wanted, when the bad
ones go to a rejects file with their reasons. The pieces here know nothing of what a row becomes
(an event, a daily figure, a force): a :class:`Scan` is generic over its row type.
"""

from __future__ import annotations

import csv
import datetime
import math
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from accord.core.exports import spreadsheet_safe_row
from accord.core.ingest import (
    FileProblem,
    InputFileError,
    check_input_file,
    csv_rows,
    file_sha256,
    iso_day,
    whole_number,
)
from accord.core.models import Run
from accord.core.runs import add_problem, refuse_run

RowT = TypeVar("RowT")
SHOWN_PROBLEMS = 50


@dataclass(frozen=True)
class RowProblem:
    """One bad row: where, which field, and why (the file is the refusal's)."""

    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.field}: {self.reason}"


class ImportRefused(Exception):
    """The file cannot be imported as it is; nothing was written."""

    def __init__(self, path: Path, problems: list[RowProblem], headline: str = "") -> None:
        self.path = path
        self.problems = problems
        shown = "\n".join(str(problem) for problem in self.file_problems()[:SHOWN_PROBLEMS])
        more = f"\n… and {len(problems) - SHOWN_PROBLEMS} more" if len(problems) > SHOWN_PROBLEMS else ""
        headline = headline or f"{len(problems)} bad row(s), nothing was imported:"
        super().__init__(f"{headline}\n{shown}{more}")

    def file_problems(self) -> list[FileProblem]:
        """The problems as ``FILE:LINE: field: reason``."""
        return [
            FileProblem(str(self.path), problem.line, problem.field, problem.reason)
            for problem in self.problems
        ]

    @classmethod
    def unreadable(cls, error: InputFileError) -> ImportRefused:
        """A file refused as a whole (not text, too large, a folder …): its problem, nothing imported."""
        first = error.problems[0]
        problems = [RowProblem(problem.line, problem.field, problem.message) for problem in error.problems]
        return cls(Path(first.file), problems, "nothing was imported:")


@contextmanager
def refusing_unreadable_files() -> Iterator[None]:
    """Turn a file refused by :mod:`accord.core.ingest` into the importers' own refusal."""
    try:
        yield
    except InputFileError as error:
        raise ImportRefused.unreadable(error) from None


def add_problem_messages(run: Run, problems: list[RowProblem]) -> None:
    """The rows an import rejects, on its run, so that whoever follows the run sees line, field, reason
    (the run keeps a bounded number; the rejects file has them all).
    """
    for problem in problems:
        add_problem(run, problem_detail(problem))


def problem_detail(problem: RowProblem) -> dict[str, Any]:
    """A row problem as a run keeps it: line, field, reason."""
    return {"line": problem.line, "field": problem.field, "reason": problem.reason}


@contextmanager
def recording_refusal(run: Run | None) -> Iterator[None]:
    """A refused file ends a run made beforehand (by a queued job) as refused, with the problems: the
    import's own transaction is rolled back, so this is written after it, or the run would say nothing.
    """
    try:
        yield
    except ImportRefused as refusal:
        if run is not None and run.pk is not None and run.status != Run.Status.REFUSED:
            run.messages = []
            refuse_run(
                run,
                "",
                [problem_detail(problem) for problem in refusal.problems],
                added=0,
                updated=0,
                unchanged=0,
                rejected=len({problem.line for problem in refusal.problems}),
            )
        raise


@dataclass
class Scan(Generic[RowT]):
    """Every problem of a file read row by row, the bad rows as they were, and the good ones' count.

    The good rows come from ``rows()`` (a large file may be read a second time for them), so that a
    file of millions of rows with one bad row in it is checked whole before anything is written.
    """

    problems: list[RowProblem] = field(default_factory=list)
    rejected: dict[int, dict[str, str]] = field(default_factory=dict)
    good: int = 0
    seen: dict[str, int] = field(default_factory=dict, repr=False)
    rows: Callable[[], Iterator[RowT]] = field(default=lambda: iter(()), repr=False)

    def check(
        self,
        line: int,
        row_id: str,
        raw: dict[str, str] | Callable[[], dict[str, str]],
        problems: list[RowProblem],
    ) -> bool:
        """Note a row's problems (a repeated id is one); whether the row is good."""
        if row_id and row_id in self.seen:
            problems.append(RowProblem(line, "id", f"{row_id} appears already on line {self.seen[row_id]}"))
        elif row_id:
            self.seen[row_id] = line
        if problems:
            self.problems.extend(problems)
            self.rejected[line] = raw() if callable(raw) else raw
            return False
        self.good += 1
        return True


# ---------------------------------------------------------------------------------------------
# CSV files with the physical line of every row
# ---------------------------------------------------------------------------------------------


def read_csv(path: Path, required: Iterable[str]) -> tuple[list[str], Iterator[tuple[int, dict[str, str]]]]:
    """The header and the rows of a CSV file, refusing it whole when required columns are missing.

    A row with fewer or more fields than the header comes with ``None`` among its keys or values
    (see :func:`row_length_problem`).
    """
    header, rows = read_csv_lists(path, required)

    def as_dicts() -> Iterator[tuple[int, dict[str, str]]]:
        for line, row in rows:
            if not row:  # a blank line, skipped as the csv module's DictReader skips it
                continue
            raw: dict[Any, Any] = dict(zip(header, row, strict=False))
            if len(row) < len(header):
                raw.update(dict.fromkeys(header[len(row) :]))
            elif len(row) > len(header):
                raw[None] = row[len(header) :]
            yield line, raw

    return header, as_dicts()


def read_csv_lists(path: Path, required: Iterable[str]) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header and the rows (as lists) of a CSV file that is text, refusing it whole when required
    columns are missing; an over-long field or a byte that is not UTF-8 refuses it where it is met.
    """
    check_input_file(path, what="CSV file")
    handle = path.open(encoding="utf-8-sig", newline="")
    reader = csv.reader(handle)
    try:
        _, header = next(csv_rows(path, reader), (1, []))
    except BaseException:
        handle.close()
        raise
    missing = [column for column in required if column not in header]
    if missing:
        handle.close()
        raise ImportRefused(path, [RowProblem(1, ", ".join(missing), "required column is missing")])

    def rows() -> Iterator[tuple[int, list[str]]]:
        with handle:
            yield from csv_rows(path, reader)

    return header, rows()


def row_length_problem(line: int, raw: dict[Any, Any], header: list[str]) -> RowProblem | None:
    """A row that is shorter or longer than its header."""
    if None in raw or None in raw.values():
        count = len(header) - sum(value is None for value in raw.values()) + len(raw.get(None) or [])
        return RowProblem(line, "row", f"{count} fields where the header has {len(header)}")
    return None


def nul_problems(line: int, header: list[str], row: list[str]) -> list[RowProblem]:
    """Fields holding a NUL character, which no database text column can keep."""
    if "\x00" not in "".join(row):
        return []
    return [
        RowProblem(line, header[index] if index < len(header) else "row", "a NUL character is not text")
        for index, value in enumerate(row)
        if "\x00" in value
    ]


def unreadable_row_problems(line: int, raw: dict[Any, Any], header: list[str]) -> list[RowProblem]:
    """A CSV row shorter or longer than its header, or holding a NUL character, is not read further."""
    shape = row_length_problem(line, raw, header) if header else None
    if shape:
        return [shape]
    return nul_problems(line, [str(key) for key in raw], [str(value) for value in raw.values()])


# ---------------------------------------------------------------------------------------------
# Values, each a problem naming its field when it is wrong
# ---------------------------------------------------------------------------------------------


def parse_day(
    text: str, field_name: str, line: int, problems: list[RowProblem], fmt: str = ""
) -> datetime.date | None:
    """A date (the whole value: ``2015-01-01 garbage`` is not one), or a problem naming the field."""
    try:
        if fmt:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        return iso_day(text)
    except ValueError:
        problems.append(
            RowProblem(
                line, field_name, f"{text!r} is not a date{' in the form ' + fmt if fmt else ' (YYYY-MM-DD)'}"
            )
        )
        return None


def parse_int(
    text: str, field_name: str, line: int, problems: list[RowProblem], *, required: bool = False
) -> int | None:
    """A whole number ≥ 0 that fits the database, or a problem: never rounded (3.7 is not 3)."""
    text = text.strip()
    if not text:
        if required:
            problems.append(RowProblem(line, field_name, "required value is missing"))
        return None
    try:
        return whole_number(text)
    except ValueError as error:
        problems.append(RowProblem(line, field_name, str(error)))
        return None


def parse_coordinate(
    text: str, field_name: str, limit: float, line: int, problems: list[RowProblem]
) -> float | None:
    """A latitude or longitude within range, or a problem."""
    text = text.strip()
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(RowProblem(line, field_name, f"{text!r} is not a number"))
        return None
    if not math.isfinite(value) or abs(value) > limit:
        problems.append(RowProblem(line, field_name, f"{value} is out of range (±{limit:g})"))
        return None
    return value


def number_or_none(text: str, kind: type) -> Any:
    """A number, or None when empty; a count that is not a whole number raises ValueError."""
    text = text.strip()
    return whole_number(text) if kind is int and text else kind(text) if text else None


# ---------------------------------------------------------------------------------------------
# Beside the rows: the file's digest, the rejects file, chunks
# ---------------------------------------------------------------------------------------------


class Digest(threading.Thread):
    """A file's SHA-256, worked out beside the import (hashing large chunks leaves the other thread free)."""

    def __init__(self, path: Path) -> None:
        super().__init__(daemon=True, name="accord-digest")
        self.path = path
        self.value = ""
        self.error: BaseException | None = None
        self.start()

    def run(self) -> None:
        try:
            self.value = file_sha256(self.path)
        except OSError as error:
            self.error = error

    def result(self) -> str:
        self.join()
        if self.error is not None:
            raise self.error
        return self.value


def write_rejects(path: Path, scan: Scan[Any]) -> None:
    """The bad rows with their line numbers and reasons, as CSV a spreadsheet opens safely."""
    reasons: dict[int, list[str]] = {}
    for problem in scan.problems:
        reasons.setdefault(problem.line, []).append(f"{problem.field}: {problem.reason}")
    columns: list[str] = []
    for raw in scan.rejected.values():
        columns += [column for column in raw if column not in columns]
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(spreadsheet_safe_row(["line", "reasons", *columns]))
            for line in sorted(reasons):
                raw = scan.rejected.get(line, {})
                cells = [line, "; ".join(reasons[line]), *[raw.get(column, "") for column in columns]]
                writer.writerow(spreadsheet_safe_row(cells))
    except OSError as error:
        problem = RowProblem(0, "", f"the rejects cannot be written ({error.strerror})")
        raise ImportRefused(path, [problem], "nothing was imported:") from None


def chunks(rows: Iterable[RowT], size: int) -> Iterator[list[RowT]]:
    """Rows in lists of ``size`` (the last one shorter)."""
    chunk: list[RowT] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk

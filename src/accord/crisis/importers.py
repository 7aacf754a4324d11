"""Importing events: UCDP GED files and any CSV or JSON through a mapping file.

Every importer turns the source's rows into the same event values and one pipeline writes them: all
or nothing (unless the good rows are wanted, when the bad ones go to a rejects file with their
reasons), the same file twice adds nothing, a changed row updates its event and records the change,
and an interruption leaves nothing behind, because everything happens in one transaction.

Large clean GED files take the columnar path (:mod:`accord.crisis.ged_blocks`), a block of rows at a
time, read in a second thread while this one writes; a file it is not sure of is read row by row
here, which names the line, the field and the reason of every problem.
"""

from __future__ import annotations

import csv
import datetime
import io
import logging
import math
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from itertools import repeat
from pathlib import Path
from typing import Any

import orjson
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
from django.db import connection, transaction
from django.utils import timezone

from accord.charter.models import Region, State
from accord.charter.reference import GW_FILE
from accord.core.audit import Actor, record_change, save_with_record
from accord.core.classification import Classification, Releasability
from accord.core.exports import spreadsheet_safe_row
from accord.core.ingest import (
    FileProblem,
    InputFileError,
    check_input_file,
    check_output_path,
    csv_rows,
    file_sha256,
    iso_day,
    json_records,
    whole_number,
)
from accord.core.models import Source
from accord.core.sources import ensure_source
from accord.crisis.counts import CountIncrements, refresh_counts
from accord.crisis.ged import (
    ADMIN1_LENGTH,
    DESCRIPTION_LENGTH,
    GED_ATTRIBUTES,
    GED_CATEGORIES,
    GED_COLUMNS,
    GED_DATE_PRECISION,
    GED_PLACE_PRECISION,
    GED_SOURCE,
    PLACE_LENGTH,
    SOURCE_ID_LENGTH,
    SOURCE_KEY,
)
from accord.crisis.ged_blocks import EVENT_COLUMNS, Block, NotSimple, Places, ged_blocks
from accord.crisis.mapping import load_mapping
from accord.crisis.models import Category, Event, ImportRun

logger = logging.getLogger(__name__)
BATCH = 2000
LOOKUP = 5000
QUEUED_BLOCKS = 1
IMPORT_CACHE = -32768  # SQLite's page cache while importing, in KiB when negative (32 MiB)


@dataclass(frozen=True)
class RowProblem:
    """One bad row: where, which field, and why."""

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
        shown = "\n".join(
            str(FileProblem(str(path), problem.line, problem.field, problem.reason))
            for problem in problems[:50]
        )
        more = f"\n… and {len(problems) - 50} more" if len(problems) > 50 else ""
        headline = headline or f"{len(problems)} bad row(s), nothing was imported:"
        super().__init__(f"{headline}\n{shown}{more}")

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


VALUE_COLUMNS = EVENT_COLUMNS[2:-1]  # date … description: the event's own fields, in column order
COUNTRY_INDEX = VALUE_COLUMNS.index("country")
SHARED_COLUMNS = ("source", "import_run_id", "classification", "releasability", "release_to")
INSERT_COLUMNS = (*EVENT_COLUMNS, *SHARED_COLUMNS)


@dataclass
class EventRow:
    """One checked row, ready to be written: its fields in column order and its other fields as JSON."""

    line: int
    source_id: str
    fields: tuple
    attributes: str

    @classmethod
    def from_values(cls, line: int, source_id: str, values: dict[str, Any]) -> EventRow:
        """A row from a dictionary of event values."""
        return cls(
            line,
            source_id,
            tuple(values[column] for column in VALUE_COLUMNS),
            json_text(values["attributes"]),
        )

    @property
    def country(self) -> str:
        return self.fields[COUNTRY_INDEX]

    @property
    def values(self) -> dict[str, Any]:
        """The event values as a dictionary (for the rare update of a changed row)."""
        return {**self.field_values, "attributes": self.parsed_attributes}

    @property
    def field_values(self) -> dict[str, Any]:
        return dict(zip(VALUE_COLUMNS, self.fields, strict=True))

    @property
    def parsed_attributes(self) -> Any:
        return orjson.loads(self.attributes)

    def comparable(self) -> tuple:
        """What a stored event is compared with to tell a changed row from an unchanged one."""
        return (*self.fields, self.parsed_attributes)


def json_text(value: Any) -> str:
    """JSON as text, fast (orjson)."""
    return orjson.dumps(value).decode("utf-8")


@dataclass
class Scan:
    """Every problem of a file read row by row, the bad rows as they were, and the good ones' count.

    GED files are read twice (the good rows come in a second pass, ``rows()``), so that even a file of
    millions of events with a bad row in it is checked whole before anything is written.
    """

    problems: list[RowProblem] = field(default_factory=list)
    rejected: dict[int, dict[str, str]] = field(default_factory=dict)
    good: int = 0
    seen: dict[str, int] = field(default_factory=dict, repr=False)
    rows: Callable[[], Iterator[EventRow]] = field(default=lambda: iter(()), repr=False)

    def check(
        self,
        line: int,
        source_id: str,
        raw: dict[str, str] | Callable[[], dict[str, str]],
        problems: list[RowProblem],
    ) -> bool:
        """Note a row's problems (a repeated id is one); whether the row is good."""
        if source_id and source_id in self.seen:
            problems.append(
                RowProblem(line, "id", f"{source_id} appears already on line {self.seen[source_id]}")
            )
        elif source_id:
            self.seen[source_id] = line
        if problems:
            self.problems.extend(problems)
            self.rejected[line] = raw() if callable(raw) else raw
            return False
        self.good += 1
        return True


@dataclass
class Gazetteer:
    """Countries by Gleditsch-Ward number, ISO code and name, and their collective security regions."""

    by_gwno: dict[int, str]
    codes: set[str]
    by_name: dict[str, str]
    region_of: dict[str, str]

    @classmethod
    def load(cls) -> Gazetteer:
        with GW_FILE.open(encoding="utf-8", newline="") as handle:
            by_gwno = {int(row["gwno"]): row["alpha3"] for row in csv.DictReader(handle) if row["alpha3"]}
        by_gwno.update({state.gwno: state.code for state in State.objects.exclude(gwno=None)})
        by_name = {}
        for code, name_en, name_ru in State.objects.values_list("code", "name_en", "name_ru"):
            by_name[name_en.casefold()] = code
            if name_ru:
                by_name[name_ru.casefold()] = code
        region_of = {}
        for region in Region.objects.prefetch_related("states"):
            for state in region.states.all():
                region_of[state.code] = region.key
        return cls(by_gwno, set(State.objects.values_list("code", flat=True)), by_name, region_of)

    def places(self) -> Places:
        """The same, as the columnar reader wants it."""
        return Places.of(self.by_gwno, self.region_of)


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
    """A row of a mapped or series file that is shorter or longer than its header."""
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


def check_source_id(source_id: str, column: str, line: int, problems: list[RowProblem]) -> None:
    """An id is required and fits the database's column."""
    if not source_id:
        problems.append(RowProblem(line, column, "required value is missing"))
    elif len(source_id) > SOURCE_ID_LENGTH:
        problems.append(RowProblem(line, column, f"longer than {SOURCE_ID_LENGTH} characters"))


class GedReader:
    """Reads GED rows by column position: the quick row-by-row way.

    A row that it cannot read is checked again field by field (:func:`ged_values`), so that its
    problems are reported with their fields and reasons.
    """

    def __init__(self, header: list[str], gazetteer: Gazetteer) -> None:
        self.header = header
        self.gazetteer = gazetteer
        self.at = {column: header.index(column) for column in GED_COLUMNS}
        self.attribute_positions = [self.at[column] for column in GED_ATTRIBUTES]

    def row_dict(self, row: list[str]) -> dict[str, str]:
        return dict(zip(self.header, row, strict=False))

    def fields(self, row: list[str], with_attributes: bool = True) -> tuple[tuple, str]:
        """The event's fields in column order and its kept fields as JSON; raises on anything wrong."""
        at = self.at
        source_id = row[at["id"]].strip()
        if not source_id or len(source_id) > SOURCE_ID_LENGTH:
            raise ValueError("bad id")
        start = iso_day(row[at["date_start"]])
        end_text = row[at["date_end"]].strip()
        end = iso_day(end_text) if end_text else start
        if end < start:
            raise ValueError("end before start")
        country = self.gazetteer.by_gwno[whole_number(row[at["country_id"]])]
        latitude = number_or_none(row[at["latitude"]], float)
        longitude = number_or_none(row[at["longitude"]], float)
        if (latitude is not None and not -90 <= latitude <= 90) or (
            longitude is not None and not -180 <= longitude <= 180
        ):
            raise ValueError("coordinates out of range")
        best, low, high = (number_or_none(row[at[name]], int) for name in ("best", "low", "high"))
        if any(value is not None and value < 0 for value in (best, low, high)):
            raise ValueError("negative count")
        fields = (
            start,
            end,
            GED_DATE_PRECISION[row[at["date_prec"]].strip()],
            row[at["where_coordinates"]][:PLACE_LENGTH],
            GED_PLACE_PRECISION[row[at["where_prec"]].strip()],
            latitude,
            longitude,
            row[at["adm_1"]][:ADMIN1_LENGTH],
            country,
            self.gazetteer.region_of.get(country, ""),
            str(GED_CATEGORIES[row[at["type_of_violence"]].strip()]),
            best,
            low,
            high,
            row[at["dyad_name"]][:DESCRIPTION_LENGTH],
        )
        if not with_attributes:
            return fields, ""
        return fields, json_text([row[position] for position in self.attribute_positions])


def ged_scan(path: Path, gazetteer: Gazetteer) -> Scan:
    """Check a GED file row by row (all 49 columns of the schema); the good rows come in a second pass."""
    header, rows = read_csv_lists(path, GED_COLUMNS)
    reader = GedReader(header, gazetteer)
    id_at = reader.at["id"]
    scan = Scan()
    for line, row in rows:
        problems: list[RowProblem] = nul_problems(line, header, row)
        if len(row) != len(header):
            problems.append(RowProblem(line, "row", f"{len(row)} fields where the header has {len(header)}"))
        elif not problems:
            try:
                reader.fields(row, with_attributes=False)
            except (ValueError, KeyError, IndexError):
                ged_values(line, reader.row_dict(row), gazetteer, problems)
                if not problems:
                    problems.append(RowProblem(line, "row", "cannot be read"))
        scan.check(
            line,
            row[id_at].strip() if len(row) > id_at else "",
            lambda row=row: reader.row_dict(row),
            problems,
        )
    bad_lines = set(scan.rejected)

    def good_rows() -> Iterator[EventRow]:
        _, again = read_csv_lists(path, GED_COLUMNS)
        for line, row in again:
            if line not in bad_lines:
                fields, attributes = reader.fields(row)
                yield EventRow(line, row[id_at].strip(), fields, attributes)

    scan.rows = good_rows
    return scan


def ged_values(
    line: int, raw: dict[str, str], gazetteer: Gazetteer, problems: list[RowProblem]
) -> dict[str, Any]:
    """One GED row as event values; problems are appended for every bad field."""
    check_source_id(raw.get("id", "").strip(), "id", line, problems)
    start = parse_day(raw["date_start"], "date_start", line, problems)
    end = parse_day(raw["date_end"], "date_end", line, problems) if raw["date_end"].strip() else start
    country_id = parse_int(raw["country_id"], "country_id", line, problems, required=True)
    country = gazetteer.by_gwno.get(country_id) if country_id is not None else None
    if country_id is not None and country is None:
        problems.append(
            RowProblem(line, "country_id", f"unknown country (Gleditsch-Ward number {country_id})")
        )
    category = GED_CATEGORIES.get(raw["type_of_violence"].strip())
    if category is None:
        problems.append(RowProblem(line, "type_of_violence", f"{raw['type_of_violence']!r} is not 1, 2 or 3"))
    date_precision = GED_DATE_PRECISION.get(raw["date_prec"].strip())
    if date_precision is None:
        problems.append(RowProblem(line, "date_prec", f"{raw['date_prec']!r} is not 1 to 5"))
    place_precision = GED_PLACE_PRECISION.get(raw["where_prec"].strip())
    if place_precision is None:
        problems.append(RowProblem(line, "where_prec", f"{raw['where_prec']!r} is not 1 to 7"))
    latitude = parse_coordinate(raw["latitude"], "latitude", 90, line, problems)
    longitude = parse_coordinate(raw["longitude"], "longitude", 180, line, problems)
    best = parse_int(raw["best"], "best", line, problems)
    low = parse_int(raw["low"], "low", line, problems)
    high = parse_int(raw["high"], "high", line, problems)
    if start and end and end < start:
        problems.append(RowProblem(line, "date_end", f"{end} is before date_start {start}"))
    return {
        "date": start,
        "date_end": end,
        "date_precision": date_precision,
        "place": raw["where_coordinates"][:PLACE_LENGTH],
        "place_precision": place_precision,
        "latitude": latitude,
        "longitude": longitude,
        "admin1": raw["adm_1"][:ADMIN1_LENGTH],
        "country": country,
        "region": gazetteer.region_of.get(country or "", ""),
        "category": category,
        "fatalities_best": best,
        "fatalities_low": low,
        "fatalities_high": high,
        "description": raw["dyad_name"][:DESCRIPTION_LENGTH],
        "attributes": [raw[key] for key in GED_ATTRIBUTES],
    }


def number_or_none(text: str, kind: type) -> Any:
    """A number, or None when empty; a count that is not a whole number raises ValueError."""
    text = text.strip()
    return whole_number(text) if kind is int and text else kind(text) if text else None


def dataset_source(values: dict[str, str], actor: Actor) -> Source:
    """The Source a data set's figures cite, created or brought up to date."""
    fields = {name: value for name, value in values.items() if name != "key"}
    return ensure_source(values["key"], fields, actor=actor)


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


def write_rejects(path: Path, parsed: Scan) -> None:
    """The bad rows with their line numbers and reasons, as CSV."""
    reasons: dict[int, list[str]] = {}
    for problem in parsed.problems:
        reasons.setdefault(problem.line, []).append(f"{problem.field}: {problem.reason}")
    columns: list[str] = []
    for raw in parsed.rejected.values():
        columns += [column for column in raw if column not in columns]
    try:
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(spreadsheet_safe_row(["line", "reasons", *columns]))
            for line in sorted(reasons):
                raw = parsed.rejected.get(line, {})
                cells = [line, "; ".join(reasons[line]), *[raw.get(column, "") for column in columns]]
                writer.writerow(spreadsheet_safe_row(cells))
    except OSError as error:
        problem = RowProblem(0, "", f"the rejects cannot be written ({error.strerror})")
        raise ImportRefused(path, [problem], "nothing was imported:") from None


@dataclass
class ImportOptions:
    """How to import."""

    source: str
    kind: str
    classification: int = Classification.PUBLIC
    releasability: str = Releasability.EVERYONE
    keep_good: bool = False
    rejects: Path | None = None
    progress: Callable[[int, int], None] | None = None


class EventWriter:
    """Writes one import's events in its transaction: new ones in bulk with the database's own fast path
    (``COPY`` on PostgreSQL, ``executemany`` on SQLite), changed ones one by one, each change recorded.
    """

    def __init__(self, run: ImportRun, options: ImportOptions, actor: Actor) -> None:
        self.run = run
        self.options = options
        self.actor = actor
        self.source_known = Event.objects.filter(source=options.source).exists()
        self.increments = CountIncrements()
        self.touched: set[str] = set()  # countries to recount: those with changed events
        self.postgres = connection.vendor == "postgresql"
        self.table = connection.ops.quote_name(Event._meta.db_table)
        self.columns = ", ".join(connection.ops.quote_name(column) for column in INSERT_COLUMNS)
        self.streams = ExitStack()
        self.copy: Any = None
        # What every event of this import has in common (``SHARED_COLUMNS``).
        self.shared = (options.source, run.pk, int(options.classification), str(options.releasability), "")

    def stored(self, source_ids: list[str]) -> dict[str, tuple]:
        """What the database holds for those ids, as comparable tuples (nothing for a new source)."""
        if not self.source_known:
            return {}
        found: dict[str, tuple] = {}
        for start in range(0, len(source_ids), LOOKUP):
            for source_id, *values in Event.objects.filter(
                source=self.options.source, source_id__in=source_ids[start : start + LOOKUP]
            ).values_list("source_id", *VALUE_COLUMNS, "attributes"):
                found[source_id] = tuple(values)
        return found

    def write_rows(self, rows: list[EventRow]) -> None:
        """Insert the new rows, update the changed ones, count the unchanged ones."""
        stored = self.stored([row.source_id for row in rows])
        fresh = [row for row in rows if row.source_id not in stored]
        changed = [
            row for row in rows if row.source_id in stored and row.comparable() != stored[row.source_id]
        ]
        self.insert_rows(fresh)
        self.update_rows(changed)
        self.run.added += len(fresh)
        self.run.updated += len(changed)
        self.run.unchanged += len(rows) - len(fresh) - len(changed)
        self.increments.add_rows([row.field_values for row in fresh])
        self.touched.update(row.country for row in changed)

    def write_block(self, block: Block) -> None:
        """A block of the columnar reader: straight in when none of its ids is known yet."""
        events = block.events
        if self.stored(block.source_ids):
            self.write_rows(block_rows(events))
            return
        if self.postgres:
            self.copy_csv(events)
        else:
            count = events.num_rows
            columns = block.python_columns or python_columns(events)
            self.insert_records(zip(*columns, *(repeat(value, count) for value in self.shared), strict=True))
        self.run.added += events.num_rows
        self.increments.add(events)

    def prepare(self, block: Block) -> None:
        """Work on a block that the reading thread can do: SQLite's rows as Python values."""
        if not self.postgres and not self.source_known:
            block.python_columns = python_columns(block.events)

    def insert_rows(self, rows: list[EventRow]) -> None:
        records = [
            (
                row.source_id,
                row.line,
                *(row.fields if self.postgres else [iso_if_date(value) for value in row.fields]),
                row.attributes,
                *self.shared,
            )
            for row in rows
        ]
        if not records:
            return
        if self.postgres:
            with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql("")) as copy:
                for record in records:
                    copy.write_row(record)
        else:
            self.insert_records(records)

    def insert_records(self, records: Iterable[tuple]) -> None:
        """SQLite: ``executemany`` of the sqlite3 module itself (Django's own would hold every row of a
        block in memory while it peeks at the first).
        """
        placeholders = ", ".join(["?"] * len(INSERT_COLUMNS))
        connection.ensure_connection()
        connection.connection.executemany(
            f"INSERT INTO {self.table} ({self.columns}) VALUES ({placeholders})", records
        )

    def copy_sql(self, options: str) -> str:
        return f"COPY {self.table} ({self.columns}) FROM STDIN {options}".strip()

    def copy_csv(self, events: pa.Table) -> None:
        """A block as CSV straight into ``COPY`` (Arrow writes it; no Python row is ever made)."""
        count = events.num_rows
        table = pa.table(
            {
                **{name: events.column(name) for name in EVENT_COLUMNS},
                **{
                    name: pa.repeat(value, count)
                    for name, value in zip(SHARED_COLUMNS, self.shared, strict=True)
                },
            }
        )
        buffer = io.BytesIO()
        pcsv.write_csv(table, buffer, pcsv.WriteOptions(include_header=False, quoting_style="needed"))
        if not self.source_known:
            self.open_copy().write(buffer.getbuffer())
            return
        # The next block asks which of its ids are known, so no COPY may stay open.
        with connection.cursor() as cursor, cursor.cursor.copy(self.copy_sql("WITH (FORMAT csv)")) as copy:
            copy.write(buffer.getbuffer())

    def open_copy(self) -> Any:
        """One ``COPY`` for all the blocks of a new source: the server works on one block while the next
        is read and written out here (a ``COPY`` a block would wait for the server every time).
        """
        if self.copy is None:
            cursor = self.streams.enter_context(connection.cursor())
            self.copy = self.streams.enter_context(cursor.cursor.copy(self.copy_sql("WITH (FORMAT csv)")))
        return self.copy

    def __enter__(self) -> EventWriter:
        return self

    def __exit__(self, *failure: Any) -> None:
        """Finish (or, on failure, abandon) the open ``COPY``."""
        self.copy = None
        self.streams.__exit__(*failure)

    def update_rows(self, rows: list[EventRow]) -> None:
        """Update changed events one by one, each change on the record."""
        by_id = {
            event.source_id: event
            for event in Event.objects.filter(
                source=self.options.source, source_id__in=[row.source_id for row in rows]
            )
        }
        for row in rows:
            save_with_record(
                by_id[row.source_id],
                actor=self.actor,
                reason=f"changed in {self.run.file_name} line {row.line}",
                fields={**row.values, "line": row.line, "import_run": self.run},
            )


def iso_if_date(value: Any) -> Any:
    """SQLite keeps dates as ISO text."""
    return value.isoformat() if isinstance(value, datetime.date) else value


def block_rows(events: pa.Table) -> list[EventRow]:
    """A block's rows as Python rows, for comparing with what is stored."""
    columns = [events.column(name).to_pylist() for name in EVENT_COLUMNS]
    return [
        EventRow(values[1], values[0], tuple(values[2:-1]), values[-1])
        for values in zip(*columns, strict=True)
    ]


def python_columns(events: pa.Table) -> list[list]:
    """A block's columns as Python lists, dates as ISO text as SQLite keeps them (in the reading thread)."""
    return [
        (pc.cast(column, pa.string()) if pa.types.is_date(column.type) else column).to_pylist()
        for column in (events.column(name) for name in EVENT_COLUMNS)
    ]


@contextmanager
def bulk_writing() -> Iterator[None]:
    """On SQLite, a larger page cache while an import writes, so that the (country, date) index stays in
    memory: a million events write about a third faster than with the default 2 MB.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        previous = int(cursor.fetchone()[0])
        cursor.execute(f"PRAGMA cache_size = {IMPORT_CACHE}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {previous}")


def start_run(path: Path, options: ImportOptions, actor: Actor, rejected: int) -> ImportRun:
    """The import's record, first thing in its transaction (its events point to it)."""
    run = ImportRun(
        kind=options.kind,
        file_name=path.name,
        actor_name=actor.name,
        status=ImportRun.Status.PARTIAL if rejected else ImportRun.Status.COMPLETE,
        rejected=rejected,
    )
    run.save()
    return run


def finish_run(
    run: ImportRun, writer: EventWriter, sha256: str, options: ImportOptions, actor: Actor
) -> None:
    """Close the import: its figures, the counts of the countries it touched, and its change record."""
    run.sha256 = sha256
    run.finished_at = timezone.now()
    run.save()
    writer.increments.apply(
        options.classification == Classification.PUBLIC and options.releasability == Releasability.EVERYONE
    )
    refresh_counts(writer.touched)
    record_change(
        actor=actor,
        action="create",
        instance=run,
        before=None,
        after={
            "file": run.file_name,
            "sha256": run.sha256,
            "added": run.added,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "rejected": run.rejected,
        },
        reason=f"{options.kind} import",
    )


def import_rows(
    path: Path, scan: Scan, options: ImportOptions, actor: Actor, digest: Digest | None = None
) -> ImportRun:
    """Write rows checked row by row, in one transaction."""
    if scan.problems and not options.keep_good:
        raise ImportRefused(path, scan.problems)
    if scan.problems and options.rejects is not None:
        write_rejects(options.rejects, scan)
    digest = digest or Digest(path)
    with transaction.atomic(), bulk_writing():
        run = start_run(path, options, actor, len(scan.rejected))
        writer = EventWriter(run, options, actor)
        for chunk in chunks(scan.rows(), BATCH):
            writer.write_rows(chunk)
            if options.progress:
                options.progress(len(chunk), scan.good)
        finish_run(run, writer, digest.result(), options, actor)
    return run


def chunks(rows: Iterable[EventRow], size: int) -> Iterator[list[EventRow]]:
    """Rows in lists of ``size``."""
    chunk: list[EventRow] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


class BlockReader(threading.Thread):
    """Reads and converts a file's blocks in a thread of its own while the importing thread writes.

    Arrow's work runs without Python's lock, so reading the next block and writing this one overlap.
    Holds at most ``QUEUED_BLOCKS`` blocks; stops when asked (an interrupted import).
    """

    DONE = object()

    def __init__(self, blocks: Iterator[Block], prepare: Callable[[Block], None] | None = None) -> None:
        super().__init__(daemon=True, name="accord-block-reader")
        self.blocks = blocks
        self.prepare = prepare
        self.ready: queue.Queue = queue.Queue(maxsize=QUEUED_BLOCKS)
        self.stopping = threading.Event()
        self.start()

    def run(self) -> None:
        try:
            for block in self.blocks:
                if self.prepare:
                    self.prepare(block)
                if not self.hand_over(block):
                    return
            self.hand_over(self.DONE)
        except BaseException as error:  # handed to the importing thread, which raises it
            self.hand_over(error)

    def hand_over(self, item: object) -> bool:
        while not self.stopping.is_set():
            try:
                self.ready.put(item, timeout=0.2)
                return True
            except queue.Full:
                continue
        return False

    def __iter__(self) -> Iterator[Block]:
        try:
            while (item := self.ready.get()) is not self.DONE:
                if isinstance(item, BaseException):
                    raise item
                yield item
        finally:
            self.stopping.set()


def import_ged_blocks(
    path: Path, gazetteer: Gazetteer, options: ImportOptions, actor: Actor, digest: Digest
) -> ImportRun:
    """The columnar way (clean files): raises :class:`NotSimple`, inside the transaction, to give up."""
    total = path.stat().st_size
    run = start_run(path, options, actor, 0)
    done = 0
    with EventWriter(run, options, actor) as writer:
        for block in BlockReader(ged_blocks(path, gazetteer.places()), writer.prepare):
            writer.write_block(block)
            if options.progress:
                options.progress(block.bytes_read - done, total)
            done = block.bytes_read
    finish_run(run, writer, digest.result(), options, actor)
    return run


def import_ged(
    path: Path,
    *,
    actor: Actor,
    keep_good: bool = False,
    rejects: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportRun:
    """Import a UCDP GED CSV file: the columnar way if the file is clean, else row by row."""
    with refusing_unreadable_files():
        check_input_file(path, what="CSV file")
        if keep_good and rejects is not None:
            check_output_path(rejects)
        return import_ged_checked(path, actor, keep_good, rejects, progress)


def import_ged_checked(
    path: Path,
    actor: Actor,
    keep_good: bool,
    rejects: Path | None,
    progress: Callable[[int, int], None] | None,
) -> ImportRun:
    """:func:`import_ged` once the file is known to be a text file."""
    options = ImportOptions(
        source=SOURCE_KEY, kind=SOURCE_KEY, keep_good=keep_good, rejects=rejects, progress=progress
    )
    gazetteer = Gazetteer.load()
    digest = Digest(path)
    try:
        with transaction.atomic(), bulk_writing():
            dataset_source(GED_SOURCE, actor)
            return import_ged_blocks(path, gazetteer, options, actor, digest)
    except NotSimple as reason:
        # Rolled back: the row-by-row reader finds and explains what the columnar one gave up on.
        logger.info("%s is read row by row: %s", path, reason)
    scan = ged_scan(path, gazetteer)
    with transaction.atomic():
        dataset_source(GED_SOURCE, actor)
        return import_rows(path, scan, options, actor, digest)


def column_of(spec: Any) -> str:
    return spec["column"] if isinstance(spec, dict) else str(spec)


def json_rows(path: Path, required: list[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """The records of a JSON event file, each with its line and its values as text (numbers as
    written, so that they are checked like a CSV file's).
    """
    for index, (line, record) in enumerate(json_records(path)):
        if not isinstance(record, dict):
            raise ImportRefused(path, [RowProblem(line, "json", "expected a list of objects")])
        missing = [column for column in required if column not in record] if index == 0 else []
        if missing:
            raise ImportRefused(path, [RowProblem(line, ", ".join(missing), "required field is missing")])
        yield line, {key: "" if value is None else str(value) for key, value in record.items()}


def mapped_rows(path: Path, mapping: dict[str, Any], gazetteer: Gazetteer) -> Scan:
    """Read a CSV or JSON file through a mapping and check every row."""
    required = [column_of(mapping[key]) for key in ("id", "date", "country", "category")]
    header: list[str] = []
    if path.suffix.lower() == ".json":
        numbered = json_rows(path, required)
    else:
        header, numbered = read_csv(path, required)
    scan = Scan()
    good: list[EventRow] = []
    id_column = column_of(mapping["id"])
    for line, raw in numbered:
        row_problems = mapped_row_problems(line, raw, header)
        values = mapped_values(line, raw, mapping, gazetteer, row_problems) if not row_problems else {}
        source_id = (raw.get(id_column) or "").strip()
        check_source_id(source_id, id_column, line, row_problems)
        if scan.check(line, source_id, raw, row_problems):
            good.append(EventRow.from_values(line, source_id, values))
    scan.rows = lambda: iter(good)
    return scan


def mapped_row_problems(line: int, raw: dict[Any, Any], header: list[str]) -> list[RowProblem]:
    """A CSV row shorter or longer than its header, or holding a NUL character, is not read further."""
    shape = row_length_problem(line, raw, header) if header else None
    if shape:
        return [shape]
    return nul_problems(line, [str(key) for key in raw], [str(value) for value in raw.values()])


def mapped_values(
    line: int, raw: dict[str, str], mapping: dict[str, Any], gazetteer: Gazetteer, problems: list[RowProblem]
) -> dict[str, Any]:
    """One mapped row as event values."""
    date_spec = mapping["date"]
    date_column = column_of(date_spec)
    day = parse_day(
        raw.get(date_column, ""),
        date_column,
        line,
        problems,
        date_spec.get("format", "") if isinstance(date_spec, dict) else "",
    )
    country = mapped_country(line, raw, mapping["country"], gazetteer, problems)
    category_spec = mapping["category"]
    category_value = raw.get(column_of(category_spec), "").strip()
    category = (
        category_spec.get("values", {}).get(category_value, category_spec.get("default"))
        if isinstance(category_spec, dict)
        else category_value
    )
    if category not in Category.values:
        problems.append(
            RowProblem(line, column_of(category_spec), f"{category_value!r} maps to no known category")
        )
    latitude = (
        parse_coordinate(
            raw.get(column_of(mapping.get("latitude", "")), ""),
            column_of(mapping.get("latitude", "latitude")),
            90,
            line,
            problems,
        )
        if mapping.get("latitude")
        else None
    )
    longitude = (
        parse_coordinate(
            raw.get(column_of(mapping.get("longitude", "")), ""),
            column_of(mapping.get("longitude", "longitude")),
            180,
            line,
            problems,
        )
        if mapping.get("longitude")
        else None
    )
    fatalities = (
        parse_int(
            raw.get(column_of(mapping["fatalities"]), ""), column_of(mapping["fatalities"]), line, problems
        )
        if mapping.get("fatalities")
        else None
    )
    return {
        "date": day,
        "date_end": day,
        "date_precision": mapped_choice(raw, mapping.get("date_precision"), "day"),
        "place": raw.get(column_of(mapping["place"]), "")[:300] if mapping.get("place") else "",
        "place_precision": mapped_choice(
            raw,
            mapping.get("place_precision"),
            "point" if latitude is not None and longitude is not None else "country",
        ),
        "latitude": latitude,
        "longitude": longitude,
        "admin1": raw.get(column_of(mapping["admin1"]), "")[:200] if mapping.get("admin1") else "",
        "country": country,
        "region": gazetteer.region_of.get(country or "", ""),
        "category": category,
        "fatalities_best": fatalities,
        "fatalities_low": None,
        "fatalities_high": None,
        "description": raw.get(column_of(mapping["description"]), "")[:500]
        if mapping.get("description")
        else "",
        "attributes": {key: raw[key] for key in mapping.get("keep", []) if key in raw},
    }


def mapped_choice(raw: dict[str, str], spec: Any, default: str) -> str:
    """A precision looked up through the mapping's value table."""
    if not spec:
        return default
    if isinstance(spec, str):
        return spec
    value = (raw.get(spec.get("column") or "") or "").strip()
    return str(spec.get("values", {}).get(value, spec.get("default", default)))


def mapped_country(
    line: int, raw: dict[str, str], spec: Any, gazetteer: Gazetteer, problems: list[RowProblem]
) -> str | None:
    """The ISO code of the row's country, from a code, a Gleditsch-Ward number or a name."""
    column = column_of(spec)
    kind = spec.get("kind", "iso3") if isinstance(spec, dict) else "iso3"
    value = raw.get(column, "").strip()
    if kind == "gwno" and value.isdigit():
        code = gazetteer.by_gwno.get(int(value))
    elif kind == "name":
        code = gazetteer.by_name.get(value.casefold())
    else:
        code = value.upper() if value.upper() in gazetteer.codes else None
    if code is None:
        problems.append(RowProblem(line, column, f"unknown country {value!r}"))
    return code


def import_mapped(
    path: Path,
    mapping_path: Path,
    *,
    actor: Actor,
    keep_good: bool = False,
    rejects: Path | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> ImportRun:
    """Import any CSV or JSON file through a mapping file."""
    with refusing_unreadable_files():
        mapping = load_mapping(mapping_path)
        check_input_file(path, what="CSV or JSON file")
        if keep_good and rejects is not None:
            check_output_path(rejects)
        options = ImportOptions(
            source=f"csv:{mapping['name']}",
            kind=f"mapped:{mapping['name']}",
            keep_good=keep_good,
            rejects=rejects,
            progress=progress,
        )
        return import_rows(path, mapped_rows(path, mapping, Gazetteer.load()), options, actor)

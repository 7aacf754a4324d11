"""Reading clean UCDP GED files a block of rows at a time, with Arrow.

A million events cannot be checked and converted one Python row at a time at the speed the Crisis
Response Center needs, so clean files take this path: Arrow parses the CSV in C++ and every check
and conversion runs on whole columns. It only ever *accepts* what the row-by-row reader
(:mod:`accord.crisis.ingest.ged`) would accept and convert the same way; anything it is not sure of
(a bad value, a value with spaces around it, an over-long text, a repeated id …) raises
:class:`NotSimple`, the import's transaction is rolled back, and the file is read row by row, which
explains every problem with its line and field.
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv

from accord.core.ingest import DAY_PATTERN, FIELD_LIMIT
from accord.crisis.ingest.ged_schema import (
    ADMIN1_LENGTH,
    DESCRIPTION_LENGTH,
    GED_ATTRIBUTES,
    GED_CATEGORIES,
    GED_COLUMNS,
    GED_DATE_PRECISION,
    GED_PLACE_PRECISION,
    PLACE_LENGTH,
)

# Blocks of about 6,000 rows read from 256 KiB at a time, in the reading thread alone, with jemalloc
# (which gives memory back): a million events are imported in under 300 MB.
READ_BYTES = 1 << 18
ROWS_PER_BLOCK = 6_000
NUMERIC_ID = r"^[0-9]{1,18}$"
ISO_DAY = DAY_PATTERN  # the whole value, as the row-by-row reader has it: "2015-01-01 garbage" is no date
WHOLE_NUMBER = r"^[0-9]{1,9}$"
DECIMAL = r"^-?[0-9]{1,3}(\.[0-9]{1,15})?$"
GW_NUMBER = r"^[0-9]{1,4}$"
NEWLINE, RETURN, SPACE, QUOTE, BACKSLASH = (ord(character) for character in '\n\r "\\')
# Control characters JSON would need as \u escapes: a value holding one goes the row-by-row way.
RARE_CONTROL = np.array([code for code in range(32) if chr(code) not in "\t\n\r"], np.uint8)
JSON_ESCAPES = (("\\", "\\\\"), ('"', '\\"'), ("\n", "\\n"), ("\r", "\\r"), ("\t", "\\t"))
FIRST_DAY = pa.scalar(datetime.date(1, 1, 1), pa.date32())
EVENT_COLUMNS = (
    "source_id",
    "line",
    "date",
    "date_end",
    "date_precision",
    "place",
    "place_precision",
    "latitude",
    "longitude",
    "admin1",
    "country",
    "region",
    "category",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "description",
    "attributes",
)


def use_jemalloc() -> None:
    """Arrow's jemalloc pool where the platform has it; its default keeps more memory in a long import."""
    with contextlib.suppress(NotImplementedError):  # an Arrow built without it keeps its default
        pa.set_memory_pool(pa.jemalloc_memory_pool())


use_jemalloc()


class NotSimple(Exception):
    """The file holds something the columnar reader does not decide; read it row by row."""


@dataclass
class Places:
    """The gazetteer as Arrow arrays: Gleditsch-Ward numbers to ISO codes, ISO codes to regions."""

    gw_numbers: pa.Array
    gw_codes: pa.Array
    region_codes: pa.Array
    regions: pa.Array

    @classmethod
    def of(cls, by_gwno: dict[int, str], region_of: dict[str, str]) -> Places:
        return cls(
            pa.array(list(by_gwno), pa.int64()),
            pa.array(list(by_gwno.values()), pa.string()),
            pa.array(list(region_of), pa.string()),
            pa.array(list(region_of.values()), pa.string()),
        )


@dataclass
class Block:
    """Checked rows converted to the event's columns (``EVENT_COLUMNS``), and how far into the file."""

    events: pa.Table
    bytes_read: int
    python_columns: list[list] | None = None  # the columns as Python lists, when the writer wants them

    @property
    def source_ids(self) -> list[str]:
        return self.events.column("source_id").to_pylist()


class SeenIds:
    """The ids met so far, to refuse a file that repeats one, in a few sorted NumPy runs (8 bytes an id)."""

    def __init__(self) -> None:
        self.runs: list[np.ndarray] = []

    def add(self, ids: np.ndarray) -> None:
        """Remember a block's ids; raises :class:`NotSimple` when one was met before."""
        ordered = np.sort(ids)
        if len(ordered) > 1 and bool((ordered[1:] == ordered[:-1]).any()):
            raise NotSimple("an id repeats")
        for run in self.runs:
            places = np.searchsorted(run, ordered)
            inside = places < len(run)
            if bool((run[places[inside]] == ordered[inside]).any()):
                raise NotSimple("an id repeats")
        self.runs.append(ordered)
        while len(self.runs) > 1 and len(self.runs[-2]) <= 2 * len(self.runs[-1]):
            last = self.runs.pop()
            self.runs[-1] = np.sort(np.concatenate([self.runs[-1], last]))


def header_of(path: Path) -> tuple[list[str], int]:
    """The header's column names and the number of lines it takes."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        try:
            header = next(reader, [])
        except (csv.Error, UnicodeDecodeError) as error:
            raise NotSimple(f"the header cannot be read: {error}") from None
        return header, reader.line_num


def refuse_unusual_text(data: np.ndarray, offsets: np.ndarray) -> None:
    """Give up on a column holding a NUL character (no database text column keeps one) or a value longer
    than the row-by-row reader takes (it counts characters, this bytes: never more lenient).
    """
    if len(data) and data.min() == 0:  # min: the quickest whole-array test NumPy has
        raise NotSimple("a NUL character")
    if len(offsets) > 1 and int(np.diff(offsets).max()) >= FIELD_LIMIT:
        raise NotSimple("a value longer than a CSV field may be")


def raw_batches(handle: BinaryIO, header: list[str]) -> Iterator[pa.RecordBatch]:
    """The file's rows as batches of text columns, exactly as written (no trimming, no nulls)."""
    if sorted(set(header)) != sorted(header) or not set(GED_COLUMNS) <= set(header):
        raise NotSimple("the header repeats or lacks a column")
    try:  # all columns, even those outside the schema: their line breaks count too
        yield from pcsv.open_csv(
            handle,
            read_options=pcsv.ReadOptions(block_size=READ_BYTES, use_threads=False),
            parse_options=pcsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pcsv.ConvertOptions(
                column_types=dict.fromkeys(header, pa.string()),
                strings_can_be_null=False,
                quoted_strings_can_be_null=False,
            ),
        )
    except (pa.ArrowInvalid, UnicodeDecodeError) as error:
        raise NotSimple(f"Arrow cannot read the file: {str(error)[:200]}") from None


def joined_batches(batches: Iterator[pa.RecordBatch]) -> Iterator[pa.Table]:
    """Batches gathered into tables of about ``ROWS_PER_BLOCK`` rows: whole-column work wants long columns."""
    gathered: list[pa.RecordBatch] = []
    rows = 0
    for batch in batches:
        gathered.append(batch)
        rows += batch.num_rows
        if rows >= ROWS_PER_BLOCK:
            yield pa.Table.from_batches(gathered).combine_chunks()
            gathered, rows = [], 0
    if gathered:
        yield pa.Table.from_batches(gathered).combine_chunks()


def text_bytes(column: pa.Array | pa.ChunkedArray) -> tuple[np.ndarray, np.ndarray]:
    """A text column's UTF-8 bytes and where each value starts in them (NumPy views, no copies)."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    offsets_buffer, data_buffer = column.buffers()[1:3]
    offsets = np.frombuffer(offsets_buffer, np.int32)[column.offset : column.offset + len(column) + 1]
    data = np.frombuffer(data_buffer, np.uint8) if data_buffer is not None else np.zeros(0, np.uint8)
    return data[offsets[0] : offsets[-1]], offsets - offsets[0]


def line_numbers(table: pa.Table, first_line: int) -> tuple[np.ndarray, int]:
    """The line each row starts on (values with line breaks push the following rows down), and the next;
    raises :class:`NotSimple` on a NUL character or an over-long value (:func:`refuse_unusual_text`).
    """
    breaks = np.zeros(table.num_rows, dtype=np.int64)
    for column in table.columns:
        data, offsets = text_bytes(column)
        refuse_unusual_text(data, offsets)  # here, where every column's bytes are at hand anyway
        # A line ends at \n, or at a \r not followed by \n, as Python's own line reading has it.
        lone_return = (data == RETURN) & (np.append(data[1:], 0) != NEWLINE)
        found = np.flatnonzero((data == NEWLINE) | lone_return)
        if len(found):
            before = np.searchsorted(found, offsets)
            breaks += before[1:] - before[:-1]
    after = np.cumsum(breaks)
    lines = first_line + np.arange(table.num_rows, dtype=np.int64) + after - breaks
    return lines, first_line + table.num_rows + int(after[-1] if len(after) else 0)


def require(condition: pa.Array | pa.ChunkedArray, reason: str) -> None:
    """Give up on the block unless ``condition`` holds on every row."""
    if not pc.all(pc.fill_null(condition, False)).as_py():
        raise NotSimple(reason)


def matches(column: pa.Array, pattern: str, *, or_empty: bool = False) -> pa.Array:
    found = pc.match_substring_regex(column, pattern)
    return pc.or_(found, pc.equal(column, "")) if or_empty else found


def days(column: pa.Array, name: str) -> pa.Array:
    """ISO dates (the first ten characters, as the row-by-row reader takes them)."""
    require(matches(column, ISO_DAY), f"{name}: not an ISO date")
    try:
        parsed = pc.cast(pc.utf8_slice_codeunits(column, 0, 10), pa.date32())
    except pa.ArrowInvalid:
        raise NotSimple(f"{name}: not a date") from None
    require(pc.greater_equal(parsed, FIRST_DAY), f"{name}: before year 1")
    return parsed


def numbers(column: pa.Array, pattern: str, kind: pa.DataType, name: str) -> pa.Array:
    """Numbers of a plain form; empty values become nulls."""
    require(matches(column, pattern, or_empty=True), f"{name}: not a plain number")
    present = pc.if_else(pc.equal(column, ""), pa.scalar(None, pa.string()), column)
    return pc.cast(present, kind)


def coded(column: pa.Array, codes: dict[str, str], name: str) -> pa.Array:
    """A GED code replaced by what it means."""
    position = pc.index_in(column, value_set=pa.array(list(codes)))
    require(pc.is_valid(position), f"{name}: unknown code")
    return pc.take(pa.array([str(value) for value in codes.values()]), position)


def within(column: pa.Array, length: int, name: str) -> pa.Array:
    require(pc.less_equal(pc.utf8_length(column), length), f"{name}: longer than {length}")
    return column


def json_ready(column: pa.Array) -> pa.Array:
    """Text escaped for a JSON string literal (most columns need nothing, which NumPy sees at once)."""
    data, _ = text_bytes(column)
    special = np.unique(data[(data < SPACE) | (data == QUOTE) | (data == BACKSLASH)])
    if np.isin(special, RARE_CONTROL).any():
        raise NotSimple("a control character")
    for plain, escaped in JSON_ESCAPES:
        if ord(plain) in special:
            column = pc.replace_substring(column, plain, escaped)
    return column


def attribute_lists(table: pa.Table) -> pa.Array:
    """The kept GED fields of each row as a JSON list of strings (``GED_ATTRIBUTES`` order)."""
    parts = [json_ready(table.column(name).combine_chunks()) for name in GED_ATTRIBUTES]
    return pc.binary_join_element_wise('["', pc.binary_join_element_wise(*parts, '","'), '"]', "")


def convert(table: pa.Table, lines: np.ndarray, places: Places, seen: SeenIds) -> pa.Table:
    """A block of raw GED rows as event columns; raises :class:`NotSimple` on anything doubtful."""

    def text(name: str) -> pa.Array:
        return table.column(name).combine_chunks()

    ids = text("id")
    require(matches(ids, NUMERIC_ID), "id: not a plain number")
    seen.add(pc.cast(ids, pa.int64()).to_numpy())
    start = days(text("date_start"), "date_start")
    end_text = text("date_end")
    end = days(pc.if_else(pc.equal(end_text, ""), text("date_start"), end_text), "date_end")
    require(pc.greater_equal(end, start), "date_end: before date_start")
    gw_numbers = numbers(text("country_id"), GW_NUMBER, pa.int64(), "country_id")
    require(pc.is_valid(gw_numbers), "country_id: missing")
    position = pc.index_in(gw_numbers, value_set=places.gw_numbers)
    require(pc.is_valid(position), "country_id: unknown country")
    country = pc.take(places.gw_codes, position)
    region = pc.fill_null(pc.take(places.regions, pc.index_in(country, value_set=places.region_codes)), "")
    latitude = numbers(text("latitude"), DECIMAL, pa.float64(), "latitude")
    longitude = numbers(text("longitude"), DECIMAL, pa.float64(), "longitude")
    require(pc.less_equal(pc.abs(latitude), 90), "latitude: out of range")
    require(pc.less_equal(pc.abs(longitude), 180), "longitude: out of range")
    return pa.table(
        {
            "source_id": ids,
            "line": pa.array(lines, pa.int64()),
            "date": start,
            "date_end": end,
            "date_precision": coded(text("date_prec"), GED_DATE_PRECISION, "date_prec"),
            "place": within(text("where_coordinates"), PLACE_LENGTH, "where_coordinates"),
            "place_precision": coded(text("where_prec"), GED_PLACE_PRECISION, "where_prec"),
            "latitude": latitude,
            "longitude": longitude,
            "admin1": within(text("adm_1"), ADMIN1_LENGTH, "adm_1"),
            "country": country,
            "region": region,
            "category": coded(text("type_of_violence"), GED_CATEGORIES, "type_of_violence"),
            "fatalities_best": numbers(text("best"), WHOLE_NUMBER, pa.int64(), "best"),
            "fatalities_low": numbers(text("low"), WHOLE_NUMBER, pa.int64(), "low"),
            "fatalities_high": numbers(text("high"), WHOLE_NUMBER, pa.int64(), "high"),
            "description": within(text("dyad_name"), DESCRIPTION_LENGTH, "dyad_name"),
            "attributes": attribute_lists(table),
        }
    )


class ByteCounter(io.RawIOBase):
    """A file that counts the bytes read from it, for the progress bar."""

    def __init__(self, handle: BinaryIO) -> None:
        self.handle = handle
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        read = self.handle.readinto(buffer)  # type: ignore[attr-defined]
        self.count += read or 0
        return read or 0

    def close(self) -> None:
        self.handle.close()
        super().close()


def ged_blocks(path: Path, places: Places) -> Iterator[Block]:
    """The file's rows, checked and converted, a block at a time; raises :class:`NotSimple` to give up."""
    header, header_lines = header_of(path)
    seen = SeenIds()
    next_line = header_lines + 1
    with ByteCounter(path.open("rb")) as handle:
        for table in joined_batches(raw_batches(io.BufferedReader(handle), header)):
            lines, next_line = line_numbers(table, next_line)
            events = convert(table, lines, places, seen)
            # In the order of the (country, date) index: neighbouring rows land on neighbouring pages.
            yield Block(events.sort_by([("country", "ascending"), ("date", "ascending")]), handle.count)

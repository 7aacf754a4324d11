"""The columnar GED reader: it may only take what the row-by-row reader takes, read the same way.

No database here: the gazetteer is a pair of small dictionaries (the module imports Django models,
hence pytest-django's settings).
"""

from __future__ import annotations

import csv
import datetime
from pathlib import Path

import numpy as np
import orjson
import pyarrow as pa
import pytest

from accord.charter.gazetteer import Gazetteer
from accord.core.ingest import csv_rows
from accord.crisis.ingest import ged_blocks as columnar
from accord.crisis.ingest.ged import GedReader
from accord.crisis.ingest.ged_blocks import (
    NotSimple,
    Places,
    SeenIds,
    attribute_lists,
    ged_blocks,
    json_ready,
    line_numbers,
)
from accord.crisis.ingest.ged_schema import GED_ATTRIBUTES
from accord.crisis.ingest.writer import VALUE_COLUMNS

SAMPLE = Path(columnar.__file__).resolve().parents[2] / "data" / "demo" / "ged-23.1-sample.csv"
PLACES = Places.of({652: "SYR", 365: "RUS"}, {"RUS": "east-european"})


def sample() -> tuple[list[str], list[list[str]]]:
    """The real sample's header and records (records, not lines: quoted values hold line breaks)."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        header, *records = csv.reader(handle)
    return header, records


HEADER, RECORDS = sample()
AT = {name: position for position, name in enumerate(HEADER)}
KNOWN = [record for record in RECORDS if record[AT["country_id"]] in ("652", "365")]


def record(source_id: str) -> list[str]:
    """A copy of the sample's record with that id."""
    return next(list(found) for found in RECORDS if found[AT["id"]] == source_id)


def changed(row: list[str], **fields: str) -> list[str]:
    """A copy of a record with some fields changed."""
    copy = list(row)
    for name, value in fields.items():
        copy[AT[name]] = value
    return copy


def write(path: Path, rows: list[list[str]], header: list[str] = HEADER, terminator: str = "\n") -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator=terminator).writerows([header, *rows])
    return path


def read(path: Path, places: Places = PLACES) -> pa.Table:
    """All the file's events, its blocks concatenated."""
    return pa.concat_tables([block.events for block in ged_blocks(path, places)])


def starting_lines(path: Path) -> dict[str, int]:
    """The line each record starts on as the csv module counts (the row-by-row reader's numbering)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader)
        return {row[header.index("id")]: line for line, row in csv_rows(path, reader)}


def read_lines(path: Path, places: Places = PLACES) -> dict[str, int]:
    events = read(path, places)
    return dict(zip(events.column("source_id").to_pylist(), events.column("line").to_pylist(), strict=True))


# SeenIds


def test_distinct_ids_are_accepted_and_kept_in_few_sorted_runs():
    seen = SeenIds()
    for start in range(0, 1000, 10):
        seen.add(np.arange(start, start + 10, dtype=np.int64)[::-1].copy())
    assert sum(len(run) for run in seen.runs) == 1000
    assert len(seen.runs) <= 10  # merged as they come, not one run a block
    assert all(bool((run[1:] > run[:-1]).all()) for run in seen.runs)
    merged = np.sort(np.concatenate(seen.runs))
    assert merged.tolist() == list(range(1000))


def test_a_repeat_inside_one_block_is_refused():
    with pytest.raises(NotSimple, match="repeats"):
        SeenIds().add(np.array([5, 3, 9, 3], np.int64))


@pytest.mark.parametrize("repeated", [0, 7, 499, 500, 993, 999])
def test_a_repeat_across_blocks_is_refused_after_runs_were_merged(repeated: int):
    seen = SeenIds()
    for start in range(0, 1000, 7):  # blocks of different sizes at the end, merged runs before
        seen.add(np.arange(start, min(start + 7, 1000), dtype=np.int64))
    assert len(seen.runs) < 1000 // 7
    with pytest.raises(NotSimple, match="repeats"):
        seen.add(np.array([5000, repeated, 6000], np.int64))


def test_ids_beyond_either_end_of_the_runs_are_new():
    """Ids sorted past a run's last one (``searchsorted`` gives its length) must not be taken as seen."""
    seen = SeenIds()
    seen.add(np.array([10, 20, 30], np.int64))
    seen.add(np.array([1, 31, 10**17], np.int64))
    seen.add(np.array([], np.int64))
    with pytest.raises(NotSimple):
        seen.add(np.array([10**17], np.int64))
    with pytest.raises(NotSimple):
        seen.add(np.array([2, 30], np.int64))


# line_numbers


def text_table(rows: list[tuple[str, str]]) -> pa.Table:
    return pa.table(
        {"a": pa.array([a for a, _ in rows], pa.string()), "b": pa.array([b for _, b in rows], pa.string())}
    )


LINED = [
    ("x", "y"),  # line 2
    ("two\nlines", "z"),  # lines 3-4
    ("p", "three\nline\nvalue"),  # lines 5-7
    ("q\n", "\nr"),  # lines 8-10: a break in each column
    ("", ""),  # line 11
]


def test_line_numbers_count_the_breaks_inside_values():
    lines, following = line_numbers(text_table(LINED), 2)
    assert lines.tolist() == [2, 3, 5, 8, 11]
    assert following == 12


def test_line_numbers_of_a_slice_and_of_chunked_columns():
    """Arrow hands over columns with offsets and in chunks: the NumPy views must honour both."""
    table = text_table(LINED)
    lines, following = line_numbers(table.slice(1, 3), 3)
    assert (lines.tolist(), following) == ([3, 5, 8], 11)
    chunked = pa.concat_tables([table.slice(0, 2), table.slice(2)])
    assert chunked.column("a").num_chunks == 2
    lines, following = line_numbers(chunked, 2)
    assert (lines.tolist(), following) == ([2, 3, 5, 8, 11], 12)


def test_line_numbers_without_breaks_or_rows():
    lines, following = line_numbers(text_table([("", ""), ("a", "b"), ("", "")]), 7)
    assert (lines.tolist(), following) == ([7, 8, 9], 10)
    lines, following = line_numbers(text_table([]), 4)
    assert (lines.tolist(), following) == ([], 4)


# json_ready and attribute_lists

AWKWARD = [
    'Government of "Syria"',
    "back\\slash \\n not a break",
    "tab\there",
    "two\nlines",
    "carriage\rreturn\r\n",
    "Правительство Сирии — «ССА»",
    "",
    '\\"',
    "delete\x7f is fine in JSON",
]


def test_json_ready_text_reads_back_as_the_original():
    escaped = json_ready(pa.array(AWKWARD, pa.string())).to_pylist()
    assert [orjson.loads(f'"{value}"') for value in escaped] == AWKWARD


def test_plain_text_is_left_alone():
    plain = pa.array(["Syria", "Ариха", ""], pa.string())
    assert json_ready(plain).to_pylist() == ["Syria", "Ариха", ""]


@pytest.mark.parametrize("control", ["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x1f"])
def test_a_control_character_is_left_to_the_row_by_row_reader(control: str):
    with pytest.raises(NotSimple, match="control character"):
        json_ready(pa.array(["fine", f"bell{control}here"], pa.string()))


def test_attribute_lists_are_json_lists_of_the_original_values():
    rows = [
        [AWKWARD[(row + position) % len(AWKWARD)] for position in range(len(GED_ATTRIBUTES))]
        for row in range(len(AWKWARD))
    ]
    table = pa.table({name: [row[at] for row in rows] for at, name in enumerate(GED_ATTRIBUTES)})
    assert [orjson.loads(text) for text in attribute_lists(table).to_pylist()] == rows


def test_attribute_lists_refuse_a_control_character():
    table = pa.table({name: ["x", "y\x07"] for name in GED_ATTRIBUTES})
    with pytest.raises(NotSimple):
        attribute_lists(table)


# convert and ged_blocks on files

DOUBTFUL = [
    ("date_start", "2013-02-30"),
    ("date_start", "2013-13-01"),
    ("date_start", "3 January 2013"),
    ("date_end", "2012-12-31"),  # before the start
    ("country_id", "999"),  # not in the gazetteer
    ("country_id", ""),
    ("country_id", "652.0"),
    ("latitude", "95"),
    ("latitude", "-90.000001"),
    ("latitude", ""),
    ("longitude", "180.5"),
    ("longitude", "1e2"),
    ("best", "-1"),
    ("best", "2.0"),
    ("low", " 2"),
    ("date_prec", "6"),
    ("where_prec", "8"),
    ("type_of_violence", "4"),
    ("where_coordinates", "x" * 301),
    ("adm_1", "x" * 201),
    ("dyad_name", "д" * 501),
    ("side_a", "bell\x07"),
    ("id", ""),
    ("id", " 300380"),
    ("id", "1" * 19),
    ("id", "A1"),
]


@pytest.mark.parametrize(("column", "value"), DOUBTFUL)
def test_a_doubtful_value_gives_up(tmp_path: Path, column: str, value: str):
    rows = [list(found) for found in KNOWN[:20]]
    rows[7] = changed(rows[7], **{column: value})
    with pytest.raises(NotSimple):
        read(write(tmp_path / "ged.csv", rows))


def test_year_zero_gives_up(tmp_path: Path):
    row = changed(KNOWN[3], date_start="0000-01-03", date_end="0000-01-03")
    with pytest.raises(NotSimple):
        read(write(tmp_path / "ged.csv", [KNOWN[0], row]))


def test_a_repeated_id_gives_up(tmp_path: Path):
    rows = [list(found) for found in KNOWN[:20]]
    rows[15] = changed(rows[15], id=rows[2][AT["id"]])
    with pytest.raises(NotSimple, match="repeats"):
        read(write(tmp_path / "ged.csv", rows))


def test_ids_with_leading_zeros_are_the_same_number(tmp_path: Path):
    """``00300380`` and ``300380`` are one id to the check: the file goes the careful way."""
    rows = [record("300380"), changed(KNOWN[5], id="00300380")]
    with pytest.raises(NotSimple, match="repeats"):
        read(write(tmp_path / "ged.csv", rows))


def test_a_repeat_in_a_later_block_gives_up(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(columnar, "READ_BYTES", 16_384)
    monkeypatch.setattr(columnar, "ROWS_PER_BLOCK", 10)
    rows = [list(found) for found in KNOWN]
    path = write(tmp_path / "clean.csv", rows)
    assert len(list(ged_blocks(path, PLACES))) > 5
    rows[-1] = changed(rows[-1], id=rows[0][AT["id"]])
    with pytest.raises(NotSimple, match="repeats"):
        read(write(tmp_path / "repeat.csv", rows))


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("latitude", "90"),
        ("latitude", "-90"),
        ("longitude", "-180.0"),
        ("where_coordinates", "x" * 300),
        ("where_coordinates", "д" * 300),  # characters, not bytes
        ("dyad_name", "д" * 500),
        ("date_end", ""),  # the start's day
        ("best", ""),
        ("id", "1" * 18),
        ("date_start", "2013-01-03 00:00:00.000"),  # the first ten characters, as the row-by-row reader
    ],
)
def test_values_at_the_limits_are_taken(tmp_path: Path, column: str, value: str):
    row = changed(record("300380"), **{column: value})
    events = read(write(tmp_path / "ged.csv", [row]))
    assert events.num_rows == 1


def test_a_clean_file_gives_the_events_of_its_rows(tmp_path: Path):
    path = write(tmp_path / "ged.csv", KNOWN)
    blocks = list(ged_blocks(path, PLACES))
    assert blocks[-1].bytes_read == path.stat().st_size
    events = pa.concat_tables([block.events for block in blocks])
    assert events.column_names == list(columnar.EVENT_COLUMNS)
    assert events.num_rows == len(KNOWN) == 281
    by_id = {row["source_id"]: row for row in events.to_pylist()}
    syria = by_id["300380"]
    assert {name: value for name, value in syria.items() if name != "attributes"} == {
        "source_id": "300380",
        "line": 2,
        "date": datetime.date(2013, 1, 3),
        "date_end": datetime.date(2013, 1, 3),
        "date_precision": "day",
        "place": "Rami village",
        "place_precision": "point",
        "latitude": 35.763369,
        "longitude": 36.558974,
        "admin1": "Idlib governorate",
        "country": "SYR",
        "region": "",  # not in the region table given
        "category": "armed-conflict-state-based",
        "fatalities_best": 2,
        "fatalities_low": 2,
        "fatalities_high": 2,
        "description": "Government of Syria - Syrian insurgents",
    }
    kept = orjson.loads(syria["attributes"])
    assert kept == [record("300380")[AT[name]] for name in GED_ATTRIBUTES]
    assert (kept[GED_ATTRIBUTES.index("relid")], kept[GED_ATTRIBUTES.index("gwnob")]) == (
        "SYR-2013-1-11973-99",
        "",
    )
    russian = [row for row in by_id.values() if row["country"] == "RUS"]
    assert len(russian) == 16 and {row["region"] for row in russian} == {"east-european"}


def test_blocks_come_in_country_and_date_order(tmp_path: Path):
    for block in ged_blocks(write(tmp_path / "ged.csv", KNOWN), PLACES):
        keys = list(
            zip(
                block.events.column("country").to_pylist(),
                block.events.column("date").to_pylist(),
                strict=True,
            )
        )
        assert keys == sorted(keys)


def test_the_whole_sample_reads_as_the_row_by_row_reader_reads_it(monkeypatch: pytest.MonkeyPatch):
    """Every field, line and kept attribute of the 1000 real events, in several blocks."""
    monkeypatch.setattr(columnar, "READ_BYTES", 65_536)
    monkeypatch.setattr(columnar, "ROWS_PER_BLOCK", 100)
    numbers = {int(found[AT["country_id"]]) for found in RECORDS}
    by_gwno = {number: f"C{index:02d}" for index, number in enumerate(sorted(numbers))}
    region_of = {code: f"region-{index % 3}" for index, code in enumerate(by_gwno.values()) if index % 2}
    blocks = list(ged_blocks(SAMPLE, Places.of(by_gwno, region_of)))
    assert len(blocks) > 3
    events = {row["source_id"]: row for block in blocks for row in block.events.to_pylist()}
    reader = GedReader(HEADER, Gazetteer(by_gwno, set(by_gwno.values()), {}, region_of))
    lines = starting_lines(SAMPLE)
    assert len(events) == len(lines) == 1000
    for found in RECORDS:
        fields, attributes = reader.fields(found)
        event = events[found[AT["id"]]]
        assert tuple(event[name] for name in VALUE_COLUMNS) == fields
        assert orjson.loads(event["attributes"]) == orjson.loads(attributes)
        assert event["line"] == lines[found[AT["id"]]]
    assert events["331084"]["line"] == 1211


# Line numbers of records spanning lines


def spanning_rows() -> list[list[str]]:
    rows = [list(found) for found in KNOWN[:40]]
    for at in range(0, 40, 3):
        rows[at] = changed(
            rows[at],
            where_description=f"first\nsecond\n{at}",
            source_headline="one\r\ntwo",  # a Windows break inside a value is one line too
        )
    rows[10] = changed(rows[10], side_a="a\n\n\nb", adm_2="\n")
    return rows


@pytest.mark.parametrize("terminator", ["\n", "\r\n"])
def test_the_line_is_where_the_record_starts(tmp_path: Path, terminator: str):
    path = write(tmp_path / "ged.csv", spanning_rows(), terminator=terminator)
    expected = starting_lines(path)
    assert list(expected.values())[:3] == [2, 6, 7]  # 3 breaks in the first record
    assert read_lines(path) == expected


def test_lines_carry_over_from_block_to_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(columnar, "READ_BYTES", 16_384)
    monkeypatch.setattr(columnar, "ROWS_PER_BLOCK", 1)
    path = write(tmp_path / "ged.csv", spanning_rows() + [list(found) for found in KNOWN[40:]])
    assert len(list(ged_blocks(path, PLACES))) > 5
    assert read_lines(path) == starting_lines(path)


def test_a_header_over_two_lines_pushes_the_rows_down(tmp_path: Path):
    """A quoted break in a column name (one outside the schema: it does not count) starts rows on line 3."""
    rows = [[*found, ""] for found in KNOWN[:5]]
    path = write(tmp_path / "ged.csv", rows, header=[*HEADER, "two\nlines"])
    expected = starting_lines(path)
    assert list(expected.values()) == [3, 4, 5, 6, 7]
    assert read_lines(path) == expected


# What the columnar reader gets wrong today (see the report that came with these tests)


def test_dates_before_1970_are_taken(tmp_path: Path):
    row = changed(record("300380"), date_start="1969-12-31", date_end="1970-01-01")
    assert read(write(tmp_path / "ged.csv", [row])).column("date").to_pylist() == [
        datetime.date(1969, 12, 31)
    ]


def test_a_row_with_a_missing_field_gives_up(tmp_path: Path):
    rows = [list(found) for found in KNOWN[:5]]
    rows[2] = rows[2][:-1]
    with pytest.raises(NotSimple):
        read(write(tmp_path / "ged.csv", rows))


def test_breaks_in_a_column_outside_the_schema_count(tmp_path: Path):
    rows = [[*found, "a\nb" if at == 1 else ""] for at, found in enumerate(KNOWN[:5])]
    path = write(tmp_path / "ged.csv", rows, header=[*HEADER, "notes"])
    assert read_lines(path) == starting_lines(path)


def test_a_lone_carriage_return_in_a_value_counts_as_the_csv_module_counts_it(tmp_path: Path):
    rows = [list(found) for found in KNOWN[:5]]
    rows[1] = changed(rows[1], where_description="a\rb")
    path = write(tmp_path / "ged.csv", rows, terminator="\r\n")  # \r in the terminator: the value is quoted
    assert read_lines(path) == starting_lines(path)

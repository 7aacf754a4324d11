"""What every importer shares: rows with their physical lines, values checked with their field, the
refusal, the rejects file; none of it knows what a row becomes.
"""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

import pytest

from accord.core import importing
from accord.core.importing import ImportRefused, RowProblem, Scan
from accord.core.ingest import file_sha256, refuse


@dataclass
class Figure:
    """A row type no importer has: the scan does not care what its rows are."""

    line: int
    value: int


def csv_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "rows.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_rows_come_with_the_line_they_start_on_even_across_quoted_line_breaks(tmp_path):
    path = csv_file(tmp_path, 'id,note\n1,"two\nlines"\n\n2,x\n3\n4,a,b\n')
    header, rows = importing.read_csv(path, ["id"])
    numbered = list(rows)
    assert header == ["id", "note"]
    assert [(line, raw["id"]) for line, raw in numbered] == [(2, "1"), (5, "2"), (6, "3"), (7, "4")]
    assert [
        str(importing.row_length_problem(line, raw, header))
        for line, raw in numbered
        if importing.row_length_problem(line, raw, header)
    ] == ["line 6: row: 1 fields where the header has 2", "line 7: row: 3 fields where the header has 2"]


def test_a_missing_column_refuses_the_file_on_its_first_line(tmp_path):
    path = csv_file(tmp_path, "id,note\n1,x\n")
    with pytest.raises(ImportRefused) as caught:
        importing.read_csv_lists(path, ["id", "date", "country"])
    assert str(caught.value).splitlines()[1:] == [f"{path}:1: date, country: required column is missing"]


def test_values_are_checked_whole_and_a_bad_one_names_its_field():
    problems: list[RowProblem] = []
    assert importing.parse_day("2021-03-03", "date", 4, problems) == datetime.date(2021, 3, 3)
    assert importing.parse_day("03 March 2021", "date", 4, problems, "%d %B %Y") == datetime.date(2021, 3, 3)
    assert importing.parse_int("3.0", "best", 4, problems) == 3
    assert importing.parse_coordinate("-12.5", "latitude", 90, 4, problems) == -12.5
    assert importing.parse_int("", "best", 4, problems) is None and not problems
    assert importing.parse_day("2015-01-01 garbage", "date", 5, problems) is None
    assert importing.parse_int("3.7", "best", 6, problems) is None
    assert importing.parse_int(" ", "country_id", 7, problems, required=True) is None
    assert importing.parse_coordinate("95.5", "latitude", 90, 8, problems) is None
    assert importing.parse_coordinate("nan", "longitude", 180, 9, problems) is None
    assert [str(problem) for problem in problems] == [
        "line 5: date: '2015-01-01 garbage' is not a date (YYYY-MM-DD)",
        "line 6: best: 3.7 is not a whole number",
        "line 7: country_id: required value is missing",
        "line 8: latitude: 95.5 is out of range (±90)",
        "line 9: longitude: nan is out of range (±180)",
    ]
    assert (importing.number_or_none(" ", int), importing.number_or_none("2.5", float)) == (None, 2.5)
    with pytest.raises(ValueError, match="not a whole number"):
        importing.number_or_none("2.5", int)


def test_a_nul_character_is_the_problem_of_its_field():
    assert [
        str(problem) for problem in importing.nul_problems(3, ["id", "note"], ["1", "a\x00b", "c\x00"])
    ] == [
        "line 3: note: a NUL character is not text",
        "line 3: row: a NUL character is not text",
    ]
    assert importing.nul_problems(3, ["id"], ["1"]) == []


def test_a_scan_of_any_row_type_keeps_the_good_rows_and_the_bad_ones_as_they_were():
    scan: Scan[Figure] = Scan()
    good = []
    for line, row_id, value in ((2, "a", "1"), (3, "b", "x"), (4, "a", "5")):
        problems = [] if value.isdigit() else [RowProblem(line, "value", f"{value!r} is not a number")]
        if scan.check(line, row_id, {"id": row_id, "value": value}, problems):
            good.append(Figure(line, int(value)))
    scan.rows = lambda: iter(good)
    assert (scan.good, list(scan.rows())) == (1, [Figure(2, 1)])
    assert [str(problem) for problem in scan.problems] == [
        "line 3: value: 'x' is not a number",
        "line 4: id: a appears already on line 2",
    ]
    assert scan.rejected == {3: {"id": "b", "value": "x"}, 4: {"id": "a", "value": "5"}}


def test_the_rejects_file_gives_each_bad_row_its_reasons_and_no_formula_runs(tmp_path):
    scan: Scan[Figure] = Scan()
    scan.check(3, "a", {"id": "a", "note": "=1+1"}, [RowProblem(3, "note", "too long")])
    scan.check(5, "b", {"id": "b", "other": "x"}, [RowProblem(5, "id", "bad"), RowProblem(5, "other", "odd")])
    rejects = tmp_path / "rejects.csv"
    importing.write_rejects(rejects, scan)
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert rows == [
        ["line", "reasons", "id", "note", "other"],
        ["3", "note: too long", "a", "'=1+1", ""],
        ["5", "id: bad; other: odd", "b", "", "x"],
    ]


def test_rejects_that_cannot_be_written_refuse_the_import(tmp_path):
    with pytest.raises(ImportRefused, match="the rejects cannot be written"):
        importing.write_rejects(tmp_path, Scan())


def test_a_file_refused_as_a_whole_is_an_import_refusal(tmp_path):
    with pytest.raises(ImportRefused) as caught, importing.refusing_unreadable_files():
        raise refuse(tmp_path / "x.csv", "is a folder, not a CSV file")
    assert str(caught.value) == f"nothing was imported:\n{tmp_path / 'x.csv'}: is a folder, not a CSV file"


def test_more_than_fifty_problems_are_counted_not_all_shown(tmp_path):
    refusal = ImportRefused(tmp_path / "x.csv", [RowProblem(line, "id", "bad") for line in range(1, 61)])
    assert str(refusal).splitlines()[0] == "60 bad row(s), nothing was imported:"
    assert str(refusal).splitlines()[-1] == "… and 10 more" and len(str(refusal).splitlines()) == 52


def test_chunks_and_the_digest(tmp_path):
    assert [len(chunk) for chunk in importing.chunks(range(7), 3)] == [3, 3, 1]
    assert list(importing.chunks([], 3)) == []
    path = csv_file(tmp_path, "id\n1\n")
    assert importing.Digest(path).result() == file_sha256(path)
    with pytest.raises(FileNotFoundError):
        importing.Digest(tmp_path / "gone.csv").result()

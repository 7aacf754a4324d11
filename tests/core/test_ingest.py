"""The one way input files are read: hostile files are refused before anything is converted."""

from __future__ import annotations

import datetime
import time
from pathlib import Path

import pytest

from accord.core import ingest
from accord.core.ingest import InputFileError
from tests.core import hostile


def problems(call, *args, **kwargs) -> list[str]:
    with pytest.raises(InputFileError) as caught:
        call(*args, **kwargs)
    return [str(problem) for problem in caught.value.problems]


def yaml_file(tmp_path: Path, text: str, name: str = "data.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_billion_laughs_are_refused_at_the_first_anchor_at_once(tmp_path):
    path = yaml_file(tmp_path, hostile.billion_laughs_yaml())
    assert path.stat().st_size < 450
    started = time.monotonic()
    for reader in (ingest.MarkedYaml.read, ingest.load_yaml_data):
        assert problems(reader, path) == [f"{path}:1: anchors (&a) are not accepted: write the value out"]
    assert time.monotonic() - started < 5, "refused before anything is expanded"


def test_an_alias_alone_is_refused_with_its_line(tmp_path):
    path = yaml_file(tmp_path, "a: 1\nb: *x\n")
    assert problems(ingest.MarkedYaml.read, path) == [
        f"{path}:2: aliases (*x) are not accepted: write the value out"
    ]


def test_deep_nesting_is_refused_not_a_recursion_error(tmp_path):
    path = yaml_file(tmp_path, hostile.deeply_nested_yaml(100_000))
    assert problems(ingest.MarkedYaml.read, path) == [f"{path}:1: nested more than 20 levels deep"]


def test_nesting_as_deep_as_accord_files_go_is_read(tmp_path):
    path = yaml_file(tmp_path, "a: " + "[" * 18 + "1" + "]" * 18 + "\n")  # 20 levels with the mapping
    assert ingest.load_yaml_data(path)["a"] is not None


def test_an_oversized_file_is_refused_unread(tmp_path):
    path = hostile.oversized_file(tmp_path, "big.yaml", ingest.MAX_YAML_BYTES + 1)
    assert problems(ingest.MarkedYaml.read, path) == [
        f"{path}: 4,194,305 bytes is more than a YAML file may have (4,194,304 bytes): refused unread"
    ]


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (
            lambda folder: hostile.utf16_file(folder, "f.yaml", "a: 1\n"),
            "1: is UTF-16 or UTF-32 text: save it as UTF-8",
        ),
        (
            lambda folder: hostile.write_bytes(folder, "f.yaml", "a: 1\n".encode("utf-16-le")),
            "1: is UTF-16 text without a byte order mark: save it as UTF-8",
        ),
        (
            lambda folder: hostile.latin1_file(folder, "f.yaml", "a: 1\nb: café\n"),
            "2: byte 0xe9 is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8",
        ),
        (
            lambda folder: hostile.binary_file(folder, "f.yaml"),
            "1: holds a NUL byte: a binary file, not text",
        ),
    ],
)
def test_files_that_are_not_utf8_text_are_refused_with_the_line(tmp_path, make, expected):
    path = make(tmp_path)
    assert problems(ingest.MarkedYaml.read, path) == [f"{path}:{expected}"]


def test_a_folder_a_device_and_a_missing_file(tmp_path):
    assert problems(ingest.check_input_file, tmp_path) == [f"{tmp_path}: is a folder, not a file"]
    assert problems(ingest.check_input_file, Path("/dev/zero")) == [
        "/dev/zero: is not a regular file (a device or a pipe?), not a file"
    ]
    assert problems(ingest.check_input_file, tmp_path / "nope") == [f"{tmp_path / 'nope'}: no such file"]


def test_a_bad_byte_deep_in_a_streamed_file_is_found_with_its_line(tmp_path):
    path = hostile.write_bytes(tmp_path, "big.csv", b"a\n" + b"x\n" * 700_000 + "é\n".encode("latin-1"))
    ingest.check_input_file(path)  # the beginning is fine
    assert str(ingest.first_bad_text(path)) == (
        f"{path}:700002: byte 0xe9 is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8"
    )


def test_json_records_keep_numbers_as_written_with_their_lines(tmp_path):
    path = yaml_file(tmp_path, '[\n  {"a": 3.7, "b": 1e400},\n  {"a": NaN, "b": 12}\n]\n', "r.json")
    assert list(ingest.json_records(path)) == [(2, {"a": "3.7", "b": "1e400"}), (3, {"a": "NaN", "b": "12"})]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('{"a": 1}', "1: json: expected a list of records: [{...}, {...}]"),
        ('[{"a": 1},\n {"a": 2}', "2: json: expected ',' or ']' after a record"),
        ('[{"a": 1},\n {"a": }]', "2: json: not valid JSON: Expecting value"),
        ('[{"a": 1}] [', "1: json: text after the end of the list"),
        ('[\n{"a": "\\ud800"}]', "2: a: a lone surrogate (\\ud800-\\udfff) is not text"),
        ('[\n{"a": "x\\u0000"}]', "2: a: a NUL character is not text"),
        ("[\n" + "[" * 30 + "]" * 30 + "]", "2: " + "[0]" * 20 + ": nested more than 20 levels deep"),
        ("[\n" + "[" * 100_000 + "]" * 100_000 + "]", "2: json: nested more than 20 levels deep"),
    ],
)
def test_bad_json_is_refused_with_the_line(tmp_path, text, expected):
    path = yaml_file(tmp_path, text, "r.json")
    found = problems(lambda: list(ingest.json_records(path)))
    assert found == [f"{path}:{expected}"]


@pytest.mark.parametrize(
    ("text", "value"),
    [("3", 3), (" 17 ", 17), ("3.0", 3), ("0", 0), ("2147483647", 2_147_483_647)],
)
def test_whole_numbers(text, value):
    assert ingest.whole_number(text) == value


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("3.7", "3.7 is not a whole number"),
        ("365.9", "365.9 is not a whole number"),
        ("1e400", "1e400 is too large (at most 2147483647)"),
        ("9223372036854775808", "9223372036854775808 is too large (at most 2147483647)"),
        ("NaN", "'NaN' is not a finite number"),
        ("-inf", "'-inf' is not a finite number"),
        ("-5", "-5 is negative"),
        ("x", "'x' is not a number"),
        ("٣", "'٣' is not a number"),
    ],
)
def test_numbers_that_are_not_whole_are_refused_never_rounded(text, reason):
    with pytest.raises(ValueError, match=f"^{reason}$".replace("(", r"\(").replace(")", r"\)")):
        ingest.whole_number(text)


def test_a_day_is_a_day_and_nothing_after_it():
    assert ingest.iso_day("2015-01-01") == datetime.date(2015, 1, 1)
    assert ingest.iso_day("2013-01-03 00:00:00.000") == datetime.date(2013, 1, 3)
    for text in ("2015-01-01 garbage", "2015-01-01T", "2013-02-30", "20150101", "2015-01-01 24:00:00"):
        with pytest.raises(ValueError, match="is not a date"):
            ingest.iso_day(text)


def test_an_output_path_in_a_missing_folder_or_a_folder_is_refused(tmp_path):
    missing = tmp_path / "missing" / "dir" / "x.pdf"
    assert problems(ingest.check_output_path, missing) == [
        f"{missing}: cannot be written: the folder {missing.parent} does not exist"
    ]
    assert problems(ingest.check_output_path, tmp_path) == [
        f"{tmp_path}: is a folder: name the file to write"
    ]
    ingest.check_output_path(tmp_path / "fine.pdf")

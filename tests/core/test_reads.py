"""The read log's journal: reads that could not wait for the lock are kept owner-only and folded into the
log by the next writer, with their own time, once; a line cut short is reported, not fatal."""

from __future__ import annotations

import datetime
import json
import stat

import pytest
from django.db import transaction

from accord.accounts.models import Role
from accord.core.audit import log_read
from accord.core.classification import Classification
from accord.core.models import ReadRecord
from accord.core.reads import (
    ReadEntry,
    append_to_journal,
    fold_read_journal,
    journal_path,
    journal_pending,
)
from accord.decisions.models import Document
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    """The test database lives in memory, so the journal goes to the (temporary) data folder."""
    settings.DATA_DIR = tmp_path
    return tmp_path


def secret_document() -> Document:
    return Document.objects.create(
        kind="decision", title_en="Plan", date=datetime.date(2024, 5, 1), classification=Classification.SECRET
    )


def test_a_journaled_read_is_owner_only_and_folded_with_its_own_time(data_dir):
    reader = make_user("analyst", Role.SECRETARIAT_OFFICER, clearance=Classification.SECRET)
    document = secret_document()
    entry = ReadEntry.of(reader, document, document.classification, "api")
    append_to_journal(entry)
    assert journal_path().parent == data_dir
    assert stat.S_IMODE(journal_path().stat().st_mode) == 0o600
    assert json.loads(journal_path().read_text())["object_id"] == str(document.pk)
    assert not ReadRecord.objects.filter(object_id=str(document.pk)).exists()

    assert fold_read_journal() == 1
    logged = ReadRecord.objects.get(object_type="decisions.document", object_id=str(document.pk))
    assert (logged.actor_user, logged.actor_name, logged.via) == (reader, "analyst", "api")
    assert logged.classification == Classification.SECRET
    assert logged.at == datetime.datetime.fromisoformat(entry.at)
    assert not journal_pending()
    assert fold_read_journal() == 0  # folded once, not twice
    assert ReadRecord.objects.filter(object_id=str(document.pk)).count() == 1


def test_a_reader_deleted_since_keeps_their_name_and_a_broken_line_is_skipped(data_dir, caplog):
    reader = make_user("gone", Role.SECRETARIAT_OFFICER, clearance=Classification.SECRET)
    document = secret_document()
    append_to_journal(ReadEntry.of(reader, document, document.classification, "page"))
    reader.delete()
    with journal_path().open("a", encoding="utf-8") as journal:
        journal.write('{"at": "2024-05-01T10:00:00+00:00", "actor_na')
    assert fold_read_journal() == 1
    logged = ReadRecord.objects.get(object_id=str(document.pk))
    assert (logged.actor_user, logged.actor_name) == (None, "gone")
    assert "read journal line 2 cannot be read" in caplog.text


def test_a_transaction_that_may_roll_back_does_not_fold(data_dir):
    document = secret_document()
    append_to_journal(ReadEntry.of(None, document, document.classification, "export"))
    with transaction.atomic():
        assert fold_read_journal() == 0
    assert journal_pending()


def test_the_next_logged_read_folds_the_journal(data_dir):
    reader = make_user("analyst", Role.SECRETARIAT_OFFICER, clearance=Classification.SECRET)
    waiting, now = secret_document(), secret_document()
    append_to_journal(ReadEntry.of(reader, waiting, waiting.classification, "api"))
    log_read(reader, now, "page")
    assert set(ReadRecord.objects.values_list("object_id", "via")) >= {
        (str(waiting.pk), "api"),
        (str(now.pk), "page"),
    }
    assert not journal_pending()

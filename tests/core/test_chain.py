"""The chain is keyed and anchored outside the database; records written before keying still verify."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from django.db import connection, transaction

from accord import config
from accord.core import chain
from accord.core.audit import save_with_record, verify_chain
from accord.core.models import ChainHead, ChangeRecord, Source

pytestmark = pytest.mark.django_db

KEY = b"k" * 40


class Rollback(Exception):
    """Raised to roll a savepoint back."""


def raw_sql(statement: str, params: list) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def checkpoint_lines(directory: Path) -> list[str]:
    return (directory / chain.CHECKPOINT_FILE_NAME).read_text().splitlines()


def add_source(key: str, actor) -> None:
    save_with_record(Source(key=key, title=key), actor=actor)


def rewrite_as_legacy(records: list[ChangeRecord], previous: str) -> str:
    """Hash records without the key, as they were before keying (or as an intruder would)."""
    for record in records:
        record.scheme, record.previous_hash = chain.LEGACY_SCHEME, previous
        record.hash = previous = chain.legacy_hash(record)
        raw_sql(
            "UPDATE core_changerecord SET scheme = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [record.scheme, record.previous_hash, record.hash, record.id],
        )
    raw_sql("UPDATE core_chainhead SET last_id = %s, last_hash = %s", [records[-1].id, previous])
    return previous


@pytest.fixture
def fresh_data_dir(settings, tmp_path) -> Path:
    """A data folder with no checkpoint file yet."""
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def upgraded_chain(fresh_data_dir, actor, django_capture_on_commit_callbacks) -> list[ChangeRecord]:
    """A database as an upgrade leaves it: records hashed without a key, then new, keyed ones."""
    old = list(ChangeRecord.objects.order_by("id")[:20])
    raw_sql("DELETE FROM core_changerecord WHERE id > %s", [old[-1].id])
    rewrite_as_legacy(old, chain.GENESIS_HASH)
    with django_capture_on_commit_callbacks(execute=True):
        add_source("after-upgrade-1", actor)
        add_source("after-upgrade-2", actor)
    return old


def test_the_hash_is_keyed():
    record = ChangeRecord.objects.order_by("id").first()
    other = b"o" * 40
    assert chain.keyed_hash(record, KEY) != chain.keyed_hash(record, other)
    assert chain.keyed_hash(record, KEY) != chain.legacy_hash(record)
    assert record.scheme == chain.keyed_scheme(chain.audit_key())
    assert chain.key_id(KEY) != chain.key_id(other) and len(chain.key_id(KEY)) == 16


def test_one_checkpoint_per_commit_in_a_file_only_its_owner_reads(
    fresh_data_dir, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, transaction.atomic():
        for number in range(30):
            add_source(f"bulk-{number}", actor)
    assert len(callbacks) == 1
    newest = ChangeRecord.objects.order_by("-id").first()
    (line,) = checkpoint_lines(fresh_data_dir)
    assert line.startswith(f"{newest.id} {newest.hash} ")
    mode = (fresh_data_dir / chain.CHECKPOINT_FILE_NAME).stat().st_mode
    assert stat.S_IMODE(mode) == 0o600
    assert chain.read_checkpoints(fresh_data_dir / chain.CHECKPOINT_FILE_NAME, chain.audit_key())[0].head == (
        chain.Head(newest.id, newest.hash)
    )


def test_a_rolled_back_savepoint_leaves_no_checkpoint_of_its_own(
    fresh_data_dir, actor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        with pytest.raises(Rollback), transaction.atomic():
            add_source("rolled-back", actor)
            raise Rollback
        add_source("kept", actor)
    newest = ChangeRecord.objects.order_by("-id").first()
    assert newest.object_repr.startswith("kept")
    assert [line.split(" ")[0] for line in checkpoint_lines(fresh_data_dir)] == [str(newest.id)]
    assert verify_chain().intact


def test_records_written_before_keying_verify(upgraded_chain):
    report = verify_chain()
    assert report.intact, report.problem
    assert report.legacy == len(upgraded_chain)
    assert report.notes == (
        f"{len(upgraded_chain)} records were written before the chain was keyed: "
        "nothing proves they were not altered before",
    )


def test_a_chain_not_keyed_yet_verifies_without_checkpoints(fresh_data_dir):
    old = list(ChangeRecord.objects.order_by("id"))
    rewrite_as_legacy(old, chain.GENESIS_HASH)
    report = verify_chain()
    assert report.intact and report.legacy == len(old)


def test_rewriting_records_from_before_keying_breaks_the_first_keyed_one(upgraded_chain):
    victim = upgraded_chain[3]
    victim.actor_name = "intruder"
    raw_sql("UPDATE core_changerecord SET actor_name = %s WHERE id = %s", ["intruder", victim.id])
    legacy_head = rewrite_as_legacy(upgraded_chain[3:], upgraded_chain[2].hash)
    first_keyed = ChangeRecord.objects.filter(id__gt=upgraded_chain[-1].id).order_by("id").first()
    raw_sql("UPDATE core_changerecord SET previous_hash = %s WHERE id = %s", [legacy_head, first_keyed.id])
    report = verify_chain()
    assert (report.intact, report.broken_at) == (False, first_keyed.id)
    assert report.problem == "its content does not match its hash"


def test_newest_records_passed_off_as_written_before_keying_are_refused(fresh_data_dir):
    records = list(ChangeRecord.objects.order_by("id"))
    rewrite_as_legacy(records[-3:], records[-4].hash)
    report = verify_chain(
        checkpoint_file=fresh_data_dir / "none", head=chain.Head(records[-4].id, records[-4].hash)
    )
    assert (report.intact, report.broken_at) == (False, records[-3].id)
    assert report.problem == "it is hashed without the key but follows keyed records"


def test_the_whole_chain_passed_off_as_written_before_keying_is_caught_by_the_checkpoints():
    records = list(ChangeRecord.objects.order_by("id"))
    rewrite_as_legacy(records, chain.GENESIS_HASH)
    report = verify_chain()
    assert not report.intact
    assert report.problem.startswith("it differs from checkpoint line ")


def test_a_checkpoint_line_forged_under_another_key_names_the_key(settings, tmp_path):
    newest = ChangeRecord.objects.order_by("-id").first()
    path = tmp_path / "forged"
    chain.append_checkpoint(chain.Head(newest.id, newest.hash), path=path, key=b"f" * 40)
    report = verify_chain(checkpoint_file=path)
    assert (report.intact, report.kind) == (False, "wrong-key")
    assert report.problem == (
        "the audit key is wrong, or the line was forged: checkpoint line 1 was written with key "
        f"{chain.key_id(b'f' * 40)}, the key in use is {chain.key_id(chain.audit_key())}"
    )


def test_a_checkpoint_file_emptied_is_reported(fresh_data_dir):
    (fresh_data_dir / chain.CHECKPOINT_FILE_NAME).write_text("")
    report = verify_chain()
    assert (report.intact, report.kind) == (False, "checkpoints")
    assert report.problem.startswith(f"the checkpoint file {fresh_data_dir / 'audit-checkpoints'} is empty")


def test_a_record_written_outside_record_change_breaks_the_chain():
    newest = ChangeRecord.objects.order_by("-id").first()
    record = ChangeRecord.objects.create(
        actor_name="intruder",
        action="update",
        object_type="core.source",
        object_id="1",
        object_repr="x",
        previous_hash=newest.hash,
        hash="f" * 64,
    )
    ChainHead.objects.filter(pk=1).update(last_id=record.id, last_hash=record.hash)
    report = verify_chain()
    assert (report.intact, report.broken_at) == (False, record.id)


def test_the_head_is_refused_when_the_key_does_not_vouch_for_it(settings):
    assert chain.current_head() is not None
    settings.AUDIT_KEY = "w" * 40
    with pytest.raises(ValueError):
        chain.current_head()


def test_the_audit_key_is_required_in_production():
    with pytest.raises(
        config.ConfigurationError, match=r"^ACCORD_AUDIT_KEY is required in production mode: "
    ) as error:
        config.audit_key({"ACCORD_MODE": "production", "ACCORD_SECRET_KEY": "s" * 50})
    assert "\n" not in str(error.value)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("short", "ACCORD_AUDIT_KEY is too short"),
        ("s" * 50, "ACCORD_AUDIT_KEY must differ from ACCORD_SECRET_KEY"),
    ],
)
def test_a_weak_audit_key_is_refused(value, message):
    with pytest.raises(config.ConfigurationError, match=f"^{message}"):
        config.audit_key(
            {"ACCORD_MODE": "production", "ACCORD_SECRET_KEY": "s" * 50, "ACCORD_AUDIT_KEY": value}
        )


def test_the_embedded_audit_key_is_generated_once_apart_from_the_secret_key(tmp_path):
    environment = {"ACCORD_DATA_DIR": str(tmp_path)}
    key = config.audit_key(environment)
    assert config.audit_key(environment) == key != config.secret_key(environment)
    assert stat.S_IMODE((tmp_path / "audit_key").stat().st_mode) == 0o600


def test_a_checkpoint_file_that_cannot_be_read_is_reported(fresh_data_dir):
    (fresh_data_dir / chain.CHECKPOINT_FILE_NAME).mkdir()
    report = verify_chain()
    assert (report.intact, report.kind) == (False, "checkpoints")
    assert report.problem.startswith(
        f"the checkpoint file {fresh_data_dir / 'audit-checkpoints'} cannot be read: "
    )

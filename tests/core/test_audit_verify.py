"""``accord audit verify`` names the record that was altered, removed or inserted, and exits non-zero."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accord.core.audit import record_hash
from accord.core.models import ChangeRecord

pytestmark = pytest.mark.django_db

ACCORD = str(Path(sys.executable).with_name("accord"))


def verify(capsys, *options: str) -> tuple[int, str]:
    try:
        call_command("audit", "verify", *options)
    except CommandError as error:
        return error.returncode, str(error)
    return 0, capsys.readouterr().out


def print_head(capsys) -> str:
    call_command("audit", "head")
    return capsys.readouterr().out.strip()


def plain_sha256(record: ChangeRecord) -> str:
    """What the chain's hash was before it was keyed: SHA-256 over the content, computable by anyone."""
    content = {
        "at": record.at.isoformat(),
        "actor_user": record.actor_user_id,
        "actor_name": record.actor_name,
        "action": record.action,
        "object_type": record.object_type,
        "object_id": record.object_id,
        "object_repr": record.object_repr,
        "before": record.before,
        "after": record.after,
        "reason": record.reason,
        "previous_hash": record.previous_hash,
    }
    encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()


def move_head_back() -> None:
    """Point the head in the database at the newest record left, as an intruder would."""
    newest = ChangeRecord.objects.order_by("-id").first()
    raw_sql("UPDATE core_chainhead SET last_id = %s, last_hash = %s", [newest.id, newest.hash])


def raw_sql(statement: str, params: list) -> None:
    """Tamper the way an intruder with database access would: straight SQL, no Django model code."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact(capsys):
    code, output = verify(capsys)
    assert code == 0
    assert output.startswith("intact: ")


def test_json_output(capsys):
    call_command("audit", "verify", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["intact"] is True and payload["checked"] == ChangeRecord.objects.count()


def test_an_edited_record_is_named(capsys):
    victim = ChangeRecord.objects.order_by("id")[5]
    raw_sql("UPDATE core_changerecord SET actor_name = %s WHERE id = %s", ["intruder", victim.id])
    code, message = verify(capsys)
    assert code == 1
    assert message == f"broken at change record {victim.id}: its content does not match its hash"


def test_a_deleted_record_is_noticed_at_the_next_one(capsys):
    records = list(ChangeRecord.objects.order_by("id")[:8])
    raw_sql("DELETE FROM core_changerecord WHERE id = %s", [records[6].id])
    code, message = verify(capsys)
    assert code == 1
    assert message == f"broken at change record {records[7].id}: its link does not match the record before it"


def test_removing_the_newest_records_is_noticed(capsys):
    last = ChangeRecord.objects.order_by("-id").first()
    raw_sql("DELETE FROM core_changerecord WHERE id = %s", [last.id])
    code, message = verify(capsys)
    assert code == 1
    assert f"the chain should end at record {last.id}; records were removed" in message


def test_an_inserted_record_is_named(capsys):
    first, second = ChangeRecord.objects.order_by("id")[:2]
    forged = ChangeRecord(
        at=first.at,
        actor_name="intruder",
        action="update",
        object_type="charter.state",
        object_id="1",
        object_repr="forged",
        before={},
        after={},
        reason="",
        previous_hash=first.hash,
    )
    # Even someone holding the key cannot slip a record in without breaking the next link.
    forged.scheme = first.scheme
    forged.hash = record_hash(forged)
    # Slip it in between the first two records by giving it an id the sequence skipped.
    raw_sql("UPDATE core_changerecord SET id = id + 1000000 WHERE id > %s", [first.id])
    raw_sql(
        "INSERT INTO core_changerecord (id, at, actor_name, action, object_type, object_id, object_repr, before, "
        "after, reason, previous_hash, hash, scheme) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        [
            first.id + 1,
            forged.at,
            "intruder",
            "update",
            "charter.state",
            "1",
            "forged",
            "{}",
            "{}",
            "",
            first.hash,
            forged.hash,
            forged.scheme,
        ],
    )
    code, message = verify(capsys)
    assert code == 1
    assert (
        message
        == f"broken at change record {second.id + 1000000}: its link does not match the record before it"
    )


def test_a_record_altered_and_every_later_one_rehashed_is_caught(capsys):
    records = list(ChangeRecord.objects.order_by("id"))
    victim = records[5]
    victim.actor_name = "intruder"
    previous = records[4].hash
    for record in records[5:]:
        record.previous_hash = previous
        record.hash = previous = plain_sha256(record)
        raw_sql(
            "UPDATE core_changerecord SET actor_name = %s, previous_hash = %s, hash = %s WHERE id = %s",
            [record.actor_name, record.previous_hash, record.hash, record.id],
        )
    move_head_back()
    code, message = verify(capsys)
    assert code == 1
    assert message == f"broken at change record {victim.id}: its content does not match its hash"


def test_the_newest_records_removed_and_the_head_moved_back_are_caught(capsys):
    newest = list(ChangeRecord.objects.order_by("-id")[:3])
    raw_sql("DELETE FROM core_changerecord WHERE id >= %s", [newest[-1].id])
    move_head_back()
    code, message = verify(capsys)
    assert code == 1
    assert message.startswith(
        f"broken at change record {newest[0].id}: the chain should reach record {newest[0].id}"
    )
    assert message.endswith("; records were removed")


def test_a_missing_checkpoint_file_is_reported(capsys, settings, tmp_path):
    settings.DATA_DIR = tmp_path
    code, message = verify(capsys)
    assert code == 1
    assert message.startswith(f"the checkpoint file {tmp_path / 'audit-checkpoints'} is missing")


def test_an_edited_checkpoint_line_is_reported(capsys, settings, tmp_path):
    lines = (Path(settings.DATA_DIR) / "audit-checkpoints").read_text().splitlines(keepends=True)
    record_id, _hash, *rest = lines[-1].split(" ")
    lines[-1] = " ".join([record_id, "0" * 64, *rest])
    (tmp_path / "audit-checkpoints").write_text("".join(lines))
    settings.DATA_DIR = tmp_path
    code, message = verify(capsys)
    assert code == 1
    assert message == f"checkpoint line {len(lines)} was altered: it does not match its key"


def test_a_wrong_key_is_reported(capsys, settings):
    settings.AUDIT_KEY = "another-key-" + "x" * 40
    code, message = verify(capsys)
    assert code == 1
    assert message.startswith("the audit key is wrong")


def test_the_head_printed_is_accepted_by_verify(capsys):
    head = print_head(capsys)
    newest = ChangeRecord.objects.order_by("-id").first()
    assert head == f"{newest.id}:{newest.hash}"
    code, output = verify(capsys, "--head", head)
    assert code == 0
    assert output.startswith(f"intact: {ChangeRecord.objects.count()} change records, head {head}")


def test_a_head_kept_elsewhere_catches_removal_without_the_checkpoint_file(capsys, settings, tmp_path):
    head = print_head(capsys)
    settings.DATA_DIR = tmp_path
    raw_sql("DELETE FROM core_changerecord WHERE id = %s", [int(head.split(":")[0])])
    move_head_back()
    code, message = verify(capsys, "--head", head)
    assert code == 1
    assert "(the head you gave); records were removed" in message


def test_a_head_that_differs_is_reported(capsys):
    newest = ChangeRecord.objects.order_by("-id").first()
    code, message = verify(capsys, "--head", f"{newest.id}:{'a' * 64}")
    assert code == 1
    assert message == f"broken at change record {newest.id}: it differs from the head you gave"


def test_verifying_against_a_copy_of_the_checkpoint_file(capsys, settings, tmp_path):
    copy = tmp_path / "kept-elsewhere"
    shutil.copy(Path(settings.DATA_DIR) / "audit-checkpoints", copy)
    settings.DATA_DIR = tmp_path / "data"
    code, output = verify(capsys, "--checkpoints", str(copy))
    assert code == 0 and output.startswith("intact: ")


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--head", "12"], "--head '12' is not understood: expected ID:HASH"),
        (["--head", "12:xyz"], "--head '12:xyz' is not understood"),
        (["--checkpoints", "/nonexistent/file"], "/nonexistent/file: no such checkpoint file"),
    ],
)
def test_bad_input_exits_2(capsys, options, message):
    code, output = verify(capsys, *options)
    assert code == 2
    assert output.startswith(message)


def test_exit_codes_from_the_shell(tmp_path):
    """The real command: 0 intact, 1 broken, 2 bad input, each with one line and no traceback."""
    environment = {**os.environ, "ACCORD_DATA_DIR": str(tmp_path)}
    environment.pop("ACCORD_DATABASE_URL", None)

    def accord(*arguments: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [ACCORD, *arguments], capture_output=True, text=True, env=environment, timeout=120
        )

    assert accord("migrate", "-v0").returncode == 0
    intact, bad, broken = (
        accord("audit", "verify"),
        accord("audit", "verify", "--head", "nonsense"),
        accord("audit", "verify", "--head", f"7:{'b' * 64}"),
    )
    assert (intact.returncode, intact.stdout) == (
        0,
        "intact: 0 change records, head —\nchecked against 0 heads kept outside the database\n",
    )
    assert (bad.returncode, bad.stderr) == (
        2,
        "accord audit: error: --head 'nonsense' is not understood: expected ID:HASH as printed by 'accord audit head'\n",
    )
    assert (broken.returncode, broken.stderr) == (
        1,
        "accord audit: error: broken at change record 7: the chain should reach record 7 (the head you gave); "
        "records were removed\n",
    )


def test_a_head_kept_elsewhere_stands_in_for_a_lost_checkpoint_file(capsys, settings, tmp_path):
    head = print_head(capsys)
    settings.DATA_DIR = tmp_path
    code, output = verify(capsys, "--head", head)
    assert code == 0
    assert f"  - the checkpoint file {tmp_path / 'audit-checkpoints'} is missing" in output


def test_the_head_as_json(capsys):
    call_command("audit", "head", "--json")
    payload = json.loads(capsys.readouterr().out)
    newest = ChangeRecord.objects.order_by("-id").first()
    assert payload == {
        "head": f"{newest.id}:{newest.hash}",
        "id": newest.id,
        "hash": newest.hash,
        "keyed": True,
        "reasons": [],
    }

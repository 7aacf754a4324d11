"""``accord audit verify`` names the record that was altered, removed or inserted, and exits non-zero."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accord.core.audit import record_hash
from accord.core.models import ChangeRecord

pytestmark = pytest.mark.django_db


def verify(capsys) -> tuple[int, str]:
    try:
        call_command("audit", "verify")
    except CommandError as error:
        return error.returncode, str(error)
    return 0, capsys.readouterr().out


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
    forged.hash = record_hash(forged)
    # Slip it in between the first two records by giving it an id the sequence skipped.
    raw_sql("UPDATE core_changerecord SET id = id + 1000000 WHERE id > %s", [first.id])
    raw_sql(
        "INSERT INTO core_changerecord (id, at, actor_name, action, object_type, object_id, object_repr, before, "
        "after, reason, previous_hash, hash) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
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
        ],
    )
    code, message = verify(capsys)
    assert code == 1
    assert (
        message
        == f"broken at change record {second.id + 1000000}: its link does not match the record before it"
    )

"""A load's conflicts say where and who; ``--file-wins KIND:KEY --reason`` lets the file win, recorded."""

from __future__ import annotations

import datetime
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.charter.loader import resolve_charter_path
from accord.charter.models import DiplomaticRelation
from accord.core.models import ChangeRecord

pytestmark = pytest.mark.django_db
TARGET = "diplomaticrelation:ARM/KAZ"


def edited_charter(tmp_path: Path) -> Path:
    text = (
        resolve_charter_path("csto")
        .read_text(encoding="utf-8")
        .replace(
            "relations: []",
            "relations:\n  - {states: [KAZ, ARM], established: 1992-08-28, sources: [seed-000]}",
        )
    )
    path = tmp_path / "charter.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def load(*arguments: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("load_charter", *arguments, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def relation() -> DiplomaticRelation:
    return DiplomaticRelation.objects.get(state_a__code="ARM", state_b__code="KAZ")


@pytest.fixture
def recorded():
    call_command(
        "relation", "ARM", "KAZ", "--since", "1992-08-27", "--source", "Ministry", stdout=io.StringIO()
    )


def test_the_file_wins_on_a_fact_when_asked_with_a_reason_which_is_recorded(tmp_path, recorded):
    path = edited_charter(tmp_path)
    _out, warned = load(str(path))
    assert TARGET.split(":")[1] in warned and relation().established_on == datetime.date(1992, 8, 27)
    _out, warned = load(str(path), "--file-wins", TARGET, "--reason", "The treaty register says the 28th.")
    assert "ARM/KAZ" not in warned
    assert relation().established_on == datetime.date(1992, 8, 28)
    record = ChangeRecord.objects.filter(object_type="charter.diplomaticrelation").order_by("-id").first()
    assert record.reason == (
        "charter file charter.yaml; the file wins over what was recorded: The treaty register says the 28th."
    )
    assert record.actor_name == "system:charter-loader"
    again, warned = load(str(path))
    assert "nothing changed" in again and not warned, "the row is the file's now"


@pytest.mark.parametrize(
    "arguments",
    [
        ["--file-wins", TARGET],
        ["--file-wins", "ARM/KAZ", "--reason", "x"],
        ["--file-wins", "diplomaticrelation:ARM/TJK", "--reason", "x"],
    ],
)
def test_a_bad_file_wins_is_refused_whole_with_status_2(tmp_path, recorded, arguments):
    path = edited_charter(tmp_path)
    records = ChangeRecord.objects.count()
    with pytest.raises(CommandError) as refused:
        load(str(path), *arguments)
    assert refused.value.returncode == 2
    assert ChangeRecord.objects.count() == records
    assert relation().established_on == datetime.date(1992, 8, 27)


def test_load_decisions_takes_file_wins_too_and_refuses_a_target_not_in_conflict():
    with pytest.raises(CommandError) as refused:
        call_command(
            "load_decisions", "csto", "--file-wins", "session:nowhere", "--reason", "the file is right"
        )
    assert refused.value.returncode == 2
    assert "session:nowhere: the file does not list this fact" in str(refused.value)

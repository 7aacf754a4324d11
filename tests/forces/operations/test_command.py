"""``accord operations``: list, show, result and join, with ``--json``; every refusal exits 2 with the
reason (an indicator of another type, a state that cannot take part, a note with names)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.forces.models import OperationResult


def run(*args: str) -> str:
    out = StringIO()
    call_command("operations", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_list_and_show_with_json():
    listed = json.loads(run("list", "--year", "2019", "--json"))
    assert {item["key"] for item in listed["operations"]} == {"mercenary-2019", "illegal-2019"}
    shown = json.loads(run("show", "mercenary-2019", "--json"))
    assert shown["totals"][0]["value"] == "600" and shown["totals"][0]["qualifier"] == "about"
    assert "600" in run("show", "mercenary-2019")


@pytest.mark.django_db
def test_a_result_is_recorded():
    answer = json.loads(
        run(
            "result",
            "mercenary-2019",
            "--phase",
            "main",
            "--state",
            "KAZ",
            "--indicator",
            "financing-facts-revealed",
            "--value",
            "12",
            "--source",
            "seed-001",
            "--json",
        )
    )
    assert answer["value"] == "12" and answer["unit"] == "facts"
    assert OperationResult.objects.filter(state__code="KAZ").count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--indicator", "websites-blocked"), "not an indicator"),
        (("--note", "Иванов И.И."), "name no one"),
        (("--state", "SRB"), "does not take part"),
        (("--value", "-1"), "value"),
        (("--phase", "second"), "no phase"),
    ],
)
def test_refusals_exit_2_with_the_reason(args, says):
    base = {"--phase": "main", "--state": "KAZ", "--indicator": "financing-facts-revealed", "--value": "1"}
    base.update(dict(zip(args[::2], args[1::2], strict=True)))
    flat = [part for pair in base.items() for part in pair]
    with pytest.raises(CommandError) as refused:
        run("result", "mercenary-2019", *flat, "--source", "seed-001")
    assert refused.value.returncode == 2 and says in str(refused.value)


@pytest.mark.django_db
def test_join_follows_the_charter():
    with pytest.raises(CommandError) as refused:
        run("join", "mercenary-2019", "UZB")
    assert refused.value.returncode == 2 and "join-operations" in str(refused.value)
    assert "participant" in run("join", "mercenary-2019", "KAZ")


@pytest.mark.django_db
def test_a_result_is_corrected_then_withdrawn():
    made = json.loads(
        run(
            "result",
            "mercenary-2019",
            "--phase",
            "main",
            "--state",
            "KAZ",
            "--indicator",
            "financing-facts-revealed",
            "--value",
            "12",
            "--source",
            "seed-001",
            "--json",
        )
    )
    run("correct", str(made["id"]), "--value", "13", "--reason", "revised by the national staff")
    assert OperationResult.objects.get(pk=made["id"]).value == 13
    run("withdraw", str(made["id"]), "--reason", "counted twice")
    assert OperationResult.objects.get(pk=made["id"]).withdrawn
    with pytest.raises(CommandError) as refused:
        run("correct", str(made["id"]), "--value", "14", "--reason", "again")
    assert refused.value.returncode == 2 and "withdrawn" in str(refused.value)

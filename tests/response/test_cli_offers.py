"""``accord response offer|accept|decline|withdraw-offer|deliver|ledger|gap``: the whole chain from an
offer to the gap closing, and one-line refusals with status 2."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from tests.response.factory import make_request

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("response", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def text(*args: str) -> str:
    out = StringIO()
    call_command("response", *args, stdout=out)
    return out.getvalue()


def refusal(*args: str) -> str:
    with pytest.raises(CommandError) as refused:
        call_command("response", *args)
    assert refused.value.returncode == 2
    return str(refused.value)


def test_an_offer_accepted_delivered_closes_the_gap():
    make_request("quake", status="approved", lines=(("equipment", "Tents", "10"),))
    made = run("offer", "quake", "--from", "KAZ", "--line", "1", "--quantity", "10", "--on", "2022-03-02")
    assert (made["from"], made["status"], made["quantity"]) == ("KAZ", "pledged", "10")
    other = run("offer", "quake", "--from", "RUS", "--line", "1", "--quantity", "5", "--on", "2022-03-02")
    accepted = run("accept", str(made["id"]), "--on", "2022-03-03", "--reason", "Needed")
    assert accepted["status"] == "committed"
    assert (
        run("decline", str(other["id"]), "--on", "2022-03-03", "--reason", "Enough")["status"] == "declined"
    )
    half = run("deliver", str(made["id"]), "--quantity", "4", "--on", "2022-03-05", "--source", "Waybill 1")
    assert half["request_status"] == "in-delivery"
    gap = run("gap", "quake", "--on", "2022-03-05")
    assert gap["lines"][0]["gap"] == "6" and gap["lines"][0]["committed"] == "10"
    last = run(
        "deliver", str(made["id"]), "--quantity", "6", "--value", "100", "--currency", "USD",
        "--on", "2022-03-07", "--source", "Waybill 2",
    )  # fmt: skip
    assert last["request_status"] == "completed"
    assert run("gap", "quake")["closed"] is True
    assert "gap 6" in text("gap", "quake", "--on", "2022-03-05")


def test_refusals_are_one_line_with_status_2():
    make_request("quake")
    assert "no request" in refusal(
        "offer", "nowhere", "--from", "KAZ", "--line", "1", "--quantity", "1", "--on", "2022-03-02"
    )
    assert "itself" in refusal(
        "offer", "quake", "--from", "TJK", "--line", "1", "--quantity", "1", "--on", "2022-03-02"
    )
    assert "not a number" in refusal(
        "offer", "quake", "--from", "KAZ", "--line", "1", "--quantity", "x", "--on", "2022-03-02"
    )
    assert "not a date" in refusal(
        "offer", "quake", "--from", "KAZ", "--line", "1", "--quantity", "1", "--on", "soon"
    )
    assert "no offer" in refusal("accept", "999999", "--on", "2022-03-03")
    made = run("offer", "quake", "--from", "KAZ", "--line", "1", "--quantity", "2", "--on", "2022-03-02")
    assert "committed" in refusal(
        "deliver", str(made["id"]), "--quantity", "1", "--on", "2022-03-05", "--source", "x"
    )
    assert run("withdraw-offer", str(made["id"]), "--on", "2022-03-04")["status"] == "withdrawn"


def test_the_ledger_shows_the_2019_deliveries_with_totals():
    found = run("ledger", "--year", "2019")
    assert {row["to"] for row in found["deliveries"]} == {"TJK", "KGZ"}
    assert found["totals"] == {"RUB": "320000000"}
    assert {row["to"] for row in run("ledger", "--year", "2019", "--to", "kgz")["deliveries"]} == {"KGZ"}
    assert "320000000 RUB" in text("ledger", "--year", "2019")
    assert "No deliveries." in text("ledger", "--year", "1995")

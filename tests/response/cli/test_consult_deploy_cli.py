"""``accord response consult / decide / deploy / withdraw-deployment / deployments``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.response.consult_factory import council_decision, statuses, submitted_request

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("response", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        call_command("response", *args, stdout=StringIO())
    assert error.value.returncode == 2
    return str(error.value)


def test_a_whole_chain_from_consultation_to_withdrawal():
    statuses()
    submitted_request("kgz-2024", on="2024-03-01")
    consulted = run(
        "consult",
        "kgz-2024",
        "--on",
        "2024-03-02",
        "--format",
        "video",
        "--out-of-schedule",
        "--by",
        "crisis-response-center",
        "--state",
        "KGZ",
        "--state",
        "SRB",
        "--attendee",
        "heads of the emergency services",
        "--outcome",
        "Propose help",
        "--propose-to",
        "csc",
    )
    assert consulted["kind"] == "out-of-schedule" and consulted["format"] == "video-conference"
    assert consulted["participants"] == [
        {"state": "KGZ", "capacity": "member"},
        {"state": "SRB", "capacity": "partner"},
    ]
    item = council_decision(__import__("datetime").date(2024, 3, 4))
    decided = run("decide", "kgz-2024", "--session", str(item.session_id), "--item", "1")
    assert decided["status"] == "approved" and len(decided["decision"]["positions"]) == 5
    deployed = run(
        "deploy",
        "kgz-2024",
        "--formation",
        "peacekeeping",
        "--state",
        "RUS",
        "--personnel",
        "200",
        "--equipment",
        "12",
        "--from",
        "2024-03-10",
        "--mandate",
        f"{item.session_id}:1",
    )
    assert deployed["contingents"][0]["personnel"] == 200 and deployed["mandate"]["id"] == item.pk
    run(
        "deploy",
        "kgz-2024",
        "--formation",
        "peacekeeping",
        "--state",
        "KAZ",
        "--personnel",
        "50",
        "--from",
        "2024-03-11",
    )
    key = deployed["key"]
    one = run("withdraw-deployment", key, "--on", "2024-03-20", "--state", "KAZ")
    assert one["totals"] == {"personnel": 250, "equipment": 12} and one["withdrawn_on"] is None
    whole = run("withdraw-deployment", key, "--on", "2024-03-30")
    assert whole["withdrawn_on"] == "2024-03-30"
    listed = run("deployments", "--on", "2024-03-15")
    assert [row["totals"]["personnel"] for row in listed["deployments"] if row["key"] == key] == [250]


def test_refusals_are_one_line_with_status_2():
    statuses()
    submitted_request("kgz-2024", on="2024-03-01")
    assert "ARM" in refused(
        "consult",
        "kgz-2024",
        "--on",
        "2024-03-02",
        "--format",
        "in-person",
        "--by",
        "secretariat",
        "--state",
        "ARM",
    )
    assert "RESTRICTED" in refused(
        "consult",
        "kgz-2024",
        "--on",
        "2024-03-02",
        "--format",
        "video",
        "--by",
        "secretariat",
        "--classification",
        "2",
    )
    assert "no request" in refused(
        "deploy",
        "nope",
        "--formation",
        "peacekeeping",
        "--state",
        "RUS",
        "--personnel",
        "1",
        "--from",
        "2024-03-10",
    )
    assert "whole number" in refused(
        "deploy",
        "kgz-2024",
        "--formation",
        "peacekeeping",
        "--state",
        "RUS",
        "--personnel",
        "-5",
        "--from",
        "2024-03-10",
    )
    assert refused(
        "deploy",
        "kgz-2024",
        "--formation",
        "peacekeeping",
        "--state",
        "AFG",
        "--personnel",
        "5",
        "--from",
        "2024-03-10",
    )
    assert "no session" in refused("decide", "kgz-2024", "--session", "no-such", "--item", "1")

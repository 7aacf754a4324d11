"""``accord response request|show|submit|withdraw|step|requests``: a request recorded with its lines,
shown as of a date, moved through its life; every refusal one line with status 2."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from accord.response.cli.requests import parse_line
from accord.response.models import Request


def run(*args: str) -> str:
    out = StringIO()
    call_command("response", *args, stdout=out)
    return out.getvalue()


REQUEST = (
    "request",
    "--state",
    "TJK",
    "--basis",
    "article-4",
    "--channel",
    "organization",
    "--on",
    "2026-03-02",
    "--title",
    "Armed incursion on the southern border",
    "--line",
    "Servicemen of the CRRF:1500:personnel",
    "--line",
    "equipment/Mi-8 helicopters:2:helicopters",
    "--line",
    "Funds:320000000:RUB",
    "--source",
    "Letter of the Ministry of Foreign Affairs",
)


def test_a_line_reads_its_kind_from_the_unit_or_a_prefix():
    assert parse_line("Tents:200:tents")["kind"] == "supplies"
    assert parse_line("Troops:100:personnel")["kind"] == "forces"
    assert parse_line("Aid:5:RUB") == {
        "what_en": "Aid",
        "quantity": "5",
        "unit": "RUB",
        "kind": "funds",
        "value": "5",
        "currency": "RUB",
    }
    assert parse_line("services/Medical team: field:1:team")["what_en"] == "Medical team: field"


@pytest.mark.django_db
def test_a_request_is_recorded_shown_and_moved():
    answer = json.loads(run(*REQUEST, "--json"))
    assert answer["key"] == "tjk-2026-001" and answer["status"] == "submitted"
    kinds = [line["kind"] for line in answer["gap"]["lines"]]
    assert kinds == ["forces", "equipment", "funds"]
    run("step", "tjk-2026-001", "--to", "under-consultation", "--on", "2026-03-03", "--reason", "CRC")
    run("step", "tjk-2026-001", "--to", "approved", "--on", "2026-03-05", "--source", "Council decision")
    shown = json.loads(run("show", "tjk-2026-001", "--on", "2026-03-04", "--json"))
    assert shown["status"] == "under-consultation" and len(shown["steps"]) == 2
    assert shown["gap"]["lines"][0]["gap"] == "1500"
    assert "approved" in run("show", "tjk-2026-001")
    listed = json.loads(run("requests", "--state", "TJK", "--year", "2026", "--json"))
    assert [row["key"] for row in listed["requests"]] == ["tjk-2026-001"]
    assert "No request matches." in run("requests", "--status", "draft")
    run("withdraw", "tjk-2026-001", "--on", "2026-03-06", "--reason", "The incursion ended")
    assert Request.objects.get().status == "withdrawn"


@pytest.mark.django_db
def test_a_draft_is_submitted():
    run(*REQUEST, "--draft", "--key", "incursion")
    assert Request.objects.get().status == "draft"
    assert "submitted" in run("submit", "incursion", "--on", "2026-03-03")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "says"),
    [
        (("--channel", "bilateral", "--to", "RUS"), "channel"),
        (("--line", "Tents:none:tents"), "lines.4.quantity"),
        (("--line", "just text"), "expected WHAT:QUANTITY:UNIT"),
        (("--state", "XYZ"), "no state XYZ"),
        (("--crisis", "no-such"), "crisis"),
        (("--needed-by", "2026-03-01"), "needed_by"),
        (("--event", "999999"), "events.1"),
    ],
)
def test_refusals_are_one_line(change, says):
    with pytest.raises(CommandError) as refused:
        run(*REQUEST, *change)
    assert says in str(refused.value) and "\n" not in str(refused.value)
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_steps_out_of_order_and_unknown_requests_are_refused():
    run(*REQUEST)
    with pytest.raises(CommandError, match="cannot become"):
        run("step", "tjk-2026-001", "--to", "in-delivery", "--on", "2026-03-03")
    with pytest.raises(CommandError, match="no request"):
        run("show", "no-such")

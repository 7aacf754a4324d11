"""``accord response crisis|link|timeline|crises``: what an operator types, and the refusals (exit 2)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accord.core.models import ChangeRecord
from accord.response.models import Crisis
from tests.response import timeline_factories as make
from tests.response.timeline_factories import day

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("response", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_create_link_and_show_a_timeline():
    made = run("crisis", "floods-2026", "--title", "Floods", "--from", "2026-03-01", "--state", "KAZ")
    assert made["states"] == ["KAZ"]
    assert ChangeRecord.objects.filter(
        object_type="response.crisis", actor_name="system:response-cli"
    ).exists()
    request = make.make_request(None, on=day(1), key="floods-help")
    make.step(request, "submitted", day(2), source="note")
    linked = run("link", "floods-2026", "--request", "floods-help")
    assert linked["linked"] == [{"kind": "request", "name": "floods-help"}]
    body = run("timeline", "floods-2026")
    assert [entry["kind"] for entry in body["entries"]] == ["crisis.started", "request.step"]
    assert set(body["entries"][1]) >= {"date", "kind", "summary", "source", "classification"}
    assert body["entries"][1]["source"] == "note"
    assert run("timeline", "floods-2026", "--on", "2026-03-03")["entries"][-1]["kind"] == "request.step"
    assert [e["kind"] for e in run("timeline", "floods-2026", "--on", "2026-03-02")["entries"]] == [
        "crisis.started"
    ]
    assert [row["key"] for row in run("crises")["crises"]] == ["floods-2026"]


def test_changing_a_crisis_keeps_what_is_not_said():
    run("crisis", "quake", "--title", "Quake", "--from", "2026-03-01")
    run("crisis", "quake", "--until", "2026-04-01")
    crisis = Crisis.objects.get(key="quake")
    assert (crisis.title_en, str(crisis.ended_on)) == ("Quake", "2026-04-01")


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("timeline", "nowhere"), "crisis"),
        (("crisis", "new-one", "--title", "X"), "--from"),
        (("crisis", "bad-date", "--title", "X", "--from", "2026-13-01"), "--from"),
        (("crisis", "bad-state", "--title", "X", "--from", "2026-03-01", "--state", "XXX"), "states"),
        (
            ("crisis", "ends-early", "--title", "X", "--from", "2026-03-01", "--until", "2026-02-01"),
            "ended_on",
        ),
        (("link", "quake", "--event", "999999"), "event"),
        (("link", "quake"), "record"),
    ],
)
def test_refusals_are_one_line_with_status_2(args, says):
    make.make_crisis("quake")
    with pytest.raises(CommandError) as refused:
        call_command("response", *args, stdout=StringIO())
    assert refused.value.returncode == 2
    assert says in str(refused.value)

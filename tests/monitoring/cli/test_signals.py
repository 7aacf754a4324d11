"""``accord monitoring signals|signals-refresh|stories-fade|alert-stories``: what an operator types,
and the refusals (exit 2, one line)."""

from __future__ import annotations

import datetime
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accord.crisis.models import Alert
from accord.monitoring.models import Story
from tests.monitoring.factory import make_source
from tests.monitoring.helpers import make_story

pytestmark = pytest.mark.django_db
DAY = datetime.date(2026, 3, 10)


def run(*args: str) -> dict:
    out = StringIO()
    call_command("monitoring", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_refresh_list_and_the_stories_behind_an_alert():
    wire = make_source("wire")
    old = make_story(wire, DAY - datetime.timedelta(days=30), category="terrorism", states=("KAZ",))
    burst = [make_story(wire, DAY, category="terrorism", states=("KAZ",)) for _ in range(5)]
    refreshed = run("signals-refresh", "--from", "2026-02-01", "--to", DAY.isoformat())
    assert refreshed["series"] == 1 and len(refreshed["alert_ids"]) == 1
    listed = run("signals")["series"]
    assert [(row["key"], row["country"], row["last_day"], row["last_value"]) for row in listed] == [
        ("media.terrorism", "KAZ", DAY.isoformat(), 5.0)
    ]
    alert = Alert.objects.get(pk=refreshed["alert_ids"][0])
    behind = run("alert-stories", str(alert.pk))
    assert {row["id"] for row in behind["stories"]} == {story.pk for story in burst}
    faded = run("stories-fade", "--on", DAY.isoformat())
    assert faded["faded"] == [old.pk] and Story.objects.get(pk=old.pk).faded_on == DAY


def test_refusals_are_one_line():
    with pytest.raises(CommandError, match="before --from"):
        run("signals-refresh", "--from", "2026-03-10", "--to", "2026-03-01")
    with pytest.raises(CommandError, match="No alert 999999"):
        run("alert-stories", "999999")
    with pytest.raises(CommandError, match="not a date"):
        run("stories-fade", "--on", "yesterday")

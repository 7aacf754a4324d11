"""``accord monitoring stories|story|review|cite``."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from accord.monitoring.models import Story, StoryCitation
from tests.monitoring.stories_factory import draft_report, simple_story

pytestmark = pytest.mark.django_db


def run(*args: str) -> dict:
    out = StringIO()
    call_command("monitoring", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def refused(*args: str) -> str:
    with pytest.raises(CommandError) as error:
        call_command("monitoring", *args, stdout=StringIO())
    assert error.value.returncode == 2
    return str(error.value)


def test_list_show_review_and_cite():
    story = simple_story(title_en="Border exercise")
    simple_story("k", tags=[("state", "KGZ")])
    assert run("stories", "--state", "KAZ")["count"] == 1
    assert run("stories", "--triage", "verified")["count"] == 0
    shown = run("story", str(story.pk))
    assert shown["title"] == "Border exercise" and shown["reasons"][0]["key"] in {"KAZ", "terrorism"}
    assert "note" in refused("review", str(story.pk), "--verdict", "verified")
    run("review", str(story.pk), "--verdict", "verified", "--note", "two agencies")
    assert Story.objects.get(pk=story.pk).triage == "verified"
    report = draft_report()
    run("cite", str(story.pk), "--report", str(report.pk), "--note", "wires")
    assert StoryCitation.objects.get().note == "wires"
    assert "report" in refused("cite", str(story.pk), "--report", "999999")
    assert "no story" in refused("story", "999999")

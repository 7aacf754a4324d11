"""``accord monitoring stories|story|review|cite``: the triage queue, one story with the reasons of its
tags, a triage verdict and a citation in a draft situation report, written as the operator (the system
actor) through :mod:`accord.monitoring.story_services`."""

from __future__ import annotations

import argparse
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError
from accord.monitoring import story_queries, story_services
from accord.monitoring.api_stories import detail_json, summary_json
from accord.monitoring.cli import CLI_ACTOR, Answer, Verb
from accord.monitoring.models import Story

LISTED = 50


def json_ready(value: Any) -> Any:
    """Dates and times as ISO text, so that ``--json`` prints them."""
    if isinstance(value, dict):
        return {key: json_ready(item) for key, item in value.items()}
    if isinstance(value, list):
        return [json_ready(item) for item in value]
    return value.isoformat() if hasattr(value, "isoformat") else value


def found(pk: int) -> Story:
    story = Story.objects.restrict(SYSTEM_USER).filter(pk=pk).first()
    if story is None:
        raise InputError(_("no story %(pk)s") % {"pk": pk})
    return story


def stories_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--triage", choices=Story.Triage.values, help="only stories of this triage state")
    parser.add_argument("--category", default="", help="only stories tagged with this category key")
    parser.add_argument("--state", default="", help="only stories tagged with this state (code)")


def run_stories(options: dict[str, Any]) -> Answer:
    filters = {
        "triage": options.get("triage"),
        "category": options.get("category"),
        "state": (options.get("state") or "").upper(),
    }
    stories = story_queries.queue(SYSTEM_USER, filters)
    rows = [json_ready(summary_json(story)) for story in stories[:LISTED]]
    lines = [
        f"{row['id']:>6}  {row['triage']:<12} {row['last_seen'][:10]}  "
        f"{row['items']:>3} {_('items')}  {row['title']}"
        for row in rows
    ]
    return {"count": stories.count(), "stories": rows}, lines or [_("No story matches.")]


def id_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=int, help="the story's id")


def run_story(options: dict[str, Any]) -> Answer:
    data = json_ready(detail_json(SYSTEM_USER, found(options["id"])))
    lines = [
        f"#{data['id']} {data['title']}",
        f"{_('triage')}: {data['triage']} {data['triage_note']}".rstrip(),
        f"{_('items')}: {data['items']}, {_('sources')}: {data['sources']}, {_('languages')}: "
        + ", ".join(data["languages"]),
    ]
    for reason in data["reasons"]:
        why = "; ".join(f"rule {entry['rule']}: " + ", ".join(entry["words"]) for entry in reason["reasons"])
        lines.append(f"  {reason['kind']}:{reason['key']} ({reason['items']}) — {why}")
    return data, lines


def review_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("--verdict", required=True, choices=[str(value) for value in story_services.VERDICTS])
    parser.add_argument("--note", default="", help="why (required when not relevant or verified)")


def run_review(options: dict[str, Any]) -> Answer:
    review = story_services.review_story(
        found(options["id"]), options["verdict"], options["note"], actor=CLI_ACTOR
    )
    data = {"story": options["id"], "verdict": review.verdict, "note": review.note, "by": review.by}
    return data, [_("story %(story)s is %(verdict)s") % data]


def cite_arguments(parser: argparse.ArgumentParser) -> None:
    id_argument(parser)
    parser.add_argument("--report", required=True, type=int, help="the id of a draft situation report")
    parser.add_argument("--note", default="", help="the analyst's note for the report")


def run_cite(options: dict[str, Any]) -> Answer:
    citation = story_services.cite_in_report(
        found(options["id"]), options["report"], options["note"], actor=CLI_ACTOR
    )
    data = {"story": options["id"], "report": citation.report_id, "note": citation.note}
    return data, [_("story %(story)s is cited in situation report %(report)s") % data]


VERBS = [
    Verb("stories", "the stories, waiting ones first", stories_arguments, run_stories),
    Verb("story", "one story with the reasons of its tags", id_argument, run_story),
    Verb("review", "triage a story", review_arguments, run_review),
    Verb("cite", "cite a verified story in a draft situation report", cite_arguments, run_cite),
]

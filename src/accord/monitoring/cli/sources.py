"""``accord monitoring sources|source-add|fetch|take-in``: media sources at the command line, written
as the operator (the system actor) through the services; a fetch runs at once and prints its counts
and each failed item's error."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.classification import Classification
from accord.core.cli import InputError
from accord.core.runs import start_run
from accord.monitoring import fetching, sources_services, uploads
from accord.monitoring.cli import CLI_ACTOR, Answer, Verb
from accord.monitoring.models import Source
from accord.monitoring.presenters_intake import source_json

LEVELS = {label.name.lower(): int(label) for label in Classification}


def run_list(options: dict[str, Any]) -> Answer:
    rows = [
        source_json(SYSTEM_USER, source)
        for source in Source.objects.restrict(SYSTEM_USER).select_related("last_run")
    ]
    lines = [
        f"{row['key']}  {row['kind']}  {row['language'] or '--'}  {row['reliability']}  "
        f"{row['classification']}  {row['name']}" + ("" if row["active"] else "  " + _("(switched off)"))
        for row in rows
    ]
    return {"sources": rows}, lines or [_("No source yet.")]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", help="the source's key (letters, digits, hyphens)")
    parser.add_argument("--name", required=True)
    parser.add_argument("--kind", required=True, choices=Source.Kind.values)
    parser.add_argument("--address", default="", help="a feed's address, a feed file's or a folder's path")
    # --language is every verb's language of output: the source's own language is --lang.
    parser.add_argument(
        "--lang", default="", choices=["en", "ru", ""], help="the source's language (empty: detect)"
    )
    parser.add_argument("--reliability", default="F", choices=Source.Reliability.values)
    parser.add_argument("--classification", default="restricted", choices=list(LEVELS))
    parser.add_argument("--releasability", default="members-only")
    parser.add_argument("--every", type=int, default=0, help="fetch every N minutes (0: only when asked)")


def run_add(options: dict[str, Any]) -> Answer:
    values = {
        "key": options["key"],
        "name": options["name"],
        "kind": options["kind"],
        "address": options["address"],
        "language": options["lang"],
        "reliability": options["reliability"],
        "classification": LEVELS[options["classification"]],
        "releasability": options["releasability"],
        "every_minutes": options["every"],
    }
    source = sources_services.create_source(values, actor=CLI_ACTOR, reason="command line")
    return source_json(SYSTEM_USER, source), [_("source %(key)s created") % {"key": source.key}]


def key_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", help="the source's key")


def result_answer(source: Source, result: fetching.FetchResult) -> Answer:
    """The run's counts and each failed item's error, for people and as JSON."""
    data = {
        "source": source.key,
        "run": result.run.pk,
        "status": result.run.status,
        **result.counts,
        "reason": result.reason,
        "failed": [{"item": pk, "error_code": code, "error": error} for pk, code, error in result.failed],
    }
    lines = [
        _(
            "%(source)s: %(status)s; added %(added)d, copies %(updated)d, "
            "unchanged %(unchanged)d, failed %(rejected)d"
        )
        % data
    ]
    if result.reason:
        lines.append(result.reason)
    lines += [f"  item {pk}: [{code}] {error}" for pk, code, error in result.failed]
    return data, lines


def run_fetch(options: dict[str, Any]) -> Answer:
    source = sources_services.source_by_key(SYSTEM_USER, options["key"], field="key")
    run = start_run(fetching.RUN_KIND, CLI_ACTOR, subject=source.key)
    return result_answer(source, fetching.fetch_source(source, actor=CLI_ACTOR, run=run))


def take_in_arguments(parser: argparse.ArgumentParser) -> None:
    key_argument(parser)
    parser.add_argument("files", nargs="+", metavar="FILE", help="HTML or plain-text files, one item each")


def run_take_in(options: dict[str, Any]) -> Answer:
    source = sources_services.source_by_key(SYSTEM_USER, options["key"], field="key")
    missing = [name for name in options["files"] if not Path(name).is_file()]
    if missing:
        raise InputError(_("no such file: %(name)s") % {"name": missing[0]})
    deliveries = uploads.files_given(options["files"])
    run = start_run("monitoring.take-in", CLI_ACTOR, subject=source.key, total=len(deliveries))
    result = fetching.take_in_files(source, deliveries, actor=CLI_ACTOR, run=run, total=len(deliveries))
    return result_answer(source, result)


VERBS = [
    Verb("sources", "The media sources: kind, language, reliability, labels", lambda parser: None, run_list),
    Verb("source-add", "Create a media source", add_arguments, run_add),
    Verb(
        "fetch", "Fetch a source now; prints the counts and each failed item's error", key_argument, run_fetch
    ),
    Verb("take-in", "Take files in as items of a source, one item per file", take_in_arguments, run_take_in),
]

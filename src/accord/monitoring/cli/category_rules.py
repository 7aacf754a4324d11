"""``accord monitoring rules|rules-check|rules-save|rules-retag|tag``: the category rules at the command
line — show those in force, check a file, save it as the next version (as the system actor; the items
already in are re-tagged by a queued job), re-tag those items now, and tag a text showing each tag's rule
and words."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from accord.core.cli import InputError
from accord.core.ingest import InputFileError, read_text
from accord.monitoring.cli import CLI_ACTOR, Answer, Verb
from accord.monitoring.rules_presenters import analysis_json, categories_json, rules_table
from accord.monitoring.rules_services import save_rules
from accord.monitoring.understanding.rulebook import MAX_RULES_BYTES, parse_rules

MAX_TEXT_BYTES = 2 * 1024 * 1024


def read_file(name: str, limit: int, what: str) -> str:
    """A text file, or a one-line refusal (exit 2) naming the file and what is wrong."""
    try:
        return read_text(Path(name), limit=limit, what=what)
    except InputFileError as refused:
        raise InputError(str(refused)) from None


def table_lines(rows: list[dict[str, Any]]) -> list[str]:
    return [f"{row['rule']} (×{row['weight']:g})\n  en: {row['en']}\n  ru: {row['ru']}" for row in rows]


def run_rules(options: dict[str, Any]) -> Answer:
    from accord.monitoring.understanding.categories import rules_in_force

    version, rules = rules_in_force()
    rows = rules_table(rules, options.get("language") or "en")
    data = {"version": version, "categories": categories_json(rules), "rules": rows}
    return data, [_("Rules in force: version %(version)s") % {"version": version}, *table_lines(rows)]


def file_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", help="a rules file (YAML)")


def run_check(options: dict[str, Any]) -> Answer:
    text = read_file(options["file"], MAX_RULES_BYTES, "rules file")
    try:
        rules = parse_rules(text, file_name=options["file"])
    except InputFileError as refused:
        raise InputError(str(refused)) from None
    data = {"file": options["file"], "categories": len(rules.categories), "rules": len(rules.rules)}
    return data, [_("%(file)s: %(categories)s categories, %(rules)s rules, no problem found") % data]


def save_arguments(parser: argparse.ArgumentParser) -> None:
    file_argument(parser)
    parser.add_argument("--note", required=True, help="what changed")


def run_save(options: dict[str, Any]) -> Answer:
    text = read_file(options["file"], MAX_RULES_BYTES, "rules file")
    version = save_rules(text, options["note"], actor=CLI_ACTOR)
    data = {"version": version.number, "note": version.note, "saved_by": version.saved_by}
    return data, [_("Version %(version)s of the rules is in force.") % data]


def run_retag(options: dict[str, Any]) -> Answer:
    from accord.monitoring.retag import retag_items

    done = retag_items(actor=CLI_ACTOR)
    data = {
        "rules_version": done.version,
        "items": done.items,
        "changed": done.changed,
        "stories": len(done.stories),
        "batches": done.batches,
    }
    return data, [
        _(
            "Rules version %(rules_version)s: %(items)s items re-tagged, categories changed on %(changed)s, "
            "%(stories)s stories brought up to date."
        )
        % data
    ]


def tag_arguments(parser: argparse.ArgumentParser) -> None:
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("file", nargs="?", help="a text file to tag")
    which.add_argument("--text", help="the text itself")
    # --language is every verb's language of output (as for source-add): the text's own language is --lang.
    parser.add_argument(
        "--lang", default="", choices=["en", "ru", ""], help="the text's language (empty: detect)"
    )


def text_language(text: str, declared: str) -> str:
    """The language to read the text in: the one given, else what its words say (as intake does),
    so a Russian text is never read as English because the answer is wanted in English."""
    from accord.monitoring.text.errors import TextError
    from accord.monitoring.text.language import require_supported

    if declared:
        return declared
    try:
        return require_supported(text)
    except TextError as refused:
        raise InputError(str(refused)) from None


def tag_lines(data: dict[str, Any]) -> list[str]:
    lines = [_("Rules version %(version)s") % {"version": data["rules_version"]}]
    for tag in data["tags"]:
        lines.append(f"{tag['kind']:<12} {tag['key']:<28} {tag['rule']:<36} {', '.join(tag['words'])}")
    for figure in data["figures"]:
        qualifier = f" ({figure['qualifier']})" if figure["qualifier"] else ""
        lines.append(
            f"{'figure':<12} {figure['value']:g} {figure['unit']}{qualifier} — {figure['about'] or '-'}: "
            f"{figure['words']}"
        )
    if len(lines) == 1:
        lines.append(_("Nothing was tagged."))
    return lines


def run_tag(options: dict[str, Any]) -> Answer:
    from accord.monitoring.understanding.analysis import analyse
    from accord.monitoring.understanding.knowledge import current_knowledge

    text = options.get("text") or read_file(options["file"], MAX_TEXT_BYTES, "text file")
    language = text_language(text, options.get("lang") or "")
    knowledge = current_knowledge()
    data = analysis_json(text, analyse(text, language, knowledge), knowledge.rules_version)
    data.pop("pieces")
    return data, tag_lines(data)


VERBS = [
    Verb("rules", "show the category rules in force", lambda parser: None, run_rules),
    Verb("rules-check", "check a rules file (every problem with its line)", file_argument, run_check),
    Verb("rules-save", "save a rules file as the next version, in force at once", save_arguments, run_save),
    Verb(
        "rules-retag",
        "re-tag now the items tagged under older rules (their categories, their stories' tags)",
        lambda parser: None,
        run_retag,
    ),
    Verb("tag", "tag a text (FILE or --text) showing each tag's rule and words", tag_arguments, run_tag),
]

"""``accord response timeline|crisis|link|crises``: a crisis's timeline as of a date, creating and
changing a crisis, linking records to it, and the list of crises.

The command line is the operator's: it reads as the system and writes as ``response-cli``, recorded
like any other write.
"""

from __future__ import annotations

import argparse
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError, parse_date
from accord.core.labels import Classification, Releasability
from accord.response import crisis_services
from accord.response.cli import CLI_ACTOR, Answer, Verb
from accord.response.models import Crisis
from accord.response.timeline import timeline

LEVELS = {level.name.lower(): int(level) for level in Classification}


def timeline_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("crisis", help="the crisis's key")
    parser.add_argument("--on", help="the crisis as it stood on this day (YYYY-MM-DD)")


def run_timeline(options: dict[str, Any]) -> Answer:
    """The entries of a crisis in date order, as of ``--on`` when given."""
    crisis = crisis_services.crisis_by_key(SYSTEM_USER, options["crisis"])
    day = parse_date(options["on"], "--on") if options.get("on") else None
    entries = timeline(crisis, SYSTEM_USER, as_of=day)
    data = {
        "crisis": crisis.key,
        "title": crisis.title,
        "on": day.isoformat() if day else None,
        "entries": [entry.as_api() for entry in entries],
    }
    lines = [f"{crisis.title} ({crisis.key})"]
    lines += [
        f"{e.date}  {e.kind_label}: {e.summary}  [{e.source or '—'}]  {e.classification}" for e in entries
    ]
    if not entries:
        lines.append(_("nothing happened in this crisis by then"))
    return data, lines


def crisis_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", help="the crisis's key (created when new, changed when it exists)")
    parser.add_argument("--title", help="title in English")
    parser.add_argument("--title-ru", help="title in Russian")
    parser.add_argument("--from", dest="started_on", help="the day it began (YYYY-MM-DD)")
    parser.add_argument("--until", dest="ended_on", help="the day it ended (YYYY-MM-DD)")
    parser.add_argument("--state", action="append", dest="states", help="a state affected (repeat)")
    parser.add_argument("--summary", help="summary in English")
    parser.add_argument("--summary-ru", help="summary in Russian")
    parser.add_argument("--source", help="where the facts come from")
    parser.add_argument("--classification", choices=sorted(LEVELS), help="classification level")
    parser.add_argument("--releasability", choices=[value.value for value in Releasability])
    parser.add_argument("--release-to", action="append", help="a state it is released to (repeat)")


def crisis_values(options: dict[str, Any]) -> dict[str, Any]:
    """The fields the options give (only those given, so that a change leaves the others alone)."""
    names = {
        "title": "title_en",
        "title_ru": "title_ru",
        "summary": "summary_en",
        "summary_ru": "summary_ru",
        "source": "source_text",
        "releasability": "releasability",
    }
    values = {field: options[option] for option, field in names.items() if options.get(option) is not None}
    for option in ("started_on", "ended_on"):
        if options.get(option):
            values[option] = parse_date(options[option], f"--{'from' if option == 'started_on' else 'until'}")
    if options.get("classification"):
        values["classification"] = LEVELS[options["classification"]]
    if options.get("release_to"):
        values["release_to"] = options["release_to"]
    if options.get("states") is not None:
        values["states"] = options["states"]
    return values


def crisis_data(crisis: Crisis) -> dict[str, Any]:
    return {
        "key": crisis.key,
        "title_en": crisis.title_en,
        "title_ru": crisis.title_ru,
        "started_on": crisis.started_on.isoformat(),
        "ended_on": crisis.ended_on.isoformat() if crisis.ended_on else None,
        "states": sorted(crisis.states.values_list("code", flat=True)),
        "classification": crisis.classification,
        "releasability": crisis.releasability,
    }


def run_crisis(options: dict[str, Any]) -> Answer:
    """Create the crisis, or change the one with this key."""
    values = crisis_values(options)
    existing = Crisis.objects.restrict(SYSTEM_USER).filter(key=options["key"]).first()
    if existing is None:
        if "title_en" not in values or "started_on" not in values:
            raise InputError(_("a new crisis needs --title and --from"))
        crisis = crisis_services.create_crisis({"key": options["key"], **values}, actor=CLI_ACTOR)
        said = _("crisis %(key)s created") % {"key": crisis.key}
    else:
        changed = crisis_services.update_crisis(existing, values, actor=CLI_ACTOR)
        crisis = existing
        said = (_("crisis %(key)s changed") if changed else _("crisis %(key)s unchanged")) % {
            "key": crisis.key
        }
    return crisis_data(crisis), [said]


LINK_OPTIONS = ("event", "episode", "report", "document", "request", "deployment", "delivery", "consultation")


def link_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("crisis", help="the crisis's key")
    for kind in LINK_OPTIONS:
        by = "KEY" if crisis_services.LINK_KINDS[kind].key_field == "key" else "ID"
        parser.add_argument(f"--{kind}", action="append", default=[], metavar=by, help=f"a {kind} (repeat)")
    parser.add_argument("--unlink", action="store_true", help="take the records off the crisis instead")


def run_link(options: dict[str, Any]) -> Answer:
    """Link (or unlink) every record named to the crisis, all or none."""
    crisis = crisis_services.crisis_by_key(SYSTEM_USER, options["crisis"])
    named = [(kind, name) for kind in LINK_OPTIONS for name in options.get(kind) or []]
    if not named:
        raise InputError(_("name at least one record to link (--event, --request, --document …)"))
    write = crisis_services.unlink if options.get("unlink") else crisis_services.link
    with transaction.atomic():
        for kind, name in named:
            write(crisis, kind, name, actor=CLI_ACTOR, reason="accord response link")
    done = [{"kind": kind, "name": name} for kind, name in named]
    key = "unlinked" if options.get("unlink") else "linked"
    verb = _("unlinked") if options.get("unlink") else _("linked")
    return {"crisis": crisis.key, key: done}, [f"{verb}: {kind} {name}" for kind, name in named]


def crises_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state", help="only crises affecting this state")


def run_crises(options: dict[str, Any]) -> Answer:
    """Every crisis, newest first."""
    crises = Crisis.objects.restrict(SYSTEM_USER).order_by("-started_on", "-id")
    if options.get("state"):
        crises = crises.filter(states__code=options["state"].upper()).distinct()
    rows = [crisis_data(crisis) for crisis in crises]
    lines = [f"{row['started_on']}  {row['key']}  {row['title_en']}" for row in rows] or [_("no crisis")]
    return {"crises": rows}, lines


VERBS = [
    Verb("timeline", "a crisis's timeline, as of a date", timeline_arguments, run_timeline),
    Verb("crisis", "create or change a crisis", crisis_arguments, run_crisis),
    Verb("link", "link records to a crisis (or --unlink them)", link_arguments, run_link),
    Verb("crises", "the list of crises", crises_arguments, run_crises),
]

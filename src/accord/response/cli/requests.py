"""``accord response request|show|submit|withdraw|step|requests``: requests for assistance at the
command line, written as the operator (the system actor) through the services.

A line is given as ``WHAT:QUANTITY:UNIT`` or ``KIND/WHAT:QUANTITY:UNIT`` (``equipment/Mi-8
helicopters:2:helicopters``). Without a kind, the unit decides: a currency code (``RUB``, ``USD``)
makes a line of funds whose value is the quantity; personnel, servicemen, troops or people make a
line of forces; anything else is supplies. The text is split at its last two colons, so a WHAT may
hold colons.
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.classification import Classification, Releasability
from accord.core.cli import InputError, parse_date, parse_year
from accord.response.cli import CLI_ACTOR, Answer, Verb, state_named
from accord.response.models import Channel, LineKind, Request, RequestStatus
from accord.response.requests import services
from accord.response.requests.presenters import request_json, summary_json

CURRENCY_UNIT = re.compile(r"^[A-Z]{3}$")
FORCES_UNITS = frozenset({"personnel", "servicemen", "troops", "people", "persons", "military personnel"})
LEVELS = {label.name.lower(): int(label) for label in Classification}


def parse_line(text: str) -> dict[str, Any]:
    """One ``--line`` as the service's line values, or a one-line error showing the form."""
    parts = text.rsplit(":", 2)
    if len(parts) != 3 or not all(part.strip() for part in parts):
        raise InputError(
            _("--line %(text)r: expected WHAT:QUANTITY:UNIT or KIND/WHAT:QUANTITY:UNIT") % {"text": text}
        )
    what, quantity, unit = (part.strip() for part in parts)
    kind = ""
    head, slash, rest = what.partition("/")
    if slash and head.strip().lower() in LineKind.values:
        kind, what = head.strip().lower(), rest.strip()
    line: dict[str, Any] = {"what_en": what, "quantity": quantity, "unit": unit}
    if CURRENCY_UNIT.match(unit):
        line.update(kind=kind or LineKind.FUNDS, value=quantity, currency=unit)
    elif unit.lower() in FORCES_UNITS:
        line["kind"] = kind or LineKind.FORCES
    else:
        line["kind"] = kind or LineKind.SUPPLIES
    return line


def request_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--state", required=True, help="the requesting state's code")
    parser.add_argument(
        "--basis", required=True, help="a basis of the charter file (article-4, emergency, …)"
    )
    parser.add_argument("--channel", required=True, choices=Channel.values)
    parser.add_argument("--to", action="append", default=[], metavar="STATE", help="addressed to (bilateral)")
    parser.add_argument("--on", required=True, help="the date of the request, YYYY-MM-DD")
    parser.add_argument("--needed-by", help="the date by which help is needed")
    parser.add_argument("--title", required=True, help="the title in English")
    parser.add_argument("--title-ru", default="", help="the title in Russian")
    parser.add_argument("--note", default="", help="a note (figures, no names of people)")
    parser.add_argument(
        "--line", action="append", default=[], help="WHAT:QUANTITY:UNIT or KIND/WHAT:QUANTITY:UNIT (repeat)"
    )
    parser.add_argument("--source", required=True, help="where the request comes from")
    parser.add_argument("--crisis", help="the key of the crisis it belongs to")
    parser.add_argument("--key", help="the request's key (default: STATE-YEAR-NNN)")
    for name, what in (
        ("event", "an event"),
        ("episode", "an alert episode"),
        ("report", "a situation report"),
    ):
        parser.add_argument(
            f"--{name}", action="append", default=[], type=int, help=f"the id of {what} it refers to"
        )
    parser.add_argument("--classification", choices=list(LEVELS), default="restricted")
    parser.add_argument(
        "--releasability",
        choices=[value for value in Releasability.values if value != Releasability.NAMED_STATES],
        default=Releasability.MEMBERS_ONLY,
    )
    parser.add_argument("--draft", action="store_true", help="keep it a draft (default: submitted on --on)")


def run_request(options: dict[str, Any]) -> Answer:
    day = parse_date(options["on"], "--on")
    values: dict[str, Any] = {
        "state": state_named(options["state"]).code,
        "basis": options["basis"],
        "channel": options["channel"],
        "addressed_to": [state_named(code).code for code in options["to"]],
        "requested_on": day,
        "needed_by": parse_date(options["needed_by"], "--needed-by") if options.get("needed_by") else None,
        "title_en": options["title"],
        "title_ru": options["title_ru"],
        "note_en": options["note"],
        "source_text": options["source"],
        "classification": LEVELS[options["classification"]],
        "releasability": options["releasability"],
    }
    if options.get("crisis"):
        values["crisis"] = options["crisis"]
    if options.get("key"):
        values["key"] = options["key"]
    for name in ("event", "episode", "report"):
        if options[name]:
            values[f"{name}s"] = options[name]
    lines = [parse_line(text) for text in options["line"]]
    request = services.create_request(values, lines, actor=CLI_ACTOR, submit=not options["draft"])
    data = request_json(SYSTEM_USER, request, None)
    return data, [
        _("Recorded %(key)s: %(title)s (%(status)s)")
        % {"key": request.key, "title": request.title, "status": data["status_label"]}
    ]


def found(key: str) -> Request:
    """The request ``key`` (the operator sees every request), or a one-line refusal."""
    request = Request.objects.restrict(SYSTEM_USER).filter(key=key).first()
    if request is None:
        raise InputError(_("no request %(key)s") % {"key": key})
    return request


def key_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", help="the request's key")


def show_arguments(parser: argparse.ArgumentParser) -> None:
    key_argument(parser)
    parser.add_argument("--on", help="as of this date (default: today's state)")


def readable(data: dict[str, Any]) -> list[str]:
    """A request for people: its status, lines with the gap, decision, deployments."""
    lines = [
        f"{data['key']}: {data['title']}",
        _("%(state)s, basis %(basis)s, %(channel)s, %(day)s — %(status)s")
        % {
            "state": data["state"],
            "basis": data["basis"],
            "channel": data["channel"],
            "day": data["requested_on"],
            "status": data["status_label"] or _("not yet made"),
        },
    ]
    for line in data["gap"]["lines"]:
        lines.append(
            "  "
            + _(
                "%(n)s. %(what)s: requested %(requested)s %(unit)s, committed %(committed)s, delivered "
                "%(delivered)s, gap %(gap)s"
            )
            % {**line, "n": line["line"]}
        )
    decision = data["decision"]
    if decision and decision.get("outcome"):
        lines.append(_("Decision: %(outcome)s") % {"outcome": decision["outcome_label"]})
        lines += [f"  {item['state']}: {item['position_label']}" for item in decision["positions"]]
    lines += [
        _("Deployment %(key)s: %(formation)s to %(host)s from %(deployed_on)s") % item
        for item in data["deployments"]
    ]
    return lines


def run_show(options: dict[str, Any]) -> Answer:
    day = parse_date(options["on"], "--on") if options.get("on") else None
    data = request_json(SYSTEM_USER, found(options["request"]), day)
    return data, readable(data)


def dated_arguments(parser: argparse.ArgumentParser) -> None:
    key_argument(parser)
    parser.add_argument("--on", required=True, help="the date the step takes effect, YYYY-MM-DD")
    parser.add_argument("--source", default="", help="where the step is recorded")


def stepped(request: Request, step: Any) -> Answer:
    data = {"key": request.key, "status": step.status, "on": step.on.isoformat(), "reason": step.reason}
    return data, [
        _("%(key)s is %(status)s from %(on)s") % {**data, "status": RequestStatus(step.status).label}
    ]


def run_submit(options: dict[str, Any]) -> Answer:
    request = found(options["request"])
    step = services.submit(
        request, on=parse_date(options["on"], "--on"), actor=CLI_ACTOR, source=options["source"]
    )
    return stepped(request, step)


def withdraw_arguments(parser: argparse.ArgumentParser) -> None:
    dated_arguments(parser)
    parser.add_argument("--reason", required=True, help="why it is withdrawn")


def run_withdraw(options: dict[str, Any]) -> Answer:
    request = found(options["request"])
    day = parse_date(options["on"], "--on")
    step = services.withdraw(
        request, on=day, actor=CLI_ACTOR, reason=options["reason"], source=options["source"]
    )
    return stepped(request, step)


def step_arguments(parser: argparse.ArgumentParser) -> None:
    dated_arguments(parser)
    parser.add_argument("--to", required=True, choices=RequestStatus.values, help="the status it moves to")
    parser.add_argument("--reason", default="", help="why")


def run_step(options: dict[str, Any]) -> Answer:
    request = found(options["request"])
    day = parse_date(options["on"], "--on")
    step = services.step(
        request, options["to"], on=day, actor=CLI_ACTOR, reason=options["reason"], source=options["source"]
    )
    return stepped(request, step)


def list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--status", choices=RequestStatus.values)
    parser.add_argument("--state", help="the requesting state's code")
    parser.add_argument("--basis", help="a basis key")
    parser.add_argument("--year", help="the year of the request")


def run_list(options: dict[str, Any]) -> Answer:
    requests = Request.objects.restrict(SYSTEM_USER).select_related("state", "basis")
    if options.get("status"):
        requests = requests.filter(status=options["status"])
    if options.get("state"):
        requests = requests.filter(state=state_named(options["state"]))
    if options.get("basis"):
        requests = requests.filter(basis__key=options["basis"])
    if options.get("year"):
        requests = requests.filter(requested_on__year=parse_year(options["year"]))
    rows = [summary_json(item) for item in requests.order_by("-requested_on", "-id")]
    text = [
        f"{row['requested_on']}  {row['key']}  {row['state']}  {row['status_label']}  {row['title']}"
        for row in rows
    ]
    return {"requests": rows}, text or [_("No request matches.")]


VERBS = [
    Verb("request", "Record a request for assistance with its lines", request_arguments, run_request),
    Verb(
        "show",
        "A request as of a date: status, lines and the gap, decision, deployments",
        show_arguments,
        run_show,
    ),
    Verb("submit", "Submit a draft request", dated_arguments, run_submit),
    Verb("withdraw", "Withdraw a request, saying why", withdraw_arguments, run_withdraw),
    Verb("step", "Move a request to its next status", step_arguments, run_step),
    Verb("requests", "List requests (filters: status, state, basis, year)", list_arguments, run_list),
]

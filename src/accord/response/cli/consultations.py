"""``accord response consult`` and ``decide``: a consultation held on a request, and the body's
decision linked to it."""

from __future__ import annotations

import argparse
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import parse_date
from accord.decisions.models import Session
from accord.response.cli import CLI_ACTOR, Answer, Verb
from accord.response.consultation_services import ConsultationPlan, decide, hold_consultation
from accord.response.lookups import body_named, item_of, request_named, session_named, state_code
from accord.response.records_data import consultation_data, decision_data

FORMATS = {"in-person": Session.Format.IN_PERSON, "video": Session.Format.VIDEO}


def consult_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", help="the request's key")
    parser.add_argument("--on", required=True, help="the day (YYYY-MM-DD)")
    parser.add_argument("--format", required=True, choices=sorted(FORMATS))
    parser.add_argument("--out-of-schedule", action="store_true", help="held out of schedule")
    parser.add_argument("--by", required=True, help="the body that holds it (crisis-response-center, …)")
    parser.add_argument("--state", action="append", default=[], help="a participating state (repeat)")
    parser.add_argument("--attendee", action="append", default=[], help="a participant that is not a state")
    parser.add_argument("--attendee-body", action="append", default=[], help="a body taking part (key)")
    parser.add_argument("--outcome", default="", help="the outcome: what it proposes")
    parser.add_argument("--propose-to", default="", help="the body the outcome is proposed to (key)")
    parser.add_argument("--classification", type=int, default=1, help="0 public … 3 secret (video: 0 or 1)")
    parser.add_argument("--source", default="", help="where the consultation is recorded")


def run_consult(options: dict[str, Any]) -> Answer:
    """Hold the consultation and print what was recorded."""
    user = SYSTEM_USER
    request = request_named(user, options["request"])
    plan = ConsultationPlan(
        body=body_named(user, options["by"]),
        on=parse_date(options["on"], "--on"),
        format=FORMATS[options["format"]],
        kind=Session.Kind.OUT_OF_SCHEDULE if options["out_of_schedule"] else Session.Kind.REGULAR,
        states=[state_code(user, code, "states") for code in options["state"]],
        attendee_bodies=[body_named(user, key) for key in options["attendee_body"]],
        attendees=[(text, "") for text in options["attendee"]],
        outcome_en=options["outcome"],
        proposal_to=body_named(user, options["propose_to"]) if options["propose_to"] else None,
        classification=options["classification"],
        releasability=request.releasability,
        release_to=request.release_to_codes,
        source=options["source"],
    )
    consultation = hold_consultation(request, plan, actor=CLI_ACTOR)
    data = consultation_data(consultation, user)
    line = _("consultation %(id)s on %(request)s: %(body)s, %(day)s (session %(session)s)") % {
        "id": consultation.pk,
        "request": request.key,
        "body": plan.body.key,
        "day": data["date"],
        "session": data["session"],
    }
    return data, [line]


def decide_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", help="the request's key")
    parser.add_argument("--session", required=True, help="the session's key or number")
    parser.add_argument("--item", required=True, help="the agenda item's number")
    parser.add_argument("--reason", default="", help="why (kept in the change record)")


def run_decide(options: dict[str, Any]) -> Answer:
    """Link the decision and print the request's new status and the positions."""
    user = SYSTEM_USER
    request = request_named(user, options["request"])
    item = item_of(user, session_named(user, options["session"]), options["item"])
    request = decide(request, item, actor=CLI_ACTOR, reason=options["reason"])
    data = {"request": request.key, "status": request.status, "decision": decision_data(item)}
    lines = [
        _("%(request)s is now %(status)s") % {"request": request.key, "status": request.get_status_display()}
    ]
    lines += [f"  {row['state']}: {row['position'] or '—'}" for row in data["decision"]["positions"]]
    return data, lines


VERBS = [
    Verb("consult", "hold a consultation on a request", consult_arguments, run_consult),
    Verb("decide", "link the body's decision to a request", decide_arguments, run_decide),
]

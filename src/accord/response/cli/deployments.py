"""``accord response deploy``, ``withdraw-deployment`` and ``deployments``: the collective forces sent
under a request, contingent by contingent, and brought home."""

from __future__ import annotations

import argparse
from typing import Any

from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER
from accord.core.cli import InputError, parse_date
from accord.response.cli import CLI_ACTOR, Answer, Verb
from accord.response.deployment_services import (
    ContingentPlan,
    deploy,
    withdraw_contingent,
    withdraw_deployment,
)
from accord.response.lookups import (
    deployment_named,
    formation_named,
    mandate_named,
    request_named,
    state_code,
)
from accord.response.models import Deployment
from accord.response.records_data import deployment_data


def figure(text: str) -> int:
    """A whole number typed at the command line."""
    if not str(text).isdigit():
        raise InputError(_("%(value)s is not a whole number") % {"value": text})
    return int(text)


def deploy_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("request", help="the request's key")
    parser.add_argument("--formation", required=True, help="the formation's key (peacekeeping, crrf, …)")
    parser.add_argument("--state", required=True, help="the state sending the contingent")
    parser.add_argument("--personnel", required=True, type=figure, help="people, as a figure")
    parser.add_argument("--equipment", type=figure, default=None, help="items of equipment, as a figure")
    parser.add_argument("--from", dest="start", required=True, help="deployed on (YYYY-MM-DD)")
    parser.add_argument("--until", default=None, help="withdrawn on (YYYY-MM-DD)")
    parser.add_argument("--host", default=None, help="the state the forces go to (the requesting state)")
    parser.add_argument("--mandate", default=None, help="the decision that mandates it: SESSION:ITEM")
    parser.add_argument("--source", default="", help="where this is recorded")


def run_deploy(options: dict[str, Any]) -> Answer:
    """Add the contingent (sending the formation on first use) and print the deployment."""
    user = SYSTEM_USER
    request = request_named(user, options["request"])
    plan = ContingentPlan(
        state=state_code(user, options["state"]),
        personnel=options["personnel"],
        deployed_on=parse_date(options["start"], "--from"),
        withdrawn_on=parse_date(options["until"], "--until") if options["until"] else None,
        equipment=options["equipment"],
        host=state_code(user, options["host"], "host") if options["host"] else None,
        mandate=mandate_named(user, options["mandate"]) if options["mandate"] else None,
        source=options["source"],
    )
    contingent = deploy(request, formation_named(user, options["formation"]), plan, actor=CLI_ACTOR)
    data = deployment_data(contingent.deployment, user)
    line = _("%(state)s: %(personnel)s people in %(deployment)s (total %(total)s)") % {
        "state": plan.state.code,
        "personnel": plan.personnel,
        "deployment": data["key"],
        "total": data["totals"]["personnel"],
    }
    return data, [line]


def withdraw_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("deployment", help="the deployment's key")
    parser.add_argument("--on", required=True, help="the day (YYYY-MM-DD)")
    parser.add_argument("--state", default=None, help="withdraw only this state's contingent")
    parser.add_argument("--reason", default="", help="why")


def run_withdraw(options: dict[str, Any]) -> Answer:
    """Withdraw one contingent, or the whole deployment."""
    user = SYSTEM_USER
    deployment = deployment_named(user, options["deployment"])
    on = parse_date(options["on"], "--on")
    if options["state"]:
        code = state_code(user, options["state"]).code
        contingent = deployment.contingents.filter(state__code=code, withdrawn_on__isnull=True).first()
        if contingent is None:
            raise InputError(_("%(state)s has no contingent there now") % {"state": code})
        withdraw_contingent(contingent, on, actor=CLI_ACTOR, reason=options["reason"])
        line = _("%(state)s's contingent withdrawn on %(day)s") % {"state": code, "day": on.isoformat()}
    else:
        withdraw_deployment(deployment, on, actor=CLI_ACTOR, reason=options["reason"])
        line = _("%(deployment)s withdrawn on %(day)s") % {
            "deployment": deployment.key,
            "day": on.isoformat(),
        }
    deployment.refresh_from_db()
    return deployment_data(deployment, user), [line]


def list_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--request", default=None, help="only this request's")
    parser.add_argument("--on", default=None, help="totals on this day (YYYY-MM-DD)")


def run_list(options: dict[str, Any]) -> Answer:
    """Every deployment, newest first, with its totals."""
    found = Deployment.objects.restrict(SYSTEM_USER).select_related("formation", "host", "request")
    if options["request"]:
        found = found.filter(request__key=options["request"])
    on = parse_date(options["on"], "--on") if options["on"] else None
    rows = [deployment_data(deployment, SYSTEM_USER, on) for deployment in found]
    lines = [
        f"{row['key']}: {row['formation']} → {row['host']} {row['deployed_on']}–{row['withdrawn_on'] or ''} "
        f"({row['totals']['personnel']})"
        for row in rows
    ] or [_("no deployments")]
    return {"deployments": rows}, lines


VERBS = [
    Verb("deploy", "send a state's contingent of a formation under a request", deploy_arguments, run_deploy),
    Verb("withdraw-deployment", "withdraw a deployment or one contingent", withdraw_arguments, run_withdraw),
    Verb("deployments", "list the deployments", list_arguments, run_list),
]

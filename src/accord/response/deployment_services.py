"""Deployments of the collective forces: a formation sent to a state, its national contingents (each
state's part as figures, admitted by the capacity the charter gives its status in operations), its
phases, and withdrawal — of one contingent or of the whole deployment, recorded, never deleted.

No names anywhere: contingents are states and figures, phases and tasks are checked for names of people.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import require, require_add
from accord.core.audit import Actor, save_with_record
from accord.core.validation import check_fields
from accord.decisions.models import AgendaItem
from accord.forces.capacity import Activity, Capacity, admits, capacity
from accord.forces.models import Formation
from accord.forces.no_names import names_in
from accord.response import lifecycle
from accord.response.errors import ResponseError
from accord.response.models import Channel, Contingent, Deployment, DeploymentPhase, Request, RequestStatus
from accord.response.models.deployments import MAX_STRENGTH

CLOSED = frozenset({RequestStatus.DECLINED, RequestStatus.WITHDRAWN, RequestStatus.DRAFT})


@dataclass
class ContingentPlan:
    """One state's contingent as asked: its figures and dates, and where the deployment goes."""

    state: State
    personnel: int
    deployed_on: datetime.date
    withdrawn_on: datetime.date | None = None
    equipment: int | None = None
    host: State | None = None
    mandate: AgendaItem | None = None
    source: str = ""


def check_figure(value: int | None, field: str, *, least: int = 0) -> int | None:
    """A figure of people or equipment: a whole number within reason (a typing error otherwise)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= MAX_STRENGTH:
        raise ResponseError(
            _("a figure is a whole number from %(least)s to %(most)s")
            % {"least": least, "most": MAX_STRENGTH},
            field=field,
        )
    return value


def check_no_names(text: str, field: str) -> str:
    """A free text as written, refused when it reads like names of people (no dossiers)."""
    found = names_in(text)
    if found:
        raise ResponseError(
            _("deployments are recorded as units and figures, never named people; this reads like %(what)s")
            % {"what": found},
            field=field,
        )
    return text


def check_mandate(item: AgendaItem | None, deployed_on: datetime.date) -> None:
    """A mandate is a decision taken: an agenda item adopted, at a session held before the deployment."""
    if item is None:
        return
    if item.outcome != AgendaItem.Outcome.ADOPTED:
        raise ResponseError(
            _("the mandate must be an adopted decision; this item is %(outcome)s")
            % {"outcome": AgendaItem.Outcome(item.outcome).label},
            field="mandate",
        )
    if item.session.date > deployed_on:
        raise ResponseError(_("the mandate was decided after the deployment began"), field="mandate")


def check_capacity(state: State, start: datetime.date, end: datetime.date | None) -> str:
    """The state takes part in operations over the dates (the charter's capacity), with the reasons."""
    answer = capacity(state.code, start, end, Activity.OPERATIONS)
    language = translation.get_language() or "en"
    said = " ".join(reason.render(_, language) for reason in answer.reasons)
    if not admits(answer, Capacity.PARTICIPANT):
        raise ResponseError(said or _("the charter gives its status no part in operations"), field="state")
    return " ".join(reason.render() for reason in answer.reasons)


def check_dates(plan: ContingentPlan) -> None:
    """A contingent withdraws on or after it deploys."""
    if plan.withdrawn_on is not None and plan.withdrawn_on < plan.deployed_on:
        raise ResponseError(_("a contingent cannot withdraw before it deploys"), field="withdrawn_on")


def within(deployment: Deployment, plan: ContingentPlan) -> None:
    """A contingent's dates lie within its deployment's."""
    if plan.deployed_on < deployment.deployed_on:
        raise ResponseError(
            _("the deployment began on %(day)s; a contingent cannot deploy before it")
            % {"day": deployment.deployed_on.isoformat()},
            field="deployed_on",
        )
    ends = deployment.withdrawn_on
    if ends is not None and (plan.deployed_on > ends or (plan.withdrawn_on or ends) > ends):
        raise ResponseError(
            _("the deployment was withdrawn on %(day)s; a contingent's dates lie within the deployment's")
            % {"day": ends.isoformat()},
            field="withdrawn_on",
        )


def new_key(request: Request, formation: Formation) -> str:
    """A key not yet taken: the request's and the formation's, numbered when a second one is sent."""
    base = f"{request.key}-{formation.key}"[:90]
    key, number = base, 1
    while Deployment.objects.filter(key=key).exists():
        number += 1
        key = f"{base}-{number}"
    return key


def open_deployment(request: Request, formation: Formation) -> Deployment | None:
    """The request's deployment of the formation that has not been withdrawn."""
    return (
        Deployment.objects.filter(request=request, formation=formation, withdrawn_on__isnull=True)
        .order_by("deployed_on", "id")
        .first()
    )


def start_deployment(
    request: Request, formation: Formation, plan: ContingentPlan, *, actor: Actor
) -> Deployment:
    """The first contingent sends the formation: a new deployment labelled as the request is."""
    require_add(actor.access_user, Deployment)
    deployment = Deployment(formation=formation, request=request)
    fields = {
        "key": new_key(request, formation),
        "crisis": request.crisis,
        "mandate": plan.mandate,
        "host": plan.host or request.state,
        "deployed_on": plan.deployed_on,
        "source_text": plan.source,
        "classification": request.classification,
        "releasability": request.releasability,
        "release_to": request.release_to,
    }
    save_with_record(deployment, actor=actor, fields=check_fields(deployment, fields, ResponseError))
    return deployment


@transaction.atomic
def deploy(
    request: Request, formation: Formation, plan: ContingentPlan, *, actor: Actor, reason: str = ""
) -> Contingent:
    """Add a state's contingent to the request's deployment of ``formation``, sending the formation on
    first use; the state must take part in operations over the contingent's dates."""
    if request.status in CLOSED:
        raise ResponseError(
            _("a request that is %(status)s sends no forces")
            % {"status": RequestStatus(request.status).label},
            field="request",
        )
    check_decided(request, plan.deployed_on)
    check_figure(plan.personnel, "personnel", least=1)
    check_figure(plan.equipment, "equipment")
    check_no_names(plan.source, "source")
    check_dates(plan)
    if plan.mandate is None and request.decision_item_id:
        plan = replace(plan, mandate=request.decision_item)  # the decision that approved the request
    check_mandate(plan.mandate, plan.deployed_on)
    why = check_capacity(plan.state, plan.deployed_on, plan.withdrawn_on)
    deployment = open_deployment(request, formation)
    if deployment is None:
        deployment = start_deployment(request, formation, plan, actor=actor)
    else:
        require(actor.access_user, deployment, "change")
        refuse_other_host(deployment, plan)
        if plan.mandate is not None and deployment.mandate_id is None:
            save_with_record(deployment, actor=actor, reason=reason, fields={"mandate": plan.mandate})
    within(deployment, plan)
    refuse_second(deployment, plan)
    contingent = Contingent(deployment=deployment, state=plan.state)
    fields = {
        "personnel": plan.personnel,
        "equipment": plan.equipment,
        "deployed_on": plan.deployed_on,
        "withdrawn_on": plan.withdrawn_on,
    }
    save_with_record(
        contingent, actor=actor, reason=reason or why, fields=check_fields(contingent, fields, ResponseError)
    )
    return contingent


def check_decided(request: Request, day: datetime.date) -> None:
    """The collective forces go only where the Organization decided to send help: a request through
    the Organization, approved (wholly or in part) on the day the contingent deploys."""
    if request.channel != Channel.ORGANIZATION:
        raise ResponseError(
            _("the collective forces are sent on a request through the Organization, not a bilateral one"),
            field="request",
        )
    if lifecycle.status_on(request, day) not in lifecycle.DELIVERABLE:
        raise ResponseError(
            _("on %(day)s the request had not been approved: the forces are sent after the decision")
            % {"day": day.isoformat()},
            field="deployed_on",
        )


def refuse_other_host(deployment: Deployment, plan: ContingentPlan) -> None:
    """A deployment goes to one state."""
    if plan.host is not None and plan.host.pk != deployment.host_id:
        raise ResponseError(
            _("this deployment goes to %(state)s") % {"state": deployment.host.code}, field="host"
        )


def refuse_second(deployment: Deployment, plan: ContingentPlan) -> None:
    """A state has one contingent in a deployment at a time (withdraw it before sending another)."""
    present = deployment.contingents.filter(state=plan.state, withdrawn_on__isnull=True).exists()
    if present:
        raise ResponseError(
            _("%(state)s already has a contingent in this deployment; withdraw it first")
            % {"state": plan.state.code},
            field="state",
        )


@transaction.atomic
def withdraw_contingent(
    contingent: Contingent, on: datetime.date, *, actor: Actor, reason: str = ""
) -> Contingent:
    """A contingent comes home on ``on``: recorded, never deleted."""
    deployment = contingent.deployment
    require(actor.access_user, deployment, "change")
    if contingent.withdrawn_on is not None:
        raise ResponseError(
            _("this contingent was withdrawn on %(day)s") % {"day": contingent.withdrawn_on.isoformat()},
            field="contingent",
        )
    if on < contingent.deployed_on:
        raise ResponseError(_("a contingent cannot withdraw before it deploys"), field="on")
    check_no_names(reason, "reason")
    save_with_record(contingent, actor=actor, reason=reason, fields={"withdrawn_on": on})
    return contingent


@transaction.atomic
def withdraw_deployment(
    deployment: Deployment, on: datetime.date, *, actor: Actor, reason: str = ""
) -> Deployment:
    """The whole deployment ends on ``on``: every contingent still there withdraws with it."""
    require(actor.access_user, deployment, "change")
    if deployment.withdrawn_on is not None:
        raise ResponseError(
            _("this deployment was withdrawn on %(day)s") % {"day": deployment.withdrawn_on.isoformat()},
            field="deployment",
        )
    check_no_names(reason, "reason")
    latest = max([deployment.deployed_on, *(c.deployed_on for c in deployment.contingents.all())])
    if on < latest:
        raise ResponseError(
            _("the last contingent deployed on %(day)s; the deployment cannot end before that")
            % {"day": latest.isoformat()},
            field="on",
        )
    late = deployment.contingents.filter(withdrawn_on__gt=on)
    if late.exists():
        raise ResponseError(_("a contingent is recorded as withdrawing after that day"), field="on")
    for contingent in deployment.contingents.filter(withdrawn_on__isnull=True):
        save_with_record(contingent, actor=actor, reason=reason, fields={"withdrawn_on": on})
    save_with_record(deployment, actor=actor, reason=reason, fields={"withdrawn_on": on})
    return deployment


@transaction.atomic
def add_phase(
    deployment: Deployment,
    name_en: str,
    starts_on: datetime.date,
    *,
    actor: Actor,
    name_ru: str = "",
    ends_on: datetime.date | None = None,
) -> DeploymentPhase:
    """A phase of the deployment (deployment, tasks, withdrawal), within its dates."""
    require(actor.access_user, deployment, "change")
    check_no_names(name_en, "name_en")
    check_no_names(name_ru, "name_ru")
    if starts_on < deployment.deployed_on or (
        deployment.withdrawn_on is not None and (ends_on or starts_on) > deployment.withdrawn_on
    ):
        raise ResponseError(_("a phase lies within the deployment's dates"), field="starts_on")
    phase = DeploymentPhase(deployment=deployment)
    fields = {"name_en": name_en, "name_ru": name_ru, "starts_on": starts_on, "ends_on": ends_on}
    save_with_record(phase, actor=actor, fields=check_fields(phase, fields, ResponseError))
    return phase


def totals(deployment: Deployment, day: datetime.date | None = None) -> dict[str, int]:
    """Personnel and equipment of the contingents there on ``day`` (all of them when None)."""
    personnel = equipment = 0
    for contingent in deployment.contingents.all():
        present = day is None or (
            contingent.deployed_on <= day
            and (contingent.withdrawn_on is None or contingent.withdrawn_on > day)
        )
        if present:
            personnel += contingent.personnel or 0
            equipment += contingent.equipment or 0
    return {"personnel": personnel, "equipment": equipment}

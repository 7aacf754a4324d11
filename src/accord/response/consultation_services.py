"""Consultations on a request, and the decision that settles it.

A consultation is a :class:`accord.decisions.models.Session` of the body that holds it (the CRC, the
Secretariat and the Joint Staff are charter bodies that do not decide; a council may consult too),
created through :func:`accord.decisions.services.create_session` so that its participants, agenda
and minutes are those of any session, plus a :class:`Consultation` record (the request, the crisis,
the outcome: a proposal to a body) and its participants that are not states.

The decisions rule that only unclassified matters go by secure video conference (from the sources)
holds here too: a video consultation is RESTRICTED at most.

The decision is an agenda item of a session of the body the request's basis names, decided by that
body's rule as any item is; :func:`decide` links it and moves the request to the status its outcome
gives.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accord.charter import rules as charter_rules
from accord.charter.facts import load_facts
from accord.charter.models import Body, State
from accord.core.access import require
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification, release_list
from accord.core.validation import check_fields
from accord.decisions.models import AgendaItem, Participant, Session
from accord.decisions.services import UNCLASSIFIED_LEVELS, add_agenda_item, create_session
from accord.forces.no_names import looks_like_names, names_in
from accord.response import lifecycle
from accord.response.errors import ResponseError
from accord.response.models import Channel, Consultation, ConsultationAttendee, Request, RequestStatus

S = RequestStatus
# The capacities in which a state sits at a consultation; the charter file gives frozen and former
# members none (``capacity_on`` answers None for them) — they are refused with its reason.
SEATED = frozenset(
    {
        Participant.Capacity.MEMBER,
        Participant.Capacity.PARTNER,
        Participant.Capacity.OBSERVER,
        Participant.Capacity.SUSPENDED,
    }
)
# What an agenda item's outcome makes of the request (decisions has no "adopted in part": a partial
# approval is recorded as adopted with the lines it covers in the outcome note).
OUTCOME_STATUS = {
    AgendaItem.Outcome.ADOPTED: S.APPROVED,
    AgendaItem.Outcome.NOT_ADOPTED: S.DECLINED,
}


@dataclass
class ConsultationPlan:
    """What a consultation is to be: who holds it, when and how, who takes part, what it proposes."""

    body: Body
    on: datetime.date
    format: str = Session.Format.IN_PERSON
    kind: str = Session.Kind.REGULAR
    states: list[State] = field(default_factory=list)
    attendee_bodies: list[Body] = field(default_factory=list)
    attendees: list[tuple[str, str]] = field(default_factory=list)  # (English, Russian) descriptions
    outcome_en: str = ""
    outcome_ru: str = ""
    proposal_to: Body | None = None
    proposal_session: Session | None = None
    classification: int = Classification.RESTRICTED
    releasability: str = "members-only"
    release_to: list[str] = field(default_factory=list)
    source: str = ""


def reasons_text(answer: Any) -> str:
    """The reasons of a charter answer as one sentence in the active language."""
    language = translation.get_language() or "en"
    return " ".join(reason.render(_, language) for reason in answer.reasons)


def check_seats(states: list[State], on: datetime.date) -> None:
    """Every state takes part in the capacity its status gives it that day; one with none is refused
    with the charter's reason (a frozen member, a former member, a state with no status)."""
    facts = load_facts()
    for state in states:
        answer = charter_rules.capacity_on(facts, state.code, on)
        if answer.value is None or answer.value not in SEATED:
            said = reasons_text(answer) or _("its status gives it no seat")
            raise ResponseError(
                _("%(state)s cannot take part in the consultation: %(why)s")
                % {"state": state.code, "why": said},
                field="states",
            )


def check_format(plan: ConsultationPlan) -> None:
    """Only unclassified matters go by secure video conference (the decisions rule, from the sources)."""
    if plan.format == Session.Format.VIDEO and plan.classification not in UNCLASSIFIED_LEVELS:
        raise ResponseError(
            _(
                "only unclassified matters are discussed by video conference: "
                "a video consultation is RESTRICTED at most"
            ),
            field="classification",
        )
    if plan.format not in Session.Format.values:
        raise ResponseError(
            _("%(value)s is not a format of a session") % {"value": plan.format}, field="format"
        )
    if plan.kind not in Session.Kind.values:
        raise ResponseError(_("%(value)s is not a kind of session") % {"value": plan.kind}, field="kind")


def check_free_text(text: str, name: str) -> str:
    """A description or outcome as written, refused when it reads like names of people (no dossiers)."""
    found = looks_like_names(text) if name == "attendees" else names_in(text)
    if found:
        raise ResponseError(
            _("consultations record services and bodies, never named people; this reads like %(what)s")
            % {"what": found},
            field=name,
        )
    return text


def check_proposal(plan: ConsultationPlan) -> None:
    """A proposal goes to a body that decides; an agenda item is put on a session of that body."""
    if plan.proposal_session is not None:
        if plan.proposal_to is None:
            plan.proposal_to = plan.proposal_session.body
        if plan.proposal_session.body_id != plan.proposal_to.pk:
            raise ResponseError(
                _("the session is not a session of the body the proposal goes to"), field="proposal_session"
            )
    if plan.proposal_to is not None and plan.proposal_to.decision_rule == Body.DecisionRule.NONE:
        raise ResponseError(
            _("%(body)s does not decide; propose to a body that does") % {"body": plan.proposal_to.name},
            field="proposal_to",
        )


def session_values(request: Request, plan: ConsultationPlan) -> dict[str, Any]:
    """The session a consultation is: the holding body, the day, format and kind, its labels."""
    return {
        "body": plan.body,
        "title_en": f"Consultation: {request.title_en}"[:300],
        "title_ru": f"Консультации: {request.title_ru or request.title_en}"[:300],
        "date": plan.on,
        "format": plan.format,
        "kind": plan.kind,
        "classification": plan.classification,
        "releasability": plan.releasability,
        "release_to": release_list(plan.release_to),
    }


@transaction.atomic
def hold_consultation(
    request: Request, plan: ConsultationPlan, *, actor: Actor, reason: str = ""
) -> Consultation:
    """Record a consultation on ``request``; a submitted request moves to under consultation."""
    require(actor.access_user, request, "change")
    if plan.on < request.requested_on:
        raise ResponseError(_("a consultation cannot be held before the request was made"), field="on")
    check_format(plan)
    check_seats(plan.states, plan.on)
    check_proposal(plan)
    for number, (english, russian) in enumerate(plan.attendees):
        check_free_text(english, "attendees")
        check_free_text(russian, "attendees")
        if not english.strip() and not russian.strip():
            raise ResponseError(_("say who attended (line %(n)s)") % {"n": number + 1}, field="attendees")
    check_free_text(plan.outcome_en, "outcome")
    check_free_text(plan.outcome_ru, "outcome")
    session = create_session(session_values(request, plan), plan.states, actor=actor, reason=reason)
    consultation = Consultation(session=session, request=request)
    fields = {
        "crisis": request.crisis,
        "outcome_en": plan.outcome_en,
        "outcome_ru": plan.outcome_ru,
        "proposal_to": plan.proposal_to,
    }
    if plan.proposal_session is not None:
        title = plan.outcome_en or f"Request: {request.title_en}"
        fields["proposal_item"] = add_agenda_item(
            plan.proposal_session, title[:500], title_ru=plan.outcome_ru[:500], actor=actor
        )
    save_with_record(
        consultation, actor=actor, reason=reason, fields=check_fields(consultation, fields, ResponseError)
    )
    add_attendees(consultation, plan, actor=actor)
    if request.status == S.SUBMITTED:
        lifecycle.move(
            request,
            S.UNDER_CONSULTATION,
            on=plan.on,
            actor=actor,
            reason=reason,
            source=plan.source or str(session),
        )
    return consultation


def add_attendees(consultation: Consultation, plan: ConsultationPlan, *, actor: Actor) -> None:
    """The participants that are not states: bodies, and services described as groups."""
    for body in plan.attendee_bodies:
        save_with_record(ConsultationAttendee(consultation=consultation, body=body), actor=actor)
    for english, russian in plan.attendees:
        attendee = ConsultationAttendee(consultation=consultation)
        fields = check_fields(
            attendee, {"description_en": english or russian, "description_ru": russian}, ResponseError
        )
        save_with_record(attendee, actor=actor, fields=fields)


# ---------------------------------------------------------------------------------------------
# The decision
# ---------------------------------------------------------------------------------------------


def check_decision(request: Request, item: AgendaItem) -> str:
    """The status the item's outcome gives the request, or a refusal naming the field."""
    body = item.session.body
    decider = request.basis.decided_by
    if request.channel == Channel.ORGANIZATION and decider is not None and body.pk != decider.pk:
        raise ResponseError(
            _("a request on this basis through the Organization is decided by %(body)s, not %(other)s")
            % {"body": decider.name, "other": body.name},
            field="session",
        )
    if body.decision_rule == Body.DecisionRule.NONE:
        raise ResponseError(_("%(body)s does not decide") % {"body": body.name}, field="session")
    status = OUTCOME_STATUS.get(item.outcome)
    if status is None:
        raise ResponseError(
            _("the item is %(outcome)s: only an item adopted or not adopted decides a request")
            % {"outcome": AgendaItem.Outcome(item.outcome).label},
            field="item",
        )
    if item.session.date < request.requested_on:
        raise ResponseError(_("the session was held before the request was made"), field="session")
    return status


@transaction.atomic
def decide(request: Request, item: AgendaItem, *, actor: Actor, reason: str = "") -> Request:
    """Link the body's decision (an agenda item decided by the body's rule) to the request and move the
    request to approved or declined with the session's date, the item as the source."""
    require(actor.access_user, request, "change")
    status = check_decision(request, item)
    source = f"{item.session}, item {item.number}"
    lifecycle.move(request, status, on=item.session.date, actor=actor, reason=reason, source=source)
    request.refresh_from_db()
    save_with_record(request, actor=actor, reason=reason, fields={"decision_item": item})
    return request


def positions_of(item: AgendaItem) -> list[dict[str, Any]]:
    """Every participating state's position on the decision (or that it recorded none)."""
    recorded = {position.state_id: position for position in item.positions.select_related("state")}
    rows = []
    for participant in item.session.participants.select_related("state").order_by("state__code"):
        position = recorded.get(participant.state_id)
        rows.append(
            {
                "state": participant.state.code,
                "capacity": participant.capacity,
                "capacity_label": participant.get_capacity_display(),
                "position": position.position if position else None,
                "position_label": position.get_position_display() if position else _("no position recorded"),
                "remark": position.remark if position else "",
            }
        )
    return rows

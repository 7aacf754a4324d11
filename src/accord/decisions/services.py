"""Every write to documents: checked against the writer's rights, and recorded."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accord.charter import rules as charter_rules
from accord.charter.facts import load_facts
from accord.charter.models import State
from accord.core.access import SYSTEM_USER, require, require_add
from accord.core.answers import Answer, reason_to_data
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification, Releasability, release_list
from accord.core.errors import ServiceError
from accord.core.validation import (
    InvalidValue,
    check_fields,
    check_state_code,
    require_within_reach,
)
from accord.decisions import rules as decision_rules
from accord.decisions.models import (
    AgendaItem,
    Amendment,
    Document,
    Measure,
    Minutes,
    MinutesVersion,
    Participant,
    Position,
    ProgressReport,
    Session,
)


class DocumentError(ServiceError):
    """A document cannot be saved as given; the message names the field."""


class SessionError(ServiceError):
    """A session, agenda item, minutes or measure cannot be recorded as given; the message names the field."""


def named_states(codes: list[str] | str) -> list[str]:
    """The codes of a release list, each of a state Accord knows (never an invented code)."""
    if isinstance(codes, str):
        codes = codes.replace(";", ",").split(",")
    cleaned = sorted({str(code).strip().upper() for code in codes if str(code).strip()})
    try:
        for code in cleaned:
            check_state_code(code)
    except InvalidValue as refusal:
        raise DocumentError(f"release_to: {refusal}") from None
    # Whether a code names a state is the system's check of the value, not a read shown to anyone.
    known = State.objects.restrict(SYSTEM_USER).filter(code__in=cleaned).values_list("code", flat=True)
    unknown = sorted(set(cleaned) - set(known))
    if unknown:
        raise DocumentError(f"release_to: no state has the code {unknown[0]}")
    return cleaned


def clean_release(values: dict[str, Any]) -> dict[str, Any]:
    """Named states are needed exactly when the releasability is "named states", and must be real."""
    values = dict(values)
    named = values.get("releasability") == Releasability.NAMED_STATES
    codes = named_states(values.get("release_to") or []) if named else []
    if named and not codes:
        raise DocumentError(
            "release_to: name at least one state when the document is released to named states"
        )
    values["release_to"] = release_list(codes)
    return values


@transaction.atomic
def create_document(values: dict[str, Any], *, actor: Actor, reason: str = "") -> Document:
    """Create a document, if the actor may write one (for their own state, for liaison officers)."""
    state = values.get("state")
    require_add(actor.access_user, Document, state.code if state else None)
    document = Document()
    fields = check_fields(document, clean_release(values), DocumentError)
    save_with_record(document, actor=actor, reason=reason, fields=fields)
    require_within_reach(actor.access_user, document)
    return document


@transaction.atomic
def update_document(document: Document, values: dict[str, Any], *, actor: Actor, reason: str = "") -> bool:
    """Change a document the actor may change; returns whether anything changed."""
    require(actor.access_user, document, "change")
    fields = check_fields(document, clean_release(values), DocumentError)
    changed = save_with_record(document, actor=actor, reason=reason, fields=fields)
    require_within_reach(actor.access_user, document)
    return changed


# ---------------------------------------------------------------------------------------------
# Sessions, agenda items and decisions
# ---------------------------------------------------------------------------------------------

UNCLASSIFIED_LEVELS = (Classification.PUBLIC, Classification.RESTRICTED)


def capacity_on(state: State, day: datetime.date, facts: Any) -> str:
    """The capacity a state's status on the day gives it at a session (the charter's rule); no
    status, no seat."""
    capacity = charter_rules.capacity_on(facts, state.code, day).value
    if capacity is None:
        raise SessionError(
            f"participants: {state.code} holds no status in the Organization on {day} and cannot take part"
        )
    return Participant.Capacity(capacity)


@transaction.atomic
def create_session(
    values: dict[str, Any], participants: list[State], *, actor: Actor, reason: str = ""
) -> Session:
    """Record a session and its participants, each in the capacity its status gives it that day."""
    require_add(actor.access_user, Session)
    if (
        values.get("format") == Session.Format.VIDEO
        and values.get("classification") not in UNCLASSIFIED_LEVELS
    ):
        raise SessionError("classification: only unclassified matters are discussed by video conference")
    session = Session()
    save_with_record(session, actor=actor, reason=reason, fields=check_fields(session, values, SessionError))
    require_within_reach(actor.access_user, session)
    require(actor.access_user, session, "change")  # a scoped writer only within its scope
    facts = load_facts()
    for state in participants:
        participant = Participant(
            session=session, state=state, capacity=capacity_on(state, session.date, facts)
        )
        save_with_record(participant, actor=actor, reason=reason)
    return session


@transaction.atomic
def add_agenda_item(
    session: Session, title_en: str, *, actor: Actor, title_ru: str = "", sources: list[str] | None = None
) -> AgendaItem:
    """Add the next item to a session's agenda."""
    require(actor.access_user, session, "change")
    number = (session.agenda.aggregate(top=Max("number"))["top"] or 0) + 1
    item = AgendaItem(session=session, number=number)
    fields = {"title_en": title_en, "title_ru": title_ru, "source_keys": sources or []}
    save_with_record(item, actor=actor, fields=check_fields(item, fields, SessionError))
    return item


def voters_for(session: Session) -> list[decision_rules.Voter]:
    """The participants as the decision rule sees them (their status on the session's day and what
    the charter file lets it do), and the parties to the Treaty whose status gives them no seat, so
    that the outcome says why the decision is taken without them."""
    facts = load_facts()
    present = [
        voter_of(facts, item.state.code, item.state.bilingual_name, session.date)
        for item in session.participants.select_related("state")
    ]
    seated = {voter.state for voter in present}
    absent = [
        voter_of(facts, code, facts.name(code), session.date, present=False)
        for code in facts.holding("", session.date, member_state=True)
        if code not in seated and not charter_rules.capacity_on(facts, code, session.date).value
    ]
    return present + absent


def voter_of(
    facts: charter_rules.CharterFacts, code: str, name: Any, on: datetime.date, *, present: bool = True
) -> decision_rules.Voter:
    """A state at a decision as the rule sees it on the day."""
    status = charter_rules.status_of(facts, code, on).value
    kind = facts.kind(status)
    return decision_rules.Voter(code, name, status, kind.powers, kind.sources, present)


@transaction.atomic
def decide_agenda_item(
    item: AgendaItem, positions: dict[str, tuple[str, str]], *, actor: Actor, reason: str = ""
) -> Answer:
    """Record each participant's position and apply the body's decision rule, keeping the reasons."""
    session = item.session
    require(actor.access_user, session, "change")
    participants = {
        participant.state.code: participant.state
        for participant in session.participants.select_related("state")
    }
    for code, (position, remark) in positions.items():
        if code not in participants:
            raise SessionError(f"positions: {code} did not take part in this session")
        if position not in decision_rules.POSITIONS:
            raise SessionError(
                f"positions: {position!r} is not a position ({', '.join(decision_rules.POSITIONS)})"
            )
        record = Position.objects.filter(item=item, state=participants[code]).first() or Position(
            item=item, state=participants[code]
        )
        fields = check_fields(record, {"position": position, "remark": remark}, SessionError)
        save_with_record(record, actor=actor, reason=reason, fields=fields)
    recorded = {position.state.code: position.position for position in item.positions.select_related("state")}
    answer = decision_rules.decide(session.body.decision_rule, voters_for(session), recorded)
    save_with_record(
        item,
        actor=actor,
        reason=reason,
        fields={"outcome": answer.value, "outcome_reasons": [reason_to_data(why) for why in answer.reasons]},
    )
    return answer


def participant_state(item: AgendaItem, code: str) -> State:
    """The participating state with this code, or a refusal naming the field."""
    participant = item.session.participants.select_related("state").filter(state__code=code.upper()).first()
    if participant is None:
        raise SessionError(f"state: {code} did not take part in this session")
    return participant.state


@transaction.atomic
def record_position(
    item: AgendaItem, code: str, position: str, remark: str = "", *, actor: Actor, reason: str = ""
) -> Answer:
    """Record one state's position on an item, or correct it: a correction needs a reason, the earlier
    position stays in the change record (shown with the item), and the body's rule decides again."""
    state = participant_state(item, code)
    earlier = Position.objects.filter(item=item, state=state).first()
    corrects = earlier is not None and (earlier.position, earlier.remark) != (position, remark)
    if corrects and not reason.strip():
        raise SessionError(
            f"reason: {state.code} already has a position on this item ({earlier.position}); "
            "say why it is corrected"
        )
    return decide_agenda_item(item, {state.code: (position, remark)}, actor=actor, reason=reason)


# ---------------------------------------------------------------------------------------------
# Minutes
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def draft_minutes(session: Session, text: str, *, actor: Actor, on: datetime.date | None = None) -> Minutes:
    """Draft the minutes of a session, linked to the minutes of the body's previous session; the
    draft is the first version of their text."""
    require(actor.access_user, session, "change")
    if Minutes.objects.filter(session=session).exists():
        raise SessionError("minutes: this session already has minutes; amend them instead")
    previous = (
        Minutes.objects.filter(session__body=session.body, session__date__lt=session.date)
        .order_by("-session__date")
        .first()
    )
    minutes = Minutes(session=session)
    fields = check_fields(minutes, {"text": text, "previous": previous}, SessionError)
    save_with_record(minutes, actor=actor, fields=fields)
    first_version(minutes, actor=actor, on=on or timezone.localdate())
    return minutes


def first_version(minutes: Minutes, *, actor: Actor, on: datetime.date) -> MinutesVersion:
    """The minutes' text as first recorded (for minutes loaded before versions were kept, the text
    as it stands when the first amendment is accepted)."""
    existing = minutes.versions.order_by("number").first()
    if existing is not None:
        return existing
    version = MinutesVersion(minutes=minutes, number=1, text=minutes.text, recorded_on=on)
    save_with_record(version, actor=actor)
    return version


def open_for_amendment(minutes: Minutes) -> None:
    """Approved minutes no longer change."""
    if minutes.status == Minutes.Status.APPROVED:
        raise SessionError("minutes: approved minutes cannot be amended")


@transaction.atomic
def propose_amendment(
    minutes: Minutes, state: State, text: str, on: datetime.date, *, actor: Actor, replaces: str = ""
) -> Amendment:
    """A participating state proposes an amendment to draft minutes: new wording for a passage
    (``replaces``), or a passage to add at the end."""
    require_add(actor.access_user, Amendment, state.code)
    open_for_amendment(minutes)
    if not minutes.session.participants.filter(state=state).exists():
        raise SessionError(f"amendment: {state.code} did not take part in the session")
    if replaces and replaces not in minutes.text:
        raise SessionError("replaces: the minutes contain no such passage (copy it exactly)")
    amendment = Amendment(minutes=minutes, state=state)
    fields = check_fields(amendment, {"text": text, "proposed_on": on, "replaces": replaces}, SessionError)
    save_with_record(amendment, actor=actor, fields=fields)
    return amendment


def amended_text(text: str, amendment: Amendment) -> str:
    """The minutes' text with the amendment worked in."""
    if not amendment.replaces:
        return f"{text.rstrip()}\n\n{amendment.text}"
    if amendment.replaces not in text:
        raise SessionError(
            "replaces: the passage this amendment rewords is no longer in the minutes; "
            "reject it and propose it again"
        )
    return text.replace(amendment.replaces, amendment.text, 1)


def still_open(amendment: Amendment) -> None:
    """An amendment is handled once: accepted or rejected."""
    if amendment.accepted or amendment.rejected:
        state = "accepted" if amendment.accepted else "rejected"
        raise SessionError(f"amendment: already {state}")


@transaction.atomic
def accept_amendment(
    amendment: Amendment, *, actor: Actor, on: datetime.date | None = None
) -> MinutesVersion:
    """Work an amendment into the minutes' text; the text before it stays as the previous version."""
    minutes = Minutes.objects.select_for_update().get(pk=amendment.minutes_id)
    require(actor.access_user, minutes.session, "change")
    open_for_amendment(minutes)
    still_open(amendment)
    on = on or timezone.localdate()
    first_version(minutes, actor=actor, on=on)
    text = amended_text(minutes.text, amendment)
    number = (minutes.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    version = MinutesVersion(
        minutes=minutes,
        number=number,
        text=text,
        amendment=amendment,
        proposed_by=amendment.state,
        recorded_on=on,
    )
    save_with_record(amendment, actor=actor, fields={"accepted": True})
    save_with_record(
        minutes,
        actor=actor,
        reason=f"amendment proposed by {amendment.state.code} accepted",
        fields={"status": Minutes.Status.AMENDED, "text": text},
    )
    save_with_record(version, actor=actor)
    return version


@transaction.atomic
def reject_amendment(amendment: Amendment, *, actor: Actor, reason: str = "") -> None:
    """Decline an amendment: the minutes keep their text, the amendment stays on record as rejected."""
    minutes = amendment.minutes
    require(actor.access_user, minutes.session, "change")
    open_for_amendment(minutes)
    still_open(amendment)
    save_with_record(amendment, actor=actor, reason=reason, fields={"rejected": True})


@transaction.atomic
def approve_minutes(minutes: Minutes, on: datetime.date, *, actor: Actor) -> None:
    """Approve the minutes; after that they no longer change."""
    require(actor.access_user, minutes.session, "change")
    if minutes.status == Minutes.Status.APPROVED:
        raise SessionError(f"minutes: already approved on {minutes.approved_on}")
    if on < minutes.session.date:
        raise SessionError("approved on: minutes cannot be approved before the session took place")
    check_fields(minutes, {"approved_on": on}, SessionError)
    open_amendments = minutes.amendments.filter(accepted=False, rejected=False).count()
    if open_amendments:
        raise SessionError(f"minutes: {open_amendments} amendment(s) still to be accepted or rejected")
    save_with_record(minutes, actor=actor, fields={"status": Minutes.Status.APPROVED, "approved_on": on})


# ---------------------------------------------------------------------------------------------
# Measures
# ---------------------------------------------------------------------------------------------


@transaction.atomic
def add_measure(
    program: Document,
    number: str,
    text_en: str,
    *,
    actor: Actor,
    text_ru: str = "",
    deadline: datetime.date | None = None,
    states: list[State] | None = None,
    bodies: list[Any] | None = None,
    sources: list[str] | None = None,
) -> Measure:
    """Add a measure to a program or list of measures."""
    require(actor.access_user, program, "change")
    if program.kind not in (
        Document.Kind.PROGRAM,
        Document.Kind.LIST_OF_MEASURES,
        Document.Kind.PLAN,
        Document.Kind.STRATEGY,
    ):
        raise SessionError("program: measures belong to a program, plan, strategy or list of measures")
    measure = Measure.objects.filter(program=program, number=number).first() or Measure(
        program=program, number=number
    )
    fields = {"text_en": text_en, "text_ru": text_ru, "deadline": deadline, "source_keys": sources or []}
    save_with_record(measure, actor=actor, fields=check_fields(measure, fields, SessionError))
    measure.responsible_states.set(states or [])
    measure.responsible_bodies.set(bodies or [])
    return measure


@transaction.atomic
def report_progress(
    measure: Measure,
    day: datetime.date,
    text: str,
    *,
    actor: Actor,
    state: State | None = None,
    done: bool = False,
) -> ProgressReport:
    """A dated progress report; ``done`` marks the measure carried out that day, which changes the
    measure itself and so needs the right to change it (a state reporting its part does not close it)."""
    require_add(actor.access_user, ProgressReport, state.code if state else None)
    if done:
        require(actor.access_user, measure, "change")
    report = ProgressReport(measure=measure, state=state)
    save_with_record(
        report, actor=actor, fields=check_fields(report, {"date": day, "text": text}, SessionError)
    )
    if done:
        save_with_record(measure, actor=actor, fields=check_fields(measure, {"done_on": day}, SessionError))
    return report


def measure_status(measure: Measure, on: datetime.date) -> Answer:
    """Where a measure stands on a date."""
    facts = decision_rules.MeasureFacts(
        measure.deadline,
        measure.done_on,
        measure.dropped_on,
        tuple(report.date for report in measure.reports.all()),
        measure.starts_on,
    )
    return decision_rules.measure_status(facts, on)

"""Recording a change of a state's status, checked against the charter's rules.

Granting observer, partner or member status runs the admission criteria on that date; suspending,
freezing or ending a membership needs a party to the Treaty. A change the rules refuse is refused
with the rule's reasons, unless the person records an override with its reason (and, where there is
one, the decision behind it): the override is kept on the status and shown wherever it appears.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.presenters import reasons_text
from accord.charter.services import CharterError, checked_text, ensure_source
from accord.core.access import require_add
from accord.core.answers import Answer, Reason, gettext_noop
from accord.core.audit import Actor, save_with_record
from accord.core.labels import StateStatus
from accord.core.validation import check_fields

PARTY_CHANGES = (StateStatus.SUSPENDED, StateStatus.FROZEN, StateStatus.FORMER)


class RuleRefusal(CharterError):
    """The charter's rules refuse the change; ``answer`` holds their reasons (an override may pass)."""

    def __init__(self, reason: str, answer: Answer, *, field: str | None = None) -> None:
        super().__init__(reason, field=field)
        self.answer = answer


@dataclass(frozen=True)
class StatusChange:
    """What a person asks to record."""

    state: charter.State
    status: str
    start: datetime.date
    source: str
    reason: str
    decision: str = ""
    override: str = ""


def check_change(facts: rules.CharterFacts, change: StatusChange) -> Answer:
    """Whether the charter's rules allow the change on its date: True, or False with the reasons."""
    code, status, on = change.state.code, change.status, change.start
    current = rules.status_of(facts, code, on)
    if current.value == status:
        reason = Reason(
            gettext_noop("%(state)s already is %(status)s on %(date)s."),
            {"state": facts.name(code), "status": rules.status_phrase(status), "date": on.isoformat()},
        )
        return Answer(False, (*current.reasons, reason))
    if status in rules.GRANTABLE_STATUSES:
        answer = rules.eligibility(facts, code, status, on)
        return Answer(answer.value["answer"] == rules.ELIGIBLE, answer.reasons)
    if status in PARTY_CHANGES and not facts.kind(current.value).member_state:
        reason = Reason(
            gettext_noop(
                "Only a party to the Treaty can become %(status)s; %(state)s is not one on %(date)s."
            ),
            {"state": facts.name(code), "status": rules.status_phrase(status), "date": on.isoformat()},
        )
        return Answer(False, (*current.reasons, reason))
    return Answer(True, current.reasons)


def checked_change(change: StatusChange) -> StatusChange:
    """The change with its texts checked; each refusal names its field."""
    if change.status not in StateStatus.__members__.values():
        known = ", ".join(StateStatus)
        raise CharterError(f"not a status; the statuses are {known}", field="status")
    reason = checked_text(change.reason, "reason").strip()
    if not reason:
        raise CharterError("say why the status changes (it is kept in the history)", field="reason")
    if not change.source.strip():
        raise CharterError("cite the source of the change", field="source")
    return StatusChange(
        change.state,
        change.status,
        change.start,
        change.source,
        reason,
        checked_text(change.decision, "decision").strip(),
        checked_text(change.override, "override").strip(),
    )


@transaction.atomic
def record_status(change: StatusChange, *, actor: Actor) -> tuple[charter.StateStatus, Answer]:
    """Record a state's new status from a date, ending the one it held; refused by the rules
    unless overridden. Returns the new status and the rules' answer (kept for the page)."""
    change = checked_change(change)
    require_add(actor.access_user, charter.StateStatus, change.state.code)
    facts = load_facts(actor.access_user)
    answer = check_change(facts, change)
    if not answer.value and not change.override:
        refusal = _(
            "the charter's rules refuse it: %(reasons)s "
            "Record an override with its reason to record it anyway."
        )
        raise RuleRefusal(refusal % {"reasons": " ".join(reasons_text(answer))}, answer, field="status")
    later = spans_of(actor, change.state).filter(valid_from__gt=change.start).order_by("valid_from").first()
    if later is not None:
        raise CharterError(
            f"a later status ({later.status} from {later.valid_from}) is recorded; "
            "record changes in the order they happened, or delete the later one first",
            field="start",
        )
    cited = ensure_source(change.source, actor=actor)
    decision = ensure_source(change.decision, actor=actor).key if change.decision else ""
    end_current(actor, change, cited.key)
    span = charter.StateStatus(state=change.state, status=change.status, valid_from=change.start)
    fields = {
        "note": change.reason,
        "source_keys": [cited.key],
        "decision_key": decision,
        "override_reason": change.override if not answer.value else "",
    }
    reason = f"status recorded from {cited.key}: {change.reason}"
    if fields["override_reason"]:
        reason += f" (override of the charter's rules: {change.override})"
    save_with_record(span, actor=actor, reason=reason, fields=check_fields(span, fields, CharterError))
    return span, answer


def spans_of(actor: Actor, state: charter.State):
    """The recorded statuses of a state, as the actor may see them."""
    return charter.StateStatus.objects.restrict(actor.access_user).filter(state=state)


def end_current(actor: Actor, change: StatusChange, source_key: str) -> None:
    """End the status held when the new one starts (the day it starts is the new one's)."""
    for span in spans_of(actor, change.state).filter(valid_to__isnull=True):
        if span.valid_from is not None and span.valid_from >= change.start:
            raise CharterError(
                f"the status {span.status} starts on {span.valid_from}; a new status must start later",
                field="start",
            )
        save_with_record(
            span,
            actor=actor,
            reason=f"ended by the status {change.status} from {change.start} ({source_key})",
            fields={"valid_to": change.start},
        )

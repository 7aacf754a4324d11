"""Recording what operations did: participants (their capacity from the charter) and results (figures
only), each write on the record, the series fed after every write.

Who may write: a result belongs to its state (``owner_state_field``), so a state's liaison officer
records, corrects and withdraws only their own state's results, and only while the charter gives the
state's status a right to take part; the Secretariat and the CRC write any (the access policy,
:func:`accord.core.access.require_add`). A figure of the whole operation (no state) is the
Organization's and is written by those who write any result.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER, require, require_add
from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification, Releasability, release_list
from accord.core.errors import ServiceError
from accord.core.validation import check_fields, require_within_reach
from accord.forces.capacity import Activity, Capacity, capacity
from accord.forces.models import (
    Indicator,
    Operation,
    OperationParticipant,
    OperationPhase,
    OperationResult,
    Qualifier,
)
from accord.forces.no_names import names_in
from accord.forces.operations.series import feed_operations

LARGEST = Decimal("99999999999.999")


class OperationError(ServiceError):
    """An operation's participant or result that cannot be recorded as asked."""


def operation_span(operation: Operation) -> tuple:
    """The first and last day of an operation, from its phases."""
    phases = list(OperationPhase.objects.filter(operation=operation))
    if not phases:
        raise OperationError(_("the operation has no phases, so no dates"), field="operation")
    return min(phase.start for phase in phases), max(phase.end for phase in phases)


def check_note(text: str, field: str = "note") -> str:
    """A note as written, refused when it reads like names of people."""
    found = names_in(text)
    if found:
        raise OperationError(
            _("results are figures and their notes name no one; this reads like %(what)s") % {"what": found},
            field=field,
        )
    return text


def check_value(value: Any) -> Decimal:
    """A figure: a number from zero up, with at most three decimals."""
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise OperationError(_("%(value)s is not a number") % {"value": value}, field="value") from None
    if not number.is_finite() or number < 0 or number > LARGEST or number != round(number, 3):
        raise OperationError(
            _("a figure is a number from 0 to %(largest)s with at most three decimals")
            % {"largest": LARGEST},
            field="value",
        )
    return number


@transaction.atomic
def add_participant(operation: Operation, state: State, *, actor: Actor, sources: list[str] | None = None):
    """A state joins an operation in the capacity the charter gives its status over the dates; a state
    that cannot take part is refused with the charter's rule."""
    require(actor.access_user, operation, "change")
    start, end = operation_span(operation)
    answer = capacity(state.code, start, end, Activity.OPERATIONS)
    reasons = " ".join(reason.render() for reason in answer.reasons)
    if answer.value is None:
        language = translation.get_language() or "en"
        said = " ".join(reason.render(_, language) for reason in answer.reasons)
        raise OperationError(said or _("the charter gives its status no part"), field="state")
    participant = OperationParticipant.objects.filter(operation=operation, state=state).first()
    participant = participant or OperationParticipant(operation=operation, state=state)
    fields = {
        "capacity": str(answer.value),
        "reason": reasons,
        "source_keys": sources or operation.source_keys,
    }
    save_with_record(participant, actor=actor, reason=_("joined the operation"), fields=fields)
    return participant


def indicator_of(operation: Operation, key: str) -> Indicator:
    """The indicator of the operation's type with that key, or a refusal naming the known ones."""
    found = Indicator.objects.filter(operation_type=operation.operation_type, key=key).first()
    if found is None:
        known = ", ".join(
            Indicator.objects.filter(operation_type=operation.operation_type).values_list("key", flat=True)
        )
        raise OperationError(
            _("%(key)s is not an indicator of %(type)s operations; they count: %(known)s")
            % {"key": key, "type": operation.operation_type.key, "known": known or "-"},
            field="indicator",
        )
    return found


def phase_of(operation: Operation, key: str) -> OperationPhase:
    found = OperationPhase.objects.filter(operation=operation, key=key).first()
    if found is None:
        known = ", ".join(OperationPhase.objects.filter(operation=operation).values_list("key", flat=True))
        raise OperationError(
            _("the operation has no phase %(key)s; its phases: %(known)s") % {"key": key, "known": known},
            field="phase",
        )
    return found


def taking_part(operation: Operation, state: State | None) -> None:
    """A state's result needs the state among the operation's participants (as a participant)."""
    if state is None:
        return
    participant = OperationParticipant.objects.filter(operation=operation, state=state).first()
    if participant is None or participant.capacity != Capacity.PARTICIPANT:
        raise OperationError(
            _("%(state)s does not take part in this operation; add it first (its capacity is checked)")
            % {"state": state.code},
            field="state",
        )


@transaction.atomic
def record_result(
    operation: Operation,
    *,
    phase: str,
    state: State | None,
    indicator: str,
    value: Any,
    source: str,
    actor: Actor,
    note: str = "",
    qualifier: str = Qualifier.EXACT,
    classification: int = Classification.RESTRICTED,
    releasability: str = Releasability.MEMBERS_ONLY,
    release_to: list[str] | None = None,
) -> OperationResult:
    """Record one figure of an operation for a phase and a state (or the whole operation)."""
    user = actor.access_user
    if not Operation.objects.filter(pk=operation.pk).restrict(user).exists():
        raise PermissionDenied(_("not allowed to see this operation"))
    require_add(user, OperationResult, state.code if state else None)
    chosen_phase = phase_of(operation, phase)
    chosen = indicator_of(operation, indicator)
    taking_part(operation, state)
    if not source.strip():
        raise OperationError(_("every figure needs its source"), field="source")
    if qualifier not in Qualifier.values:
        raise OperationError(
            _("one of: %(known)s") % {"known": ", ".join(Qualifier.values)}, field="qualifier"
        )
    clash = OperationResult.objects.filter(
        operation=operation, phase=chosen_phase, state=state, indicator=chosen, withdrawn=False
    ).first()
    if clash is not None:
        raise OperationError(
            _("this phase already has a figure for this state and indicator (%(value)s); correct it instead")
            % {"value": format(clash.value.normalize(), "f")},
            field="indicator",
        )
    result = OperationResult(operation=operation, phase=chosen_phase, state=state, indicator=chosen)
    fields = {
        "value": check_value(value),
        "qualifier": qualifier,
        "unit": chosen.unit,
        "source": source.strip(),
        "note": check_note(note),
        "classification": classification,
        "releasability": releasability,
        "release_to": release_list(release_to or []),
    }
    save_with_record(result, actor=actor, fields=check_fields(result, fields, OperationError))
    if actor.user is not None:
        require_within_reach(user, result)
    feed_operations([operation], actor=actor)
    return result


@transaction.atomic
def correct_result(
    result: OperationResult,
    *,
    actor: Actor,
    reason: str,
    value: Any = None,
    source: str | None = None,
    note: str | None = None,
    qualifier: str | None = None,
) -> OperationResult:
    """Correct a figure (its value, source, note or precision); the reason is kept with the change."""
    require(actor.access_user, result, "change")
    if result.withdrawn:
        raise OperationError(_("a withdrawn result is not corrected; record a new one"), field="result")
    if not reason.strip():
        raise OperationError(_("say why the figure is corrected"), field="reason")
    fields: dict[str, Any] = {}
    if value is not None:
        fields["value"] = check_value(value)
    if source is not None:
        if not source.strip():
            raise OperationError(_("every figure needs its source"), field="source")
        fields["source"] = source.strip()
    if note is not None:
        fields["note"] = check_note(note)
    if qualifier is not None:
        fields["qualifier"] = qualifier
    save_with_record(
        result,
        actor=actor,
        reason=check_note(reason, "reason"),
        fields=check_fields(result, fields, OperationError),
    )
    feed_operations([result.operation], actor=actor)
    return result


@transaction.atomic
def withdraw_result(result: OperationResult, *, actor: Actor, reason: str) -> OperationResult:
    """Withdraw a figure: it stays on the record, marked, and no longer counts anywhere."""
    require(actor.access_user, result, "change")
    if not reason.strip():
        raise OperationError(_("say why the figure is withdrawn"), field="reason")
    fields = {"withdrawn": True, "withdrawal_reason": check_note(reason, "reason")}
    save_with_record(result, actor=actor, reason=reason, fields=fields)
    feed_operations([result.operation], actor=actor)
    return result


def operation_for(user: Any, key: str) -> Operation | None:
    """The operation with that key, if the user may see it."""
    return (
        Operation.objects.restrict(user or SYSTEM_USER)
        .select_related("operation_type")
        .filter(key=key)
        .first()
    )

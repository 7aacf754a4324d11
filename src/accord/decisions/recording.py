"""Recording what sessions rest on and what programs achieve: sources, linked documents, measures.

Every write checks the writer's right to change the record it touches and goes into the change
record, like the other decisions services.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from accord.charter.models import Body, State
from accord.core.access import require
from accord.core.audit import Actor, record_change, save_with_record
from accord.core.models import ChangeRecord
from accord.core.sources import source_named
from accord.core.validation import check_fields
from accord.decisions.models import AgendaItem, Document, Measure, Session
from accord.decisions.services import SessionError, add_measure

PROGRAM_KINDS = (
    Document.Kind.PROGRAM,
    Document.Kind.LIST_OF_MEASURES,
    Document.Kind.PLAN,
    Document.Kind.STRATEGY,
)
MEASURE_FIELDS = ("text_en", "text_ru", "starts_on", "deadline", "done_on", "dropped_on")


@transaction.atomic
def add_source(record: Session | AgendaItem, text: str, *, actor: Actor, reason: str = "") -> str:
    """Cite a source for a session or an agenda item, found again by key or title (never duplicated);
    returns the source's key."""
    session = record if isinstance(record, Session) else record.session
    require(actor.access_user, session, "change")
    source = source_named(text, actor=actor, error=SessionError)
    if source.key not in record.source_keys:
        save_with_record(
            record, actor=actor, reason=reason, fields={"source_keys": [*record.source_keys, source.key]}
        )
    return source.key


@transaction.atomic
def link_document(
    document: Document, session: Session, *, actor: Actor, item: AgendaItem | None = None, reason: str = ""
) -> None:
    """Link a document to the session that adopted or signed it, and, if given, name it as the
    decision on one of that session's agenda items."""
    require(actor.access_user, session, "change")
    require(actor.access_user, document, "change")
    if item is not None and item.session_id != session.pk:
        raise SessionError(f"item: agenda item {item.pk} belongs to another session")
    save_with_record(document, actor=actor, reason=reason, fields={"session": session})
    if item is not None:
        save_with_record(item, actor=actor, reason=reason, fields={"decision": document})


def check_program(program: Document) -> None:
    """Measures belong to programs, plans, strategies and lists of measures."""
    if program.kind not in PROGRAM_KINDS:
        raise SessionError("program: measures belong to a program, plan, strategy or list of measures")


def check_dates(values: dict[str, Any]) -> None:
    """A measure is not done or dropped before it starts."""
    starts = values.get("starts_on")
    for name in ("done_on", "dropped_on", "deadline"):
        day = values.get(name)
        if starts and day and day < starts:
            raise SessionError(f"{name}: {day} is before the measure starts ({starts})")


@transaction.atomic
def create_measure(
    program: Document,
    number: str,
    values: dict[str, Any],
    *,
    actor: Actor,
    states: list[State] | None = None,
    bodies: list[Body] | None = None,
) -> Measure:
    """Add a new measure to a program (a number already used is refused, never overwritten)."""
    require(actor.access_user, program, "change")
    check_program(program)
    number = (number or "").strip()
    if not number:
        raise SessionError("number: give the measure a number")
    if Measure.objects.filter(program=program, number=number).exists():
        raise SessionError(f"number: the program already has a measure {number}; edit it instead")
    if not values.get("text_en"):
        raise SessionError("text_en: say what the measure is, in English")
    check_dates(values)
    measure = add_measure(
        program,
        number,
        values["text_en"],
        text_ru=values.get("text_ru", ""),
        deadline=values.get("deadline"),
        states=states,
        bodies=bodies,
        actor=actor,
    )
    extra = {name: values.get(name) for name in ("starts_on", "done_on", "dropped_on") if values.get(name)}
    if extra:
        save_with_record(measure, actor=actor, fields=check_fields(measure, extra, SessionError))
    return measure


@transaction.atomic
def update_measure(
    measure: Measure,
    values: dict[str, Any],
    *,
    actor: Actor,
    states: list[State] | None = None,
    bodies: list[Body] | None = None,
    reason: str = "",
) -> bool:
    """Change a measure's text, dates (its status follows from them) or who is responsible; only
    the values given change. Returns whether anything changed."""
    require(actor.access_user, measure.program, "change")
    given = {name: values[name] for name in MEASURE_FIELDS if name in values}
    if "text_en" in given and not given["text_en"]:
        raise SessionError("text_en: a measure keeps its English text")
    current = {name: getattr(measure, name) for name in MEASURE_FIELDS}
    check_dates(current | given)
    changed = save_with_record(
        measure, actor=actor, reason=reason, fields=check_fields(measure, given, SessionError)
    )
    return set_owners(measure, states, bodies, actor=actor, reason=reason) or changed


def owners(measure: Measure) -> dict[str, list[str]]:
    """Who is responsible for a measure, as the change record keeps it."""
    return {
        "responsible_states": sorted(measure.responsible_states.values_list("code", flat=True)),
        "responsible_bodies": sorted(measure.responsible_bodies.values_list("key", flat=True)),
    }


def set_owners(
    measure: Measure, states: list[State] | None, bodies: list[Body] | None, *, actor: Actor, reason: str
) -> bool:
    """Replace the responsible states or bodies given (None: unchanged), recording the change."""
    before = owners(measure)
    if states is not None:
        measure.responsible_states.set(states)
    if bodies is not None:
        measure.responsible_bodies.set(bodies)
    after = owners(measure)
    if after == before:
        return False
    record_change(
        actor=actor,
        action=ChangeRecord.Action.UPDATE,
        instance=measure,
        before=before,
        after=after,
        reason=reason,
    )
    return True


def parse_day_or_none(text: str | None) -> datetime.date | None:
    """A date from an ISO string, None for empty (for CLI and API values)."""
    return datetime.date.fromisoformat(text) if text else None

"""Recording the Organization's instruments: a new instrument, a signature, a ratification.

Each write checks its input whole (the refusal names its field), asks the access policy whether the
person may write it (a state's liaison officer signs and ratifies for their own state only), cites
its source (found again by title, publisher and date, never duplicated) and leaves a change record.

A ratification is checked against the charter: only a party may ratify — a state that signed the
instrument or already takes part in it, or whose status on that date (or a later one: a founder
ratifies before the Organization records its membership) makes it a party to the Treaty, lets it
ratify, or gives it the right to accede to the Organization's treaties (all read from the charter
file). Anyone else is refused with the rule and its reasons, unless the person records an
override with its reason, which is kept on the participant and shown wherever it appears.
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
from accord.charter.status_changes import RuleRefusal
from accord.core.access import SYSTEM_USER, require_add
from accord.core.answers import Answer, Reason, gettext_noop
from accord.core.audit import Actor, save_with_record
from accord.core.labels import StatusPower
from accord.core.validation import check_fields

# The charter right that lets a status accede to the Organization's treaties (partners).
ACCEDE_RIGHT = "accede-to-treaties"


@dataclass(frozen=True)
class NewInstrument:
    """An instrument a person asks to record."""

    key: str
    title_en: str
    kind: str
    entry_into_force: str
    source: str
    title_ru: str = ""
    adopted_on: datetime.date | None = None
    place_en: str = ""
    place_ru: str = ""
    adopted_by: str = ""
    in_force_from: datetime.date | None = None
    note: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None


@dataclass(frozen=True)
class Signature:
    """A state's signature of an instrument: when, where and by which office (never a person)."""

    instrument: str
    state: charter.State
    on: datetime.date
    office: str
    source: str
    place: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None


@dataclass(frozen=True)
class Ratification:
    """A state's ratification of an instrument, with an override if the rules refuse it."""

    instrument: str
    state: charter.State
    on: datetime.date
    source: str
    override: str = ""
    publisher: str = ""
    published_on: datetime.date | None = None


def required_text(text: str, field: str, what: str) -> str:
    """A checked, stripped text that must not be empty; the refusal names the field."""
    value = checked_text(text, field).strip()
    if not value:
        raise CharterError(what, field=field)
    return value


@transaction.atomic
def record_instrument(new: NewInstrument, *, actor: Actor) -> charter.Instrument:
    """Record a new instrument (a Secretariat write): refused whole if any field is wrong."""
    require_add(actor.access_user, charter.Instrument)
    key = required_text(new.key, "key", "give the instrument a key, e.g. crrf-agreement")
    if charter.Instrument.objects.restrict(SYSTEM_USER).filter(key=key).exists():
        raise CharterError(f"an instrument {key!r} is already recorded", field="key")
    if new.kind not in charter.Instrument.Kind.values:
        raise CharterError(f"the kinds are {', '.join(charter.Instrument.Kind.values)}", field="kind")
    if new.entry_into_force not in charter.Instrument.EntryIntoForce.values:
        known = ", ".join(charter.Instrument.EntryIntoForce.values)
        raise CharterError(f"it enters into force {known}", field="entry_into_force")
    if new.in_force_from and new.adopted_on and new.in_force_from < new.adopted_on:
        raise CharterError("it cannot be in force before it was adopted", field="in_force_from")
    if not new.source.strip():
        raise CharterError("cite the source of the instrument", field="source")
    fields = {
        "title_en": required_text(new.title_en, "title_en", "give its English title"),
        "title_ru": checked_text(new.title_ru, "title_ru").strip(),
        "kind": new.kind,
        "entry_into_force": new.entry_into_force,
        "adopted_on": new.adopted_on,
        "adopted_precision": "day",
        "adopted_by": adopting_body(actor, new.adopted_by),
        "place_en": checked_text(new.place_en, "place_en").strip(),
        "place_ru": checked_text(new.place_ru, "place_ru").strip(),
        "in_force_from": new.in_force_from,
        "note": checked_text(new.note, "note").strip(),
    }
    instrument = charter.Instrument(key=key)
    check_fields(instrument, {"key": key, **fields}, CharterError)
    cited = ensure_source(new.source, actor=actor, publisher=new.publisher, published_on=new.published_on)
    fields["source_keys"] = [cited.key]
    save_with_record(instrument, actor=actor, reason=f"instrument recorded from {cited.key}", fields=fields)
    return instrument


def adopting_body(actor: Actor, key: str) -> charter.Body | None:
    """The body that adopted the instrument, by key (none if not given)."""
    key = checked_text(key, "adopted_by").strip()
    if not key:
        return None
    body = charter.Body.objects.restrict(actor.access_user).filter(key=key).first()
    if body is None:
        known = ", ".join(charter.Body.objects.restrict(actor.access_user).values_list("key", flat=True))
        raise CharterError(f"unknown body {key!r}: the bodies are {known or 'none'}", field="adopted_by")
    return body


def instrument_named(actor: Actor, key: str) -> charter.Instrument:
    """The instrument with this key as the actor sees it, else a refusal listing the known ones."""
    instrument = (
        charter.Instrument.objects.restrict(actor.access_user)
        .filter(key=checked_text(key, "instrument"))
        .first()
    )
    if instrument is None:
        known = ", ".join(
            charter.Instrument.objects.restrict(actor.access_user).values_list("key", flat=True)
        )
        raise CharterError(f"unknown instrument {key!r}: known instruments are {known or 'none'}")
    return instrument


def refuse_before_adoption(instrument: charter.Instrument, on: datetime.date, what: str) -> None:
    """A state cannot sign or ratify an instrument before the day it was adopted."""
    if instrument.adopted_on and on < instrument.adopted_on and instrument.adopted_precision == "day":
        raise CharterError(f"{on} is before the instrument was adopted ({instrument.adopted_on})", field=what)


def participant_of(actor: Actor, instrument: charter.Instrument, state: charter.State):
    """The state's row in the instrument's table, or a new one (unsaved)."""
    found = (
        charter.InstrumentParticipant.objects.restrict(actor.access_user)
        .filter(instrument=instrument, state=state)
        .first()
    )
    return found or charter.InstrumentParticipant(instrument=instrument, state=state)


@transaction.atomic
def record_signature(signature: Signature, *, actor: Actor) -> charter.InstrumentParticipant:
    """Record that a state signed an instrument: when, where, and the office of the signatory."""
    instrument = instrument_named(actor, signature.instrument)
    refuse_before_adoption(instrument, signature.on, "on")
    require_add(actor.access_user, charter.InstrumentParticipant, signature.state.code)
    office = required_text(
        signature.office, "office", "name the office of the signatory (e.g. head of state), not a person"
    )
    place = checked_text(signature.place, "place").strip()
    if not signature.source.strip():
        raise CharterError("cite the source of the signature", field="source")
    participant = participant_of(actor, instrument, signature.state)
    if (
        participant.ratified_on
        and participant.ratified_precision == "day"
        and signature.on > participant.ratified_on
    ):
        raise CharterError(
            f"{signature.state.code} ratified it on {participant.ratified_on}; a signature comes before",
            field="on",
        )
    fields = {
        "signed_on": signature.on,
        "signed_precision": "day",
        "signed_by": office,
        "signed_place": place,
    }
    check_fields(participant, fields, CharterError)
    cited = ensure_source(
        signature.source, actor=actor, publisher=signature.publisher, published_on=signature.published_on
    )
    fields["source_keys"] = list(dict.fromkeys([*participant.source_keys, cited.key]))
    save_with_record(participant, actor=actor, reason=f"signature recorded from {cited.key}", fields=fields)
    return participant


def acceding_statuses() -> frozenset[str]:
    """The statuses whose charter rights let a state accede to the Organization's treaties."""
    found = charter.StatusRight.objects.restrict(SYSTEM_USER).filter(key=ACCEDE_RIGHT)
    return frozenset(found.values_list("status", flat=True))


def ratification_check(
    facts: rules.CharterFacts, instrument: str, code: str, on: datetime.date, acceding: frozenset[str]
) -> Answer:
    """Whether a state is a party that may ratify the instrument on a date: True, or False with why."""
    info = facts.instruments.get(instrument)
    title = info.title if info else instrument
    name = facts.name(code)
    taking_part = info is not None and any(item.state == code for item in info.participants)
    if taking_part:
        reason = Reason(
            gettext_noop("%(state)s signed or takes part in %(title)s (recorded)."),
            {"state": name, "title": title},
            info.sources if info else (),
        )
        return Answer(True, (reason,))
    current = rules.status_of(facts, code, on)
    for day in (on, *later_status_starts(facts, code, on)):
        held = current if day == on else rules.status_of(facts, code, day)
        kind = facts.kind(held.value)
        if held.value and (kind.member_state or kind.may(StatusPower.RATIFY) or held.value in acceding):
            reason = Reason(
                gettext_noop("As %(status)s from %(date)s, %(state)s may ratify or accede to %(title)s."),
                {
                    "state": name,
                    "status": rules.status_phrase(held.value),
                    "date": day.isoformat(),
                    "title": title,
                },
            )
            return Answer(True, (*held.reasons, reason))
    refusal = Reason(
        gettext_noop(
            "Only a party may ratify %(title)s: %(state)s has not signed it, and on %(date)s its "
            "status neither makes it a party to the Treaty nor lets it ratify or accede to the "
            "Organization's treaties."
        ),
        {"state": name, "title": title, "date": on.isoformat()},
    )
    return Answer(False, (*current.reasons, refusal))


def later_status_starts(facts: rules.CharterFacts, code: str, on: datetime.date) -> list[datetime.date]:
    """The days after ``on`` on which the state's recorded status changes: a state that ratified an
    instrument before it became a party (the founders and the Treaty of 1992) ratified as a party."""
    return sorted(
        {span.start for span in facts.statuses if span.state == code and span.start and span.start > on}
    )


@transaction.atomic
def ratify(ratification: Ratification, *, actor: Actor) -> tuple[charter.InstrumentParticipant, Answer]:
    """Record a ratification, refused by the rules for a state that is not a party unless overridden.
    Returns the participant and the rules' answer (for the page, the CLI and the API)."""
    instrument = instrument_named(actor, ratification.instrument)
    refuse_before_adoption(instrument, ratification.on, "on")
    require_add(actor.access_user, charter.InstrumentParticipant, ratification.state.code)
    override = checked_text(ratification.override, "override").strip()
    facts = load_facts(actor.access_user)
    answer = ratification_check(
        facts, instrument.key, ratification.state.code, ratification.on, acceding_statuses()
    )
    if not answer.value and not override:
        refusal = _(
            "the charter's rules refuse it: %(reasons)s "
            "Record an override with its reason to record it anyway."
        )
        raise RuleRefusal(refusal % {"reasons": " ".join(reasons_text(answer))}, answer, field="state")
    cited = ensure_source(
        ratification.source,
        actor=actor,
        publisher=ratification.publisher,
        published_on=ratification.published_on,
    )
    participant = participant_of(actor, instrument, ratification.state)
    fields = {
        "ratified_on": ratification.on,
        "ratified_precision": "day",
        "ratified_not_before": None,
        "override_reason": override if not answer.value else "",
        "source_keys": list(dict.fromkeys([*participant.source_keys, cited.key])),
    }
    reason = f"ratification recorded from {cited.key}"
    if fields["override_reason"]:
        reason += f" (override of the charter's rules: {override})"
    save_with_record(
        participant, actor=actor, reason=reason, fields=check_fields(participant, fields, CharterError)
    )
    return participant, answer


def record_ratification(
    instrument_key: str,
    state: charter.State,
    on: datetime.date,
    *,
    source: str,
    actor: Actor,
    override: str = "",
    publisher: str = "",
    published_on: datetime.date | None = None,
) -> charter.InstrumentParticipant:
    """Record that ``state`` ratified an instrument on a date, citing a source; a state that is not a
    party to it is refused with the rule's reasons unless ``override`` says why it is recorded anyway.

    """
    ratification = Ratification(instrument_key, state, on, source, override, publisher, published_on)
    return ratify(ratification, actor=actor)[0]

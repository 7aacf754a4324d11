"""Every write a person makes to the charter: ratifying, appointing, recording relations.

Each function takes the acting :class:`~accord.core.audit.Actor`, runs in one transaction and
records every change it makes. Loading a charter file is :func:`accord.charter.loader.load_charter`,
which keeps what these record.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from accord.charter import models as charter
from accord.core.access import require_add
from accord.core.audit import Actor, save_with_record
from accord.core.errors import ServiceError
from accord.core.models import Source
from accord.core.sources import source_named
from accord.core.validation import InvalidValue, check_fields, check_text


class CharterError(ServiceError):
    """A write to the charter that cannot be made as asked; the message says why."""


def checked_text(text: str, field: str) -> str:
    """A text fit to look up or store (no NUL, no lone surrogate), else a CharterError naming the field."""
    try:
        return check_text(text)
    except InvalidValue as refusal:
        raise CharterError(f"{field}: {refusal}") from None


def state_by_code_or_name(text: str) -> charter.State:
    """A state named by ISO alpha-3 code or by its English or Russian name (any case)."""
    query = checked_text(text, "state").strip()
    found = charter.State.objects.filter(code=query.upper()).first()
    if found is None:
        found = (
            charter.State.objects.filter(name_en__iexact=query).first()
            or charter.State.objects.filter(name_ru__iexact=query).first()
        )
    if found is None:
        raise CharterError(
            f"unknown state {text!r}: expected an ISO 3166 alpha-3 code (e.g. KAZ) or an English name"
        )
    return found


def ensure_source(
    text: str, *, actor: Actor, publisher: str = "", published_on: datetime.date | None = None
) -> Source:
    """The source named by key or title (and publisher and date, when given), or a new one titled
    ``text`` (for recording commands): citing the same source again never makes a second one."""
    return source_named(text, actor=actor, error=CharterError, publisher=publisher, published_on=published_on)


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

    The check lives with the other instrument changes, which build on this module (hence the import
    here); this name stays for its callers.
    """
    from accord.charter.instrument_changes import Ratification, ratify

    ratification = Ratification(instrument_key, state, on, source, override, publisher, published_on)
    return ratify(ratification, actor=actor)[0]


@transaction.atomic
def record_appointment(
    post_key: str,
    person: str,
    state: charter.State,
    start: datetime.date,
    *,
    acting: bool,
    source: str,
    actor: Actor,
    person_ru: str = "",
) -> charter.Appointment:
    """Record an appointment; an open appointment before it ends the day this one starts."""
    post = charter.Post.objects.restrict(actor.access_user).filter(key=checked_text(post_key, "post")).first()
    if post is None:
        known = (
            ", ".join(charter.Post.objects.restrict(actor.access_user).values_list("key", flat=True))
            or "none"
        )
        raise CharterError(f"unknown post {post_key!r}: known posts are {known}")
    candidate = charter.Appointment(
        post=post, person_en=person, person_ru=person_ru, state=state, valid_from=start
    )
    check_fields(candidate, {"acting": acting}, CharterError)
    if (
        charter.Appointment.objects.restrict(actor.access_user)
        .filter(post=post, valid_from__gte=start)
        .exclude(person_en=person)
        .exists()
    ):
        raise CharterError(f"an appointment to {post_key} starting on or after {start} is already recorded")
    cited = ensure_source(source, actor=actor)
    for earlier in charter.Appointment.objects.restrict(actor.access_user).filter(
        post=post, valid_from__lt=start, valid_to__isnull=True
    ):
        save_with_record(
            earlier, actor=actor, reason=f"ended by the appointment of {person}", fields={"valid_to": start}
        )
    appointment = (
        charter.Appointment.objects.restrict(actor.access_user)
        .filter(post=post, person_en=person, valid_from=start)
        .first()
    )
    appointment = appointment or charter.Appointment(post=post, person_en=person, valid_from=start)
    save_with_record(
        appointment,
        actor=actor,
        reason=f"appointment recorded from {cited.key}",
        fields={
            "person_ru": person_ru or appointment.person_ru,
            "state": state,
            "acting": acting,
            "source_keys": list(dict.fromkeys([*appointment.source_keys, cited.key])),
        },
    )
    return appointment


@transaction.atomic
def record_relation(
    first: charter.State,
    second: charter.State,
    *,
    established: datetime.date | None,
    source: str,
    actor: Actor,
    broken_off: datetime.date | None = None,
    publisher: str = "",
    published_on: datetime.date | None = None,
) -> charter.DiplomaticRelation:
    """Record diplomatic relations between two states, citing a source."""
    if first.code == second.code:
        raise CharterError("a state has no diplomatic relations with itself: name two different states")
    require_add(actor.access_user, charter.DiplomaticRelation)
    state_a, state_b = sorted((first, second), key=lambda state: state.code)
    cited = ensure_source(source, actor=actor, publisher=publisher, published_on=published_on)
    relation = (
        charter.DiplomaticRelation.objects.restrict(actor.access_user)
        .filter(state_a=state_a, state_b=state_b)
        .first()
    )
    relation = relation or charter.DiplomaticRelation(state_a=state_a, state_b=state_b)
    fields = {
        "established_on": established,
        "broken_off_on": broken_off,
        "source_keys": list(dict.fromkeys([*relation.source_keys, cited.key])),
    }
    save_with_record(
        relation,
        actor=actor,
        reason=f"relation recorded from {cited.key}",
        fields=check_fields(relation, fields, CharterError),
    )
    return relation

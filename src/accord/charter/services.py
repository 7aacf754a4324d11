"""Every write a person makes to the charter: ratifying, recording relations (appointments and
chairs: :mod:`accord.charter.post_changes`; statuses: :mod:`accord.charter.status_changes`).

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

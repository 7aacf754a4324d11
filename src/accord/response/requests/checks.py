"""The checks a request and its lines pass before anything is written: each refusal names the field
(``lines.2.quantity`` for the second line), so that a page, the API and the CLI can say where.

Kept apart from the writes (:mod:`accord.response.requests.services`) so that an edit of a draft and
the creation of a request refuse exactly the same things.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import models
from django.utils.translation import gettext as _

from accord.charter.models import AssistanceBasis, State
from accord.core.access import SYSTEM_USER, Action
from accord.core.classification import Releasability, release_list
from accord.core.derived import WIDEST_FIRST
from accord.core.references import References
from accord.core.validation import record_problems
from accord.crisis.models import Episode, Event, SituationReport
from accord.forces.no_names import looks_like_names
from accord.response.errors import ResponseError
from accord.response.models import Channel, Crisis, LineKind, Request, RequestLine
from accord.response.requests.eligibility import holds_status, requesting_right, said

CURRENCY = re.compile(r"^[A-Z]{3}$")
NAMELESS = ("title_en", "title_ru", "note_en", "note_ru")
LINKS: dict[str, type[models.Model]] = {"events": Event, "episodes": Episode, "reports": SituationReport}
LINE_FIELDS = ("kind", "what_en", "what_ru", "quantity", "unit", "value", "currency")


def refuse_problems(instance: models.Model, prefix: str = "", skip: tuple[str, ...] = ()) -> None:
    """Every field's own limits (lengths, dates in range, figures within bounds)."""
    for name, reason in record_problems(instance):
        if name not in skip:
            raise ResponseError(reason, field=f"{prefix}{name}")


def refuse_names(values: dict[str, Any], names: tuple[str, ...] = NAMELESS) -> None:
    """No dossiers on people: free text that reads like people's names is refused."""
    for name in names:
        why = looks_like_names(str(values.get(name) or ""))
        if why:
            raise ResponseError(_("no names of people here: %(why)s") % {"why": why}, field=name)


def state_by_code(code: Any, field: str) -> State:
    """A state by its code (states are the open charter: the system's read of a code)."""
    if isinstance(code, State):
        return code
    found = State.objects.restrict(SYSTEM_USER).filter(code=str(code or "").upper()).first()
    if found is None:
        raise ResponseError(_("no state has the code %(code)s") % {"code": code}, field=field)
    return found


def basis_by_key(key: Any) -> AssistanceBasis:
    """A basis of the charter file by its key, the known keys in the refusal."""
    if isinstance(key, AssistanceBasis):
        return key
    bases = AssistanceBasis.objects.restrict(SYSTEM_USER)
    found = bases.filter(key=str(key or "")).first()
    if found is None:
        known = ", ".join(bases.order_by("id").values_list("key", flat=True))
        raise ResponseError(
            _("no basis %(key)s (the charter's bases: %(known)s)") % {"key": key, "known": known},
            field="basis",
        )
    return found


def crisis_by_key(user: Any, key: Any) -> Crisis | None:
    """The crisis a request belongs to, read as the user may see it (an unseen one is unknown)."""
    if key in (None, ""):
        return None
    if isinstance(key, Crisis):
        key = key.key
    found = Crisis.objects.restrict(user, Action.VIEW).filter(key=str(key)).first()
    if found is None:
        raise ResponseError(_("no crisis %(key)s") % {"key": key}, field="crisis")
    return found


def linked_records(user: Any, name: str, ids: Any) -> list[models.Model]:
    """The events, alert episodes or reports a request refers to, each one the user may see.

    Checked through :class:`accord.core.references.References`: a record the user may not see is
    refused exactly as one that does not exist, so the refusal confirms nothing.
    """
    model = LINKS[name]
    resolver = References(user)
    found = []
    for position, pk in enumerate(ids or [], start=1):
        reference = resolver.to(model, getattr(pk, "pk", pk))
        if reference is None or not reference.visible:
            raise ResponseError(
                _("no %(kind)s %(pk)s you may see") % {"kind": model._meta.verbose_name, "pk": pk},
                field=f"{name}.{position}",
            )
        found.append(reference.record)
    return found


def check_right(state: State, basis: AssistanceBasis, day: datetime.date) -> str:
    """The right by which the state asks; refused with the charter's reasons when it has none."""
    answer = requesting_right(state.code, basis, day)
    if answer.value is None:
        raise ResponseError(said(answer), field="state")
    return answer.value


def check_channel(
    state: State, basis: AssistanceBasis, channel: str, codes: list[Any], day: datetime.date
) -> list[State]:
    """The channel is one the basis allows; a bilateral request names other states holding a status."""
    if channel not in Channel.values:
        raise ResponseError(
            _("%(value)s is not a channel (organization or bilateral)") % {"value": channel}, field="channel"
        )
    if channel not in (basis.channels or []):
        raise ResponseError(
            _("the basis %(basis)s allows only these channels: %(channels)s")
            % {"basis": basis.key, "channels": ", ".join(basis.channels or []) or "—"},
            field="channel",
        )
    if channel == Channel.ORGANIZATION:
        if codes:
            raise ResponseError(
                _(
                    "a request through the Organization is addressed to no state: the Secretariat or the CRC "
                    "consolidates it"
                ),
                field="addressed_to",
            )
        return []
    if not codes:
        raise ResponseError(
            _("a bilateral request names the states it is addressed to"), field="addressed_to"
        )
    states = []
    for position, code in enumerate(codes, start=1):
        field = f"addressed_to.{position}"
        target = state_by_code(code, field)
        if target.pk == state.pk:
            raise ResponseError(_("a state does not address a request to itself"), field=field)
        status = holds_status(target.code, day)
        if status.value is None:
            raise ResponseError(said(status), field=field)
        if target not in states:
            states.append(target)
    return states


def check_dates(requested_on: Any, needed_by: Any) -> None:
    if not isinstance(requested_on, datetime.date):
        raise ResponseError(_("give the date of the request"), field="requested_on")
    if needed_by is not None and needed_by < requested_on:
        raise ResponseError(_("help cannot be needed before it is asked for"), field="needed_by")


def clean_labels(values: dict[str, Any]) -> dict[str, Any]:
    """Named states exactly when the releasability is "named states", each a real state."""
    releasability = values.get("releasability") or Releasability.MEMBERS_ONLY
    named = releasability == Releasability.NAMED_STATES
    codes = list(values.get("release_to") or []) if named else []
    if isinstance(values.get("release_to"), str):
        codes = [code for code in values["release_to"].split(",") if code.strip()] if named else []
    if named and not codes:
        raise ResponseError(_("name at least one state to release the request to"), field="release_to")
    checked = [state_by_code(code.strip(), "release_to").code for code in codes]
    return {**values, "releasability": releasability, "release_to": release_list(checked)}


def refuse_lowered(request: Request, values: dict[str, Any]) -> None:
    """A draft's labels may be raised, never lowered: what it told at its labels stays told."""
    level = int(values.get("classification", request.classification))
    release = values.get("releasability", request.releasability)
    if level < request.classification:
        raise ResponseError(_("the classification may be raised, never lowered"), field="classification")
    steps = {item: index for index, item in enumerate(WIDEST_FIRST)}
    if release in steps and request.releasability in steps and steps[release] < steps[request.releasability]:
        raise ResponseError(_("the releasability may be narrowed, never widened"), field="releasability")


def decimal_or_refuse(value: Any, field: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise ResponseError(_("%(value)s is not a number") % {"value": value}, field=field) from None
    if not number.is_finite():
        raise ResponseError(_("expected a finite number"), field=field)
    return number


def checked_line(values: dict[str, Any], number: int) -> RequestLine:
    """One line as it will be saved (unsaved, without its request), or refused naming its field."""
    prefix = f"lines.{number}."
    unknown = sorted(set(values) - set(LINE_FIELDS))
    if unknown:
        raise ResponseError(
            _("a line has no field %(name)s") % {"name": unknown[0]}, field=prefix + unknown[0]
        )
    if values.get("kind") not in LineKind.values:
        raise ResponseError(
            _("the kind is one of: %(kinds)s") % {"kinds": ", ".join(LineKind.values)}, field=prefix + "kind"
        )
    if not str(values.get("what_en") or "").strip():
        raise ResponseError(_("say what is asked for"), field=prefix + "what_en")
    quantity = decimal_or_refuse(values.get("quantity"), prefix + "quantity")
    if quantity is None or quantity <= 0:
        raise ResponseError(_("a quantity above zero"), field=prefix + "quantity")
    if not str(values.get("unit") or "").strip():
        raise ResponseError(_("give the unit of the quantity"), field=prefix + "unit")
    value = decimal_or_refuse(values.get("value"), prefix + "value")
    currency = str(values.get("currency") or "").strip().upper()
    if (value is None) != (not currency):
        raise ResponseError(
            _("a value goes with its currency, and a currency with its value"),
            field=prefix + ("currency" if value is not None else "value"),
        )
    if currency and not CURRENCY.match(currency):
        raise ResponseError(_("a currency is three letters (RUB, USD)"), field=prefix + "currency")
    line = RequestLine(
        number=number,
        kind=values["kind"],
        what_en=str(values["what_en"]).strip(),
        what_ru=str(values.get("what_ru") or "").strip(),
        quantity=quantity,
        unit=str(values["unit"]).strip(),
        value=value,
        currency=currency,
    )
    refuse_problems(line, prefix, skip=("request",))
    return line


def checked_lines(lines: list[dict[str, Any]]) -> list[RequestLine]:
    """Every line checked before any is written (a request is refused whole)."""
    if not lines:
        raise ResponseError(_("a request asks for something: give at least one line"), field="lines")
    return [checked_line(dict(values), number) for number, values in enumerate(lines, start=1)]

"""Writing crises: creating and editing one, and linking to it what belongs together.

Every write is checked against the writer's rights (the Secretariat and the CRC keep crises) and
recorded. A link names its target by id or key and is resolved through
:mod:`accord.core.references` as the writer sees it: nobody links a record they may not see, and a
refusal says only "no such record", never whether a hidden one exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models, transaction
from django.utils.translation import gettext as _

from accord.charter.models import State
from accord.core.access import SYSTEM_USER, require, require_add
from accord.core.audit import Actor, record_change, save_with_record
from accord.core.classification import Releasability, release_list
from accord.core.references import reference_by_id
from accord.core.validation import check_fields, require_within_reach
from accord.crisis.models import Episode, Event, SituationReport
from accord.decisions.models import Document
from accord.forces.no_names import names_in
from accord.response.errors import ResponseError
from accord.response.models import Consultation, Crisis, Delivery, Deployment, Request

CRISIS_FIELDS = (
    "key",
    "title_en",
    "title_ru",
    "started_on",
    "ended_on",
    "summary_en",
    "summary_ru",
    "source_text",
    "classification",
    "releasability",
    "release_to",
)
FREE_TEXTS = ("summary_en", "summary_ru", "source_text")


@dataclass(frozen=True)
class LinkKind:
    """One kind of record a crisis groups: the many-to-many field that holds it (M2M), or the
    record's own foreign key to the crisis (FK), and how the record is named (id or key)."""

    name: str
    model: type[models.Model]
    m2m: str = ""
    key_field: str = "pk"


LINK_KINDS: dict[str, LinkKind] = {
    "event": LinkKind("event", Event, m2m="events"),
    "episode": LinkKind("episode", Episode, m2m="episodes"),
    "report": LinkKind("report", SituationReport, m2m="reports"),
    "document": LinkKind("document", Document, m2m="documents", key_field="key"),
    "request": LinkKind("request", Request, key_field="key"),
    "deployment": LinkKind("deployment", Deployment, key_field="key"),
    "delivery": LinkKind("delivery", Delivery),
    "consultation": LinkKind("consultation", Consultation),
}


def refuse_names(values: dict[str, Any]) -> None:
    """Refuse a free text that looks like it names people: a crisis is about states, never persons."""
    for name in FREE_TEXTS:
        found = names_in(str(values.get(name) or ""))
        if found:
            raise ResponseError(
                _("no names of persons in a crisis record: %(why)s") % {"why": found}, field=name
            )


def states_named(codes: list[str] | None, field: str = "states") -> list[State]:
    """The states affected, each a state Accord knows; refused whole at the first unknown code."""
    cleaned = sorted({str(code).strip().upper() for code in codes or [] if str(code).strip()})
    found = {state.code: state for state in State.objects.restrict(SYSTEM_USER).filter(code__in=cleaned)}
    for code in cleaned:
        if code not in found:
            raise ResponseError(_("no state has the code %(code)s") % {"code": code}, field=field)
    return [found[code] for code in cleaned]


def cleaned_values(values: dict[str, Any]) -> dict[str, Any]:
    """The crisis fields given, the release list stored as the models store it, checked for names."""
    unknown = sorted(set(values) - set(CRISIS_FIELDS) - {"states"})
    if unknown:
        raise ResponseError(_("a crisis has no such field"), field=unknown[0])
    fields = {name: value for name, value in values.items() if name in CRISIS_FIELDS}
    if "release_to" in fields:
        codes = fields["release_to"]
        codes = codes.split(",") if isinstance(codes, str) else list(codes or [])
        named = fields.get("releasability") == Releasability.NAMED_STATES
        fields["release_to"] = (
            release_list([state.code for state in states_named(codes, "release_to")]) if named else ""
        )
    if fields.get("releasability") == Releasability.NAMED_STATES and not fields.get("release_to"):
        raise ResponseError(
            _("name the states a crisis released to named states goes to"), field="release_to"
        )
    refuse_names(fields)
    return fields


def check_dates(crisis: Crisis, fields: dict[str, Any]) -> None:
    """The end, when there is one, is on or after the start (said with the field, not as a 500)."""
    start = fields.get("started_on", crisis.started_on)
    end = fields.get("ended_on", crisis.ended_on)
    if start and end and end < start:
        raise ResponseError(_("a crisis cannot end before it started"), field="ended_on")


def set_states(crisis: Crisis, states: list[State], *, actor: Actor, reason: str) -> None:
    """Replace the states affected, recorded as a change of the crisis (as ids, like any link)."""
    before = sorted(crisis.states.values_list("pk", flat=True))
    after = sorted(state.pk for state in states)
    if before == after:
        return
    crisis.states.set(states)
    record_list_change(crisis, "states", before, after, actor=actor, reason=reason)


def record_list_change(
    crisis: Crisis, field: str, before: list[Any], after: list[Any], *, actor: Actor, reason: str
) -> None:
    """Put a change of one of a crisis's lists on the change record: the ids before and after, which
    history pages show through :mod:`accord.core.references` (a hidden record stays hidden there)."""
    record_change(
        instance=crisis,
        actor=actor,
        action="update",
        reason=reason,
        before={field: before},
        after={field: after},
    )


@transaction.atomic
def create_crisis(values: dict[str, Any], *, actor: Actor, reason: str = "") -> Crisis:
    """Create a crisis, if the actor keeps crises; the states affected are ``values["states"]`` (codes)."""
    require_add(actor.access_user, Crisis)
    if not values.get("key"):
        raise ResponseError(_("a crisis needs a key"), field="key")
    if Crisis.objects.restrict(SYSTEM_USER).filter(key=values["key"]).exists():
        raise ResponseError(_("a crisis with this key already exists"), field="key")
    if not values.get("started_on"):
        raise ResponseError(_("a crisis needs the day it started"), field="started_on")
    states = states_named(values.get("states"))
    crisis = Crisis()
    fields = cleaned_values(values)
    check_dates(crisis, fields)
    save_with_record(crisis, actor=actor, reason=reason, fields=check_fields(crisis, fields, ResponseError))
    require_within_reach(actor.access_user, crisis)
    set_states(crisis, states, actor=actor, reason=reason)
    return crisis


@transaction.atomic
def update_crisis(crisis: Crisis, values: dict[str, Any], *, actor: Actor, reason: str = "") -> bool:
    """Change a crisis the actor may change; returns whether anything changed."""
    require(actor.access_user, crisis, "change")
    if "key" in values and values["key"] != crisis.key:
        raise ResponseError(_("the key of a crisis does not change"), field="key")
    fields = cleaned_values(values)
    check_dates(crisis, fields)
    changed = save_with_record(
        crisis, actor=actor, reason=reason, fields=check_fields(crisis, fields, ResponseError)
    )
    require_within_reach(actor.access_user, crisis)
    if "states" in values:
        before = set(crisis.states.values_list("code", flat=True))
        set_states(crisis, states_named(values["states"]), actor=actor, reason=reason)
        changed = changed or before != set(crisis.states.values_list("code", flat=True))
    return changed


def crisis_by_key(user: Any, key: str) -> Crisis:
    """The crisis with ``key`` the user may see, or a refusal naming the field."""
    found = Crisis.objects.restrict(user).filter(key=str(key)).first()
    if found is None:
        raise ResponseError(_("no crisis %(key)s you may see") % {"key": str(key)[:100]}, field="crisis")
    return found


def linked_target(user: Any, kind: str, name: Any) -> models.Model:
    """The record ``name`` of ``kind``, if ``user`` may see it (checked through the references module)."""
    link = LINK_KINDS.get(kind)
    if link is None:
        raise ResponseError(_("expected one of %(kinds)s") % {"kinds": ", ".join(LINK_KINDS)}, field="kind")
    pk: Any = name
    if link.key_field != "pk":
        # By its key; a record that has none (a document recorded by a person) by its id.
        pk = (
            link.model.objects.restrict(SYSTEM_USER)
            .filter(**{link.key_field: str(name)})
            .values_list("pk", flat=True)
            .first()
        )
        if pk is None and str(name).isdigit():
            pk = int(name)
    reference = reference_by_id(user, link.model, pk) if pk is not None else None
    if reference is None or not reference.visible:
        raise ResponseError(
            _("no %(kind)s %(name)s you may see") % {"kind": kind, "name": str(name)[:100]}, field=kind
        )
    return reference.record


@transaction.atomic
def link(crisis: Crisis, kind: str, name: Any, *, actor: Actor, reason: str = "") -> models.Model:
    """Link a record to the crisis: add it to the crisis's list, or point the record's crisis at it.

    A record that points at its crisis (a request, a deployment …) is changed too, so the writer must
    be allowed to change it as well as the crisis.
    """
    require(actor.access_user, crisis, "change")
    target = linked_target(actor.access_user, kind, name)
    spec = LINK_KINDS[kind]
    if spec.m2m:
        related = getattr(crisis, spec.m2m)
        if not related.filter(pk=target.pk).exists():
            related.add(target)
            record_link(crisis, spec.m2m, target, "add", actor=actor, reason=reason)
        return target
    require(actor.access_user, target, "change")
    save_with_record(target, actor=actor, reason=reason, fields={"crisis": crisis})
    return target


@transaction.atomic
def unlink(crisis: Crisis, kind: str, name: Any, *, actor: Actor, reason: str = "") -> None:
    """Take a record off the crisis (the record itself stays as it is)."""
    require(actor.access_user, crisis, "change")
    target = linked_target(actor.access_user, kind, name)
    spec = LINK_KINDS[kind]
    if spec.m2m:
        related = getattr(crisis, spec.m2m)
        if related.filter(pk=target.pk).exists():
            related.remove(target)
            record_link(crisis, spec.m2m, target, "remove", actor=actor, reason=reason)
        return
    if getattr(target, "crisis_id", None) != crisis.pk:
        raise ResponseError(_("this record does not belong to the crisis"), field=kind)
    require(actor.access_user, target, "change")
    save_with_record(target, actor=actor, reason=reason, fields={"crisis": None})


def record_link(
    crisis: Crisis, field: str, target: models.Model, how: str, *, actor: Actor, reason: str
) -> None:
    """Record that ``target`` was added to or removed from one of the crisis's lists."""
    after = sorted(getattr(crisis, field).values_list("pk", flat=True))
    before = sorted({*after, target.pk}) if how == "remove" else sorted(set(after) - {target.pk})
    record_list_change(crisis, field, before, after, actor=actor, reason=reason)


def set_crisis_of_request(
    request: Request, crisis_key: str | None, *, actor: Actor, reason: str = ""
) -> None:
    """Point a request at the crisis named by key (or at none), both seen and changed by the actor."""
    require(actor.access_user, request, "change")
    crisis = crisis_by_key(actor.access_user, crisis_key) if crisis_key else None
    if crisis is not None:
        require(actor.access_user, crisis, "change")
    save_with_record(request, actor=actor, reason=reason, fields={"crisis": crisis})

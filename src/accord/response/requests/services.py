"""Writes of requests for assistance: create one with its lines (refused whole), edit a draft, and
move it through its life (submit, withdraw, complete, any allowed step) by
:func:`accord.response.lifecycle.move`.

Who may: a liaison officer for their own state, the Secretariat and the CRC on any state's behalf
(the access policy, from ``Request.owner_state_field`` / ``write_rights`` / ``writer_roles``); on
what: the basis's ``requested_by`` rights must be given by the state's status on the request's date
(the charter file). Each write records who made it and why (``save_with_record``).
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from accord.core.access import SYSTEM_USER, Action, require, require_add
from accord.core.audit import Actor, delete_with_record, record_change, save_with_record
from accord.core.classification import release_codes
from accord.core.label_choices import labels_for
from accord.core.models import ChangeRecord
from accord.core.validation import require_within_reach
from accord.forces.no_names import looks_like_names
from accord.response import lifecycle
from accord.response.errors import ResponseError
from accord.response.models import Request, RequestLine, RequestStatus, RequestStep
from accord.response.requests import checks

# What a request's values may hold (anything else is refused by name).
REQUEST_FIELDS = frozenset(
    {
        "key",
        "state",
        "basis",
        "channel",
        "addressed_to",
        "requested_on",
        "needed_by",
        "title_en",
        "title_ru",
        "note_en",
        "note_ru",
        "source_text",
        "source_keys",
        "classification",
        "releasability",
        "release_to",
        "crisis",
        "events",
        "episodes",
        "reports",
    }
)
M2M = ("addressed_to", "events", "episodes", "reports")
EDITABLE = REQUEST_FIELDS - {"key", "state"}


def next_key(state_code: str, year: int) -> str:
    """A readable key never used before: ``tjk-2026-001``, the next number of the state's year.

    Counted over every request (the system's read: a key is unique whether or not one sees the
    others), so two requests never share one.
    """
    prefix = f"{state_code.lower()}-{year}-"
    used = Request.objects.restrict(SYSTEM_USER).filter(key__startswith=prefix).values_list("key", flat=True)
    numbers = [int(key[len(prefix) :]) for key in used if key[len(prefix) :].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}"


def refuse_unknown(values: dict[str, Any], allowed: frozenset[str]) -> None:
    unknown = sorted(set(values) - allowed)
    if unknown:
        raise ResponseError(_("a request has no field %(name)s") % {"name": unknown[0]}, field=unknown[0])


def checked_request(user: Any, request: Request, values: dict[str, Any]) -> tuple[dict, dict]:
    """The request's column values and its links, checked whole against the charter and the user."""
    values = checks.clean_labels(values)
    labels = (
        values.get("classification", request.classification),
        values["releasability"],
        release_codes(values["release_to"]),
    )
    for field, problem in labels_for(user).problems(*labels):
        raise ResponseError(problem, field=field)
    state = request.state if "state" not in values else checks.state_by_code(values["state"], "state")
    basis = checks.basis_by_key(values.get("basis", getattr(request, "basis", None)))
    day = values.get("requested_on", request.requested_on)
    checks.check_dates(day, values.get("needed_by", request.needed_by))
    checks.check_right(state, basis, day)
    channel = values.get("channel", request.channel)
    addressed = values.get("addressed_to")
    if addressed is None and request.pk:
        addressed = [item.code for item in request.addressed_to.all()]
    to = checks.check_channel(state, basis, channel, list(addressed or []), day)
    checks.refuse_names(values)
    links = {"addressed_to": to}
    for name in checks.LINKS:
        if name in values:
            links[name] = checks.linked_records(user, name, values[name])
    columns = {key: value for key, value in values.items() if key not in M2M}
    columns.update(state=state, basis=basis, channel=channel)
    if "crisis" in values:
        columns["crisis"] = checks.crisis_by_key(user, values["crisis"])
    for name, text in columns.items():
        if isinstance(text, str) and name not in ("channel", "releasability", "release_to", "key"):
            columns[name] = text.strip()
    return columns, links


def candidate_problems(request: Request, columns: dict[str, Any]) -> None:
    """The request as it would be saved, checked field by field (the instance stays as it was)."""
    candidate = Request(**{**{f.attname: getattr(request, f.attname) for f in Request._meta.concrete_fields}})
    for name, value in columns.items():
        setattr(candidate, name, value)
    checks.refuse_problems(candidate)


def save_links(request: Request, links: dict[str, list], *, actor: Actor, reason: str) -> None:
    """Set the request's links (addressed states, events, episodes, reports), recording the change."""
    before, after = {}, {}
    for name, records in links.items():
        manager = getattr(request, name)
        old = sorted(str(pk) for pk in manager.values_list("pk", flat=True))
        new = sorted(str(record.pk) for record in records)
        if old != new:
            manager.set(records)
            before[name], after[name] = old, new
    if after:
        record_change(
            actor=actor,
            action=ChangeRecord.Action.UPDATE,
            instance=request,
            before=before,
            after=after,
            reason=reason,
        )


def save_lines(request: Request, lines: list[RequestLine], *, actor: Actor, reason: str) -> None:
    """Write the lines of a request (a draft's old lines are replaced whole)."""
    for old in request.lines.all():
        if old.offers.exists():
            raise ResponseError(_("a line already offered against cannot be replaced"), field="lines")
        delete_with_record(old, actor=actor, reason=reason)
    for line in lines:
        line.request = request
        save_with_record(line, actor=actor, reason=reason)


@transaction.atomic
def create_request(
    values: dict[str, Any],
    lines: list[dict[str, Any]],
    *,
    actor: Actor,
    submit: bool = False,
    reason: str = "",
) -> Request:
    """Create a request with its lines, as a draft or submitted at once; refused whole.

    ``values``: state (code), basis (key), channel, addressed_to (codes), requested_on, needed_by,
    title_en/_ru, note_en/_ru, source_text, labels, crisis (key), events/episodes/reports (ids);
    ``lines``: each with kind, what_en (what_ru), quantity, unit, and value with currency or neither.
    """
    user = actor.access_user
    refuse_unknown(values, REQUEST_FIELDS)
    state = checks.state_by_code(values.get("state"), "state")
    require_add(user, Request, state.code)
    request = Request()
    columns, links = checked_request(user, request, {**values, "state": state})
    checked = checks.checked_lines(lines)
    key = str(values.get("key") or "").strip()
    if key and Request.objects.restrict(SYSTEM_USER).filter(key=key).exists():
        raise ResponseError(_("the key %(key)s is taken") % {"key": key}, field="key")
    columns["key"] = key or next_key(state.code, columns["requested_on"].year)
    status = RequestStatus.SUBMITTED if submit else RequestStatus.DRAFT
    columns["status"] = status
    candidate_problems(request, columns)
    why = reason or "request for assistance recorded"
    save_with_record(request, actor=actor, reason=why, fields=columns)
    save_links(request, links, actor=actor, reason=why)
    save_lines(request, checked, actor=actor, reason=why)
    step_reason = _("submitted") if submit else _("drafted")
    lifecycle.append_step(
        request, status, on=request.requested_on, actor=actor, reason=step_reason, source=request.source_text
    )
    require_within_reach(user, request)
    return request


@transaction.atomic
def edit_draft(
    request: Request,
    values: dict[str, Any],
    lines: list[dict[str, Any]] | None = None,
    *,
    actor: Actor,
    reason: str = "",
) -> Request:
    """Change a draft (its lines replaced whole when given); a submitted request is changed by steps."""
    user = actor.access_user
    request = visible_request(user, request.key)
    require(user, request, Action.CHANGE)
    require_add(user, Request, request.state.code)
    if request.status != RequestStatus.DRAFT:
        raise ResponseError(
            _("only a draft may be edited; a submitted request moves by steps"), field="status"
        )
    refuse_unknown(values, EDITABLE)
    checks.refuse_lowered(request, values)
    current = {"releasability": request.releasability, "release_to": request.release_to_codes}
    columns, links = checked_request(user, request, {**current, **values})
    candidate_problems(request, columns)
    checked = checks.checked_lines(lines) if lines is not None else None
    why = reason or "draft edited"
    save_with_record(request, actor=actor, reason=why, fields=columns)
    save_links(request, links, actor=actor, reason=why)
    if checked is not None:
        save_lines(request, checked, actor=actor, reason=why)
    first = request.steps.order_by("on", "id").first()
    if first is not None and first.on != request.requested_on:
        save_with_record(first, actor=actor, reason=why, fields={"on": request.requested_on})
    require_within_reach(user, request)
    return request


def visible_request(user: Any, key: str) -> Request:
    """The request ``key`` as the user may see it; an unseen one is refused as unknown."""
    found = (
        Request.objects.restrict(user, Action.VIEW)
        .select_related("state", "basis", "basis__decided_by", "crisis")
        .filter(key=str(key or ""))
        .first()
    )
    if found is None:
        raise ResponseError(_("no request %(key)s") % {"key": key}, field="request")
    return found


def step(
    request: Request,
    status: str,
    *,
    on: datetime.date,
    actor: Actor,
    reason: str = "",
    source: str = "",
) -> RequestStep:
    """Move a request one step (any step :func:`lifecycle.allowed_next` allows), saying why."""
    user = actor.access_user
    request = visible_request(user, request.key)
    require(user, request, Action.CHANGE)
    require_add(user, Request, request.state.code)  # says why not: another state, a status
    for name, text in (("reason", reason), ("source", source)):
        why = looks_like_names(text or "")
        if why:
            raise ResponseError(_("no names of people here: %(why)s") % {"why": why}, field=name)
    if not isinstance(on, datetime.date):
        raise ResponseError(_("give the date the step took effect"), field="on")
    if status == RequestStatus.WITHDRAWN and not (reason or "").strip():
        raise ResponseError(_("say why the request is withdrawn"), field="reason")
    return lifecycle.move(request, status, on=on, actor=actor, reason=reason.strip(), source=source.strip())


def submit(request: Request, *, on: datetime.date, actor: Actor, source: str = "") -> RequestStep:
    """Send a draft to the Organization or to the states it is addressed to."""
    return step(request, RequestStatus.SUBMITTED, on=on, actor=actor, reason=_("submitted"), source=source)


def withdraw(
    request: Request, *, on: datetime.date, actor: Actor, reason: str, source: str = ""
) -> RequestStep:
    """The requesting state withdraws its request; it says why."""
    return step(request, RequestStatus.WITHDRAWN, on=on, actor=actor, reason=reason, source=source)


def complete(
    request: Request, *, on: datetime.date, actor: Actor, reason: str = "", source: str = ""
) -> RequestStep:
    """Close a request whose help has come (or that needs no more)."""
    return step(request, RequestStatus.COMPLETED, on=on, actor=actor, reason=reason, source=source)

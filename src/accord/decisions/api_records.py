"""API writes that record what happened: positions and their corrections, the handling of
amendments, sources and linked documents of sessions, programs and their measures.

Mounted under /decisions/ by :mod:`accord.api`, beside :mod:`accord.decisions.api` (whose schemas it reuses).
Every write needs its token scope, then the service checks the caller's role and records the change.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema, Status

from accord.charter.models import Body, State
from accord.core.access import Permission
from accord.core.api_errors import error_responses, invalid
from accord.core.audit import Actor, log_read
from accord.core.references import References
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, bounded_text, model_text
from accord.decisions import queries
from accord.decisions.api import (
    MAX_STATES,
    REASON_MAX,
    AgendaItemSchema,
    MeasureSchema,
    MinutesSchema,
    SessionDetailSchema,
    minutes_payload,
    session_detail_payload,
    visible_or_404,
    writing,
)
from accord.decisions.models import AgendaItem, Amendment, Document, Measure, Minutes, Position, Session
from accord.decisions.recording import add_source, create_measure, link_document, update_measure
from accord.decisions.services import record_position, reject_amendment

router = Router(tags=["decisions"])


class PositionIn(Schema):
    state: StateCode
    position: Literal["agree", "object", "reservation", "abstain"]
    remark: model_text(Position, "remark") = ""
    reason: bounded_text(REASON_MAX) = ""


class RejectIn(Schema):
    reason: bounded_text(REASON_MAX) = ""


class SourceIn(Schema):
    source: bounded_text(500)
    reason: bounded_text(REASON_MAX) = ""


class LinkIn(Schema):
    document: int
    item: int | None = None
    reason: bounded_text(REASON_MAX) = ""


class MeasureIn(Schema):
    number: model_text(Measure, "number")
    text_en: model_text(Measure, "text_en")
    text_ru: model_text(Measure, "text_ru") = ""
    starts_on: Day | None = None
    deadline: Day | None = None
    states: list[StateCode] = Field(default=[], max_length=MAX_STATES)
    bodies: list[model_text(Body, "key")] = Field(default=[], max_length=100)


class MeasureChangeIn(Schema):
    text_en: model_text(Measure, "text_en") | None = None
    text_ru: model_text(Measure, "text_ru") | None = None
    starts_on: Day | None = None
    deadline: Day | None = None
    done_on: Day | None = None
    dropped_on: Day | None = None
    states: list[StateCode] | None = Field(default=None, max_length=MAX_STATES)
    bodies: list[model_text(Body, "key")] | None = Field(default=None, max_length=100)
    reason: bounded_text(REASON_MAX) = ""


def item_answer(request: HttpRequest, item: AgendaItem) -> dict:
    """An agenda item as the API gives it, read again after a write."""
    item = AgendaItem.objects.select_related("session__body").get(pk=item.pk)
    return queries.agenda_item_payload(item, References(request.user))


@router.post(
    "/agenda-items/{pk}/positions",
    response={200: AgendaItemSchema, **error_responses(403, 404, 422)},
    summary="Record or correct a state's position (a correction needs a reason); the rule decides again",
)
def post_position(request: HttpRequest, pk: int, payload: PositionIn):
    item = visible_or_404(AgendaItem.objects.restrict(request.user), pk)

    def record():
        record_position(
            item,
            payload.state,
            payload.position,
            payload.remark,
            reason=payload.reason,
            actor=Actor.for_user(request.user),
        )
        return Status(200, item_answer(request, item))

    return writing(request, Permission.SESSION_CHANGE, record)


@router.get("/minutes/{pk}", response=MinutesSchema, summary="Minutes: text, every version and what changed")
def get_minutes(request: HttpRequest, pk: int):
    require_scope(request, Permission.SESSION_VIEW)
    minutes = visible_or_404(Minutes.objects.restrict(request.user), pk)
    log_read(request.user, minutes.session, "api")
    return minutes_payload(minutes, request.user)


@router.post(
    "/amendments/{pk}/reject",
    response={200: MinutesSchema, **error_responses(403, 404, 422)},
    summary="Reject an amendment: the minutes keep their text, the amendment stays on record",
)
def post_reject_amendment(request: HttpRequest, pk: int, payload: RejectIn):
    amendment = visible_or_404(Amendment.objects.restrict(request.user), pk)

    def reject():
        reject_amendment(amendment, reason=payload.reason, actor=Actor.for_user(request.user))
        return Status(200, minutes_payload(Minutes.objects.get(pk=amendment.minutes_id), request.user))

    return writing(request, Permission.SESSION_CHANGE, reject)


@router.post(
    "/sessions/{pk}/sources",
    response={200: SessionDetailSchema, **error_responses(403, 404, 422)},
    summary="Cite a source for a session (found again by key or title, never duplicated)",
)
def post_session_source(request: HttpRequest, pk: int, payload: SourceIn):
    session = visible_or_404(Session.objects.restrict(request.user), pk)

    def cite():
        add_source(session, payload.source, reason=payload.reason, actor=Actor.for_user(request.user))
        return Status(200, session_detail_payload(request, Session.objects.get(pk=pk)))

    return writing(request, Permission.SESSION_CHANGE, cite)


@router.post(
    "/agenda-items/{pk}/sources",
    response={200: AgendaItemSchema, **error_responses(403, 404, 422)},
    summary="Cite a source for an agenda item",
)
def post_item_source(request: HttpRequest, pk: int, payload: SourceIn):
    item = visible_or_404(AgendaItem.objects.restrict(request.user), pk)

    def cite():
        add_source(item, payload.source, reason=payload.reason, actor=Actor.for_user(request.user))
        return Status(200, item_answer(request, item))

    return writing(request, Permission.SESSION_CHANGE, cite)


@router.post(
    "/sessions/{pk}/documents",
    response={200: SessionDetailSchema, **error_responses(403, 404, 422)},
    summary="Link a document to the session (and, with item, make it that item's decision)",
)
def post_session_document(request: HttpRequest, pk: int, payload: LinkIn):
    session = visible_or_404(Session.objects.restrict(request.user), pk)
    document = Document.objects.restrict(request.user).filter(pk=payload.document).first()
    if document is None:
        raise invalid(("body", "payload", "document"), f"no document {payload.document}")
    item = None
    if payload.item is not None:
        item = AgendaItem.objects.restrict(request.user).filter(pk=payload.item, session=session).first()
        if item is None:
            raise invalid(("body", "payload", "item"), f"no agenda item {payload.item} in this session")

    def link():
        link_document(document, session, item=item, reason=payload.reason, actor=Actor.for_user(request.user))
        return Status(200, session_detail_payload(request, Session.objects.get(pk=pk)))

    return writing(request, Permission.SESSION_CHANGE, link)


def states_and_bodies(
    request: HttpRequest, codes: list[str] | None, keys: list[str] | None
) -> tuple[list[State] | None, list[Body] | None]:
    """The responsible states and bodies named, each one Accord knows, or a 422 naming the field."""
    states = bodies = None
    if codes is not None:
        states = list(State.objects.restrict(request.user).filter(code__in={code.upper() for code in codes}))
        unknown = sorted({code.upper() for code in codes} - {state.code for state in states})
        if unknown:
            raise invalid(("body", "payload", "states"), f"unknown state {unknown[0]!r}")
    if keys is not None:
        bodies = list(Body.objects.restrict(request.user).filter(key__in=set(keys)))
        unknown = sorted(set(keys) - {body.key for body in bodies})
        if unknown:
            raise invalid(("body", "payload", "bodies"), f"unknown body {unknown[0]!r}")
    return states, bodies


def measure_answer(request: HttpRequest, measure: Measure) -> dict:
    """A measure with its status today, as the measures list gives it."""
    rows = queries.measure_rows_for(request.user, measure.program, timezone.localdate())
    return next(row for row in rows if row["id"] == measure.pk)


@router.post(
    "/documents/{pk}/measures",
    response={201: MeasureSchema, **error_responses(403, 404, 422)},
    summary="Add a measure to a program, plan, strategy or list of measures",
)
def post_measure(request: HttpRequest, pk: int, payload: MeasureIn):
    program = visible_or_404(Document.objects.restrict(request.user), pk)
    states, bodies = states_and_bodies(request, payload.states, payload.bodies)

    def create():
        values = payload.dict(include={"text_en", "text_ru", "starts_on", "deadline"})
        measure = create_measure(
            program, payload.number, values, states=states, bodies=bodies, actor=Actor.for_user(request.user)
        )
        return Status(201, measure_answer(request, measure))

    return writing(request, Permission.MEASURE_CHANGE, create)


@router.patch(
    "/measures/{pk}",
    response={200: MeasureSchema, **error_responses(403, 404, 422)},
    summary="Change a measure: text, dates (done, dropped: its status), responsible states and bodies",
)
def patch_measure(request: HttpRequest, pk: int, payload: MeasureChangeIn):
    measure = visible_or_404(Measure.objects.restrict(request.user).select_related("program"), pk)
    states, bodies = states_and_bodies(request, payload.states, payload.bodies)

    def change():
        values = payload.dict(exclude={"states", "bodies", "reason"}, exclude_unset=True)
        update_measure(
            measure,
            values,
            states=states,
            bodies=bodies,
            reason=payload.reason,
            actor=Actor.for_user(request.user),
        )
        return Status(200, measure_answer(request, measure))

    return writing(request, Permission.MEASURE_CHANGE, change)

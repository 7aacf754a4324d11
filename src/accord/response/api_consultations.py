"""Consultations and decisions in the API (``/api/v1/response/consultations``, ``…/requests/{key}/decision``):
the consultations the caller may see, one with its participants and outcome, holding one, and linking
the body's decision to a request (with every state's position)."""

from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from accord.charter.models import Body
from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.references import ReferenceField
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, bounded_text, model_text
from accord.decisions.models import Session
from accord.response.consultation_services import ConsultationPlan, decide, hold_consultation
from accord.response.lookups import (
    body_named,
    item_of,
    request_named,
    session_named,
    state_code,
    visible_consultations,
)
from accord.response.models import Consultation, ConsultationAttendee, Request
from accord.response.records_data import consultation_data, decision_data

router = Router(tags=["response"])


class SeatOut(Schema):
    state: str
    capacity: str


class AttendeeOut(Schema):
    body: str | None
    description: str


class ConsultationOut(Schema):
    id: int
    session: int
    body: str
    date: str
    format: str
    kind: str
    classification: int
    request: ReferenceField
    participants: list[SeatOut]
    attendees: list[AttendeeOut]
    outcome: str
    proposal_to: str | None
    proposal_item: ReferenceField


class PositionOut(Schema):
    state: str
    capacity: str
    position: str | None
    remark: str


class DecisionOut(Schema):
    session: int
    session_key: str | None
    body: str
    date: str
    item: int
    title: str
    outcome: str
    positions: list[PositionOut]


class RequestDecisionOut(Schema):
    request: str
    status: str
    decision: DecisionOut | None


class ConsultationIn(Schema):
    request: model_text(Request, "key")
    on: Day
    by: model_text(Body, "key")
    format: Literal["in-person", "video-conference"] = "in-person"
    kind: Literal["regular", "out-of-schedule"] = "regular"
    states: list[StateCode] = []
    attendee_bodies: list[model_text(Body, "key")] = []
    attendees: list[model_text(ConsultationAttendee, "description_en")] = []
    outcome: model_text(Consultation, "outcome_en") = ""
    outcome_ru: model_text(Consultation, "outcome_ru") = ""
    proposal_to: model_text(Body, "key") = ""
    proposal_session: bounded_text(100) = ""
    classification: Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"] = "RESTRICTED"
    source: bounded_text(400) = ""


class DecisionIn(Schema):
    session: bounded_text(100)
    item: int
    reason: bounded_text(2000) = ""


def consultation_plan(user: Any, request: Request, payload: ConsultationIn) -> ConsultationPlan:
    """What the payload asks for, each named record read through ``restrict`` for the caller."""
    proposal_session = session_named(user, payload.proposal_session) if payload.proposal_session else None
    return ConsultationPlan(
        body=body_named(user, payload.by),
        on=payload.on,
        format=payload.format,
        kind=payload.kind,
        states=[state_code(user, code, "states") for code in payload.states],
        attendee_bodies=[body_named(user, key) for key in payload.attendee_bodies],
        attendees=[(text, "") for text in payload.attendees],
        outcome_en=payload.outcome,
        outcome_ru=payload.outcome_ru,
        proposal_to=body_named(user, payload.proposal_to) if payload.proposal_to else None,
        proposal_session=proposal_session,
        classification=Classification[payload.classification],
        releasability=request.releasability,
        release_to=request.release_to_codes,
        source=payload.source,
    )


@router.get("/consultations", response=list[ConsultationOut], summary="Consultations the caller may see")
@paginate(Pages, page_size=50)
def list_response_consultations(request: HttpRequest, request_key: bounded_text(100) = "", **kwargs):
    require_scope(request, Permission.CONSULTATION_VIEW)
    found = visible_consultations(request.user)
    if request_key:
        found = found.filter(request__key=request_key)
    return [consultation_data(item, request.user) for item in found.order_by("-session__date", "-id")]


@router.get(
    "/consultations/{pk}",
    response={200: ConsultationOut, **error_responses(404)},
    summary="One consultation: its session, participants in their capacity, attendees, outcome",
)
def get_response_consultation(request: HttpRequest, pk: int):
    require_scope(request, Permission.CONSULTATION_VIEW)
    found = visible_consultations(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return consultation_data(found, request.user)


@router.post(
    "/consultations",
    response={201: ConsultationOut, **error_responses(403, 404, 422)},
    summary="Hold a consultation on a request (a video consultation is RESTRICTED at most)",
)
def post_response_consultation(request: HttpRequest, payload: ConsultationIn):
    require_scope(request, Permission.CONSULTATION_ADD)
    subject = request_named(request.user, payload.request)
    plan = consultation_plan(request.user, subject, payload)
    consultation = hold_consultation(subject, plan, actor=Actor.for_user(request.user))
    return Status(201, consultation_data(consultation, request.user))


@router.get(
    "/requests/{key}/decision",
    response={200: RequestDecisionOut, **error_responses(404)},
    summary="The decision on a request with every state's position (null before it is decided)",
)
def get_response_decision(request: HttpRequest, key: bounded_text(100)):
    require_scope(request, Permission.CONSULTATION_VIEW)
    subject = Request.objects.restrict(request.user).filter(key=key).first()
    if subject is None:
        raise Http404("Not found.")
    item = subject.decision_item
    visible = item is not None and Session.objects.restrict(request.user).filter(pk=item.session_id).exists()
    return {
        "request": subject.key,
        "status": subject.status,
        "decision": decision_data(item if visible else None),
    }


@router.post(
    "/requests/{key}/decision",
    response={200: RequestDecisionOut, **error_responses(403, 404, 422)},
    summary="Link the body's decision (an agenda item decided by its rule) to a request",
)
def post_response_decision(request: HttpRequest, key: bounded_text(100), payload: DecisionIn):
    require_scope(request, Permission.DECISION_LINK)
    subject = Request.objects.restrict(request.user).filter(key=key).first()
    if subject is None:
        raise Http404("Not found.")
    item = item_of(request.user, session_named(request.user, payload.session), payload.item)
    subject = decide(subject, item, actor=Actor.for_user(request.user), reason=payload.reason)
    return {"request": subject.key, "status": subject.status, "decision": decision_data(item)}

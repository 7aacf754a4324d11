"""The API of the charter's chairs and posts (mounted under /charter/ by :mod:`accord.api`, beside
:mod:`accord.charter.api`): chairs by year and the appointments to a post, each with the override it
was recorded with, and recording a chair or an appointment, checked against the charter's turns.

A path answers every method from one router (django-ninja makes one view per path and router), so
the reads of ``/chairmanships`` and ``/appointments`` live here beside their writes.
"""

from __future__ import annotations

import datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Router, Schema, Status

from accord.charter import models as charter
from accord.charter import queries, rules
from accord.charter.facts import load_facts
from accord.charter.post_changes import (
    AppointmentChange,
    ChairChange,
    chair_overrides,
    record_appointment,
    record_chair,
)
from accord.charter.presenters import answer_payload, reasons_text
from accord.charter.services import state_by_code_or_name
from accord.core.access import Permission
from accord.core.api_errors import error_responses, invalid
from accord.core.audit import Actor
from accord.core.models import Source
from accord.core.scopes import require_scope
from accord.core.validation import Day, Year, model_text

router = Router(tags=["charter"])


class ChairSchema(Schema):
    year: int
    state: str | None
    projected: bool
    reasons: list[str]
    sources: list[str]
    override_reason: str = ""  # why a recorded chair was kept although the rotation refused it


class ChairIn(Schema):
    state: model_text(charter.State, "name_en")
    year: Year
    source: model_text(Source, "title")
    note: model_text(charter.Chairmanship, "note") = ""
    override: model_text(charter.Chairmanship, "override_reason") = ""


class ChairOut(Schema):
    year: int
    state: str
    note: str
    source_keys: list[str]
    override_reason: str
    reasons: list[str]


class AppointmentIn(Schema):
    post: model_text(charter.Post, "key")
    person: model_text(charter.Appointment, "person_en")
    person_ru: model_text(charter.Appointment, "person_ru") = ""
    state: model_text(charter.State, "name_en")
    start: Day
    until: Day | None = None
    acting: bool = False
    source: model_text(Source, "title")
    override: model_text(charter.Appointment, "override_reason") = ""


class AppointmentSchema(Schema):
    post: str
    person: str
    person_ru: str
    state: str
    valid_from: datetime.date
    valid_to: datetime.date | None
    acting: bool
    source_keys: list[str]
    override_reason: str


class AppointmentOut(AppointmentSchema):
    reasons: list[str]


def appointment_payload(appointment: charter.Appointment) -> dict:
    """An appointment as the API shows it, with the override it was recorded with ("" if none)."""
    return {
        "post": appointment.post.key,
        "person": appointment.person_en,
        "person_ru": appointment.person_ru,
        "state": appointment.state.code,
        "valid_from": appointment.valid_from,
        "valid_to": appointment.valid_to,
        "acting": appointment.acting,
        "source_keys": appointment.source_keys,
        "override_reason": appointment.override_reason,
    }


@router.get("/chairmanships", response=list[ChairSchema], summary="Chairs by year, recorded or projected")
def list_chairmanships(request: HttpRequest, first: Year | None = None, last: Year | None = None):
    facts = load_facts(request.user)
    default_first, default_last = queries.default_chair_range(facts, timezone.localdate())
    first, last = first or default_first, last or default_last
    if last < first or last - first > 200:
        raise invalid(("query", "last"), "ask for at most 200 years, first before last")
    overrides = chair_overrides(request.user)
    return [
        answer_payload(
            answer,
            year=year,
            state=answer.value,
            override_reason="" if answer.projected else overrides.get(year, ""),
        )
        for year, answer in queries.chair_years(facts, first, last)
    ]


@router.get("/chairmanships/{year}", response=ChairSchema, summary="The chair for one year")
def get_chair(request: HttpRequest, year: Year):
    answer = rules.chair_for_year(load_facts(request.user), year)
    override = "" if answer.projected else chair_overrides(request.user).get(year, "")
    return answer_payload(answer, year=year, state=answer.value, override_reason=override)


@router.post(
    "/chairmanships",
    response={201: ChairOut, **error_responses(403, 422)},
    summary="Record the chair for a year, checked against the rotation (scope charter:chairmanship:change)",
)
def post_chair(request: HttpRequest, payload: ChairIn):
    require_scope(request, Permission.CHAIR_CHANGE)
    change = ChairChange(
        state_by_code_or_name(payload.state), payload.year, payload.source, payload.note, payload.override
    )
    chair, answer = record_chair(change, actor=Actor.for_user(request.user))
    return Status(
        201,
        {
            "year": chair.year,
            "state": chair.state.code,
            "note": chair.note,
            "source_keys": chair.source_keys,
            "override_reason": chair.override_reason,
            "reasons": reasons_text(answer),
        },
    )


@router.post(
    "/appointments",
    response={201: AppointmentOut, **error_responses(403, 422)},
    summary="Record an appointment, checked against the charter's turns (scope charter:appointment:change)",
)
def post_appointment(request: HttpRequest, payload: AppointmentIn):
    require_scope(request, Permission.APPOINTMENT_CHANGE)
    change = AppointmentChange(
        payload.post,
        payload.person,
        state_by_code_or_name(payload.state),
        payload.start,
        payload.source,
        until=payload.until,
        acting=payload.acting,
        person_ru=payload.person_ru,
        override=payload.override,
    )
    appointment, answer = record_appointment(change, actor=Actor.for_user(request.user))
    return Status(201, {**appointment_payload(appointment), "reasons": reasons_text(answer)})


@router.get(
    "/appointments",
    response=list[AppointmentSchema],
    summary="The recorded appointments (to one post with ?post=), with the overrides they were recorded with",
)
def list_appointments(request: HttpRequest, post: model_text(charter.Post, "key") = ""):
    appointments = charter.Appointment.objects.restrict(request.user).select_related("post", "state")
    if post:
        appointments = appointments.filter(post__key=post)
    return [appointment_payload(item) for item in appointments]

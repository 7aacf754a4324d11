"""The joint trainings API (``/api/v1/forces/trainings…``): the plan and its life as the caller may
see it, and the writes (plan, postpone, relocate, cancel, hold, join, withdraw) through the services
(403 for a permission, 422 with the field for a rule)."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Schema, Status

from accord.charter.models import State
from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.audit import Actor
from accord.core.references import References, api_value
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, Year, bounded_text
from accord.forces.models import Formation, Training, TrainingChange, TrainingParticipant, TrainingSeries
from accord.forces.trainings import editing, services
from accord.forces.trainings.queries import plan_on, totals, visible_trainings, year_trainings

router = Router(tags=["forces"])
Reason = bounded_text(2000)


def training_payload(training: Training, refs: References) -> dict[str, Any]:
    return {
        "id": training.pk,
        "key": training.key,
        "name_en": training.name_en,
        "name_ru": training.name_ru,
        "series": training.series.key,
        "year": training.year,
        "host": api_value(refs.to_record(training.host)) if training.host_id else None,
        "place_en": training.place_en,
        "place_ru": training.place_ru,
        "planned_start": training.planned_start,
        "planned_end": training.planned_end,
        "planned_precision": training.planned_precision,
        "status": training.status,
        "relocated": training.relocated,
        "held_start": training.held_start,
        "held_end": training.held_end,
        "held_precision": training.held_precision,
        "personnel": training.personnel,
        "personnel_about": training.personnel_about,
        "classification": int(training.classification),
        "releasability": training.releasability,
        "sources": training.source_keys,
    }


def change_payload(change: TrainingChange, refs: References) -> dict[str, Any]:
    return {
        "id": change.pk,
        "kind": change.kind,
        "effective": change.effective,
        "effective_precision": change.effective_precision,
        "before": change.before,
        "plan": change.plan,
        "reason_en": change.reason_en,
        "reason_ru": change.reason_ru,
        "decision": api_value(refs.from_record(change, "decision")) if change.decision_id else None,
        "sources": change.source_keys,
        "recorded_by": change.recorded_by,
        "recorded_at": change.recorded_at,
    }


def participant_payload(item: TrainingParticipant) -> dict[str, Any]:
    return {
        "state": item.state.code,
        "capacity": item.capacity,
        "personnel": item.personnel,
        "reasons": services.rendered(item.reasons),
    }


def visible_or_404(request: HttpRequest, pk: int) -> Training:
    found = visible_trainings(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404("Not found.")
    return found


@router.get("/trainings", summary="A year's joint trainings the caller may see, with the year's totals")
def list_trainings(request: HttpRequest, year: Year, on: Day | None = None):
    require_scope(request, Permission.TRAINING_VIEW)
    if not 1992 <= year <= 2100:
        raise services.TrainingError(_("a year from 1992 to 2100"), field="year")
    refs = References(request.user)
    trainings = year_trainings(request.user, year)
    found = totals(request.user, year, trainings)
    rows = []
    for training in trainings:
        row = training_payload(training, refs)
        if on is not None:
            row["plan_on"] = plan_on(training, on)
        rows.append(row)
    keys = ("planned", "held", "postponed", "cancelled", "relocated", "personnel", "announced_count")
    return {
        "year": year,
        "items": rows,
        "totals": {key: getattr(found, key) for key in keys},
        "sources": found.sources,
    }


@router.get("/trainings/{pk}", summary="One joint training (404 if not visible)")
def get_training(request: HttpRequest, pk: int):
    require_scope(request, Permission.TRAINING_VIEW)
    training = visible_or_404(request, pk)
    refs = References(request.user)
    return {
        **training_payload(training, refs),
        "phases": [
            {"name_en": p.name_en, "name_ru": p.name_ru, "start": p.start, "end": p.end}
            for p in training.phases.all()
        ],
        "findings": [
            {"number": f.number, "text_en": f.text_en, "text_ru": f.text_ru} for f in training.findings.all()
        ],
        "lessons": api_value(refs.from_record(training, "lessons")) if training.lessons_id else None,
    }


@router.get("/trainings/{pk}/changes", summary="The life of a training: every change, with the plan after it")
def get_changes(request: HttpRequest, pk: int):
    require_scope(request, Permission.TRAINING_VIEW)
    training = visible_or_404(request, pk)
    refs = References(request.user)
    return [change_payload(change, refs) for change in training.changes.all()]


@router.get("/trainings/{pk}/participants", summary="The states taking part, with the charter's reasons")
def get_participants(request: HttpRequest, pk: int):
    require_scope(request, Permission.TRAINING_VIEW)
    training = visible_or_404(request, pk)
    return [participant_payload(item) for item in training.participants.select_related("state")]


class PlanIn(Schema):
    name: bounded_text(300)
    name_ru: bounded_text(300) = ""
    series: bounded_text(64)
    host: StateCode
    start: Day
    end: Day
    formations: list[bounded_text(64)] = []
    source: bounded_text(2000)


class PostponeIn(Schema):
    reason: Reason
    start: Day | None = None
    end: Day | None = None


class RelocateIn(Schema):
    host: StateCode
    reason: Reason


class CancelIn(Schema):
    reason: Reason


class HoldIn(Schema):
    start: Day
    end: Day
    personnel: int | None = None


class JoinIn(Schema):
    state: StateCode
    capacity: Literal["participant", "observer"] = "participant"
    personnel: int | None = None


def state_or_422(code: str) -> State:
    found = State.objects.filter(code=code.upper()).first()
    if found is None:
        raise services.TrainingError("unknown state", field="state")
    return found


def done(request: HttpRequest, training: Training, status: int = 200):
    fresh = visible_trainings(request.user).get(pk=training.pk)
    return Status(status, training_payload(fresh, References(request.user)))


RESPONSES = {200: dict, **error_responses(403, 404, 422)}


@router.post(
    "/trainings", response={201: dict, **error_responses(403, 422)}, summary="Put a training on the plan"
)
def post_training(request: HttpRequest, payload: PlanIn):
    require_scope(request, Permission.TRAINING_ADD)
    series = TrainingSeries.objects.restrict(request.user).filter(key=payload.series).first()
    if series is None:
        raise services.TrainingError("unknown series", field="series")
    formations = list(Formation.objects.restrict(request.user).filter(key__in=payload.formations))
    if len(formations) != len(set(payload.formations)):
        raise services.TrainingError("unknown formation", field="formations")
    training = services.plan_training(
        name=payload.name,
        name_ru=payload.name_ru,
        series=series,
        host=state_or_422(payload.host),
        start=payload.start,
        end=payload.end,
        formations=formations,
        source=payload.source,
        actor=Actor.for_user(request.user),
    )
    return done(request, training, 201)


@router.post("/trainings/{pk}/postpone", response=RESPONSES, summary="Postpone (to new dates or none)")
def post_postpone(request: HttpRequest, pk: int, payload: PostponeIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    services.postpone(
        training,
        actor=Actor.for_user(request.user),
        reason=payload.reason,
        start=payload.start,
        end=payload.end,
    )
    return done(request, training)


@router.post("/trainings/{pk}/relocate", response=RESPONSES, summary="Move to another host")
def post_relocate(request: HttpRequest, pk: int, payload: RelocateIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    services.relocate(
        training, state_or_422(payload.host), actor=Actor.for_user(request.user), reason=payload.reason
    )
    return done(request, training)


@router.post("/trainings/{pk}/cancel", response=RESPONSES, summary="Cancel")
def post_cancel(request: HttpRequest, pk: int, payload: CancelIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    services.cancel(training, actor=Actor.for_user(request.user), reason=payload.reason)
    return done(request, training)


@router.post("/trainings/{pk}/hold", response=RESPONSES, summary="Record as held")
def post_hold(request: HttpRequest, pk: int, payload: HoldIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    services.hold(
        training,
        actor=Actor.for_user(request.user),
        start=payload.start,
        end=payload.end,
        personnel=payload.personnel,
    )
    return done(request, training)


@router.post(
    "/trainings/{pk}/participants",
    response={201: dict, **error_responses(403, 404, 422)},
    summary="A state joins, in the capacity the charter allows (422 with the charter's reasons)",
)
def post_join(request: HttpRequest, pk: int, payload: JoinIn):
    require_scope(request, Permission.TRAINING_JOIN)
    training = visible_or_404(request, pk)
    record = services.join(
        training,
        state_or_422(payload.state),
        actor=Actor.for_user(request.user),
        wanted=payload.capacity,
        personnel=payload.personnel,
    )
    return Status(201, participant_payload(record))


class EditIn(Schema):
    """Only the fields given change; ``reason`` is required."""

    reason: Reason
    name_en: bounded_text(300) | None = None
    name_ru: bounded_text(300) | None = None
    place_en: bounded_text(200) | None = None
    place_ru: bounded_text(200) | None = None
    start: Day | None = None
    end: Day | None = None
    series: bounded_text(64) | None = None
    formations: list[bounded_text(64)] | None = None
    classification: int | None = None
    releasability: bounded_text(32) | None = None
    release_to: list[StateCode] | None = None


class PhaseIn(Schema):
    name_en: bounded_text(200)
    name_ru: bounded_text(200) = ""
    start: Day | None = None
    end: Day | None = None


@router.patch("/trainings/{pk}", response=RESPONSES, summary="Correct the plan (an `edited` change)")
def patch_training(request: HttpRequest, pk: int, payload: EditIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    series = None
    if payload.series is not None:
        series = TrainingSeries.objects.restrict(request.user).filter(key=payload.series).first()
        if series is None:
            raise services.TrainingError("unknown series", field="series")
    formations = None
    if payload.formations is not None:
        formations = list(Formation.objects.restrict(request.user).filter(key__in=payload.formations))
        if len(formations) != len(set(payload.formations)):
            raise services.TrainingError("unknown formation", field="formations")
    editing.edit_plan(
        training,
        actor=Actor.for_user(request.user),
        reason=payload.reason,
        texts={name: getattr(payload, name) for name in editing.TEXTS},
        start=payload.start,
        end=payload.end,
        series=series,
        formations=formations,
        labels={
            "classification": payload.classification,
            "releasability": payload.releasability,
            "release_to": ",".join(payload.release_to) if payload.release_to is not None else None,
        },
    )
    return done(request, training)


@router.post(
    "/trainings/{pk}/phases",
    response={201: dict, **error_responses(403, 404, 422)},
    summary="Add a phase, its dates within the training's",
)
def post_phase(request: HttpRequest, pk: int, payload: PhaseIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    phase = services.add_phase(
        training,
        payload.name_en,
        name_ru=payload.name_ru,
        start=payload.start,
        end=payload.end,
        actor=Actor.for_user(request.user),
    )
    return Status(
        201, {"name_en": phase.name_en, "name_ru": phase.name_ru, "start": phase.start, "end": phase.end}
    )


class FindingIn(Schema):
    text_en: bounded_text(4000)
    text_ru: bounded_text(4000) = ""


class MeasureIn(Schema):
    text_en: bounded_text(4000)
    text_ru: bounded_text(4000) = ""
    deadline: Day | None = None
    states: list[StateCode] = []


@router.post(
    "/trainings/{pk}/findings",
    response={201: dict, **error_responses(403, 404, 422)},
    summary="Record a lesson learned (what was found, no names)",
)
def post_finding(request: HttpRequest, pk: int, payload: FindingIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    finding = services.add_finding(
        training, payload.text_en, text_ru=payload.text_ru, actor=Actor.for_user(request.user)
    )
    return Status(201, {"number": finding.number, "text_en": finding.text_en, "text_ru": finding.text_ru})


@router.post(
    "/trainings/{pk}/measures",
    response={201: dict, **error_responses(403, 404, 422)},
    summary="A follow-up measure with its owners and deadline, in the training's lessons document",
)
def post_training_measure(request: HttpRequest, pk: int, payload: MeasureIn):
    require_scope(request, Permission.TRAINING_CHANGE)
    training = visible_or_404(request, pk)
    states = [state_or_422(code) for code in payload.states]
    measure = services.add_follow_up(
        training,
        payload.text_en,
        text_ru=payload.text_ru,
        deadline=payload.deadline,
        states=states,
        actor=Actor.for_user(request.user),
    )
    return Status(
        201,
        {
            "program": measure.program_id,
            "number": measure.number,
            "text_en": measure.text_en,
            "deadline": measure.deadline,
            "states": [state.code for state in states],
        },
    )


@router.delete(
    "/trainings/{pk}/participants/{code}",
    response={204: None, **error_responses(403, 404)},
    summary="Withdraw",
)
def delete_participant(request: HttpRequest, pk: int, code: StateCode):
    require_scope(request, Permission.TRAINING_JOIN)
    training = visible_or_404(request, pk)
    record = training.participants.filter(state__code=code.upper()).first()
    if record is None:
        raise Http404("Not found.")
    services.withdraw(record, actor=Actor.for_user(request.user))
    return Status(204, None)


__all__ = ["datetime", "router"]

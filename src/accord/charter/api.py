"""The charter's JSON API: the same answers as the CLI and the pages, each with reasons."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.charter import models as charter
from accord.charter import queries, rules
from accord.charter.facts import load_facts
from accord.charter.instrument_changes import Ratification, ratify
from accord.charter.post_changes import holder_override
from accord.charter.presenters import answer_payload, reasons_text
from accord.charter.services import state_by_code_or_name
from accord.charter.status_changes import StatusChange, record_status
from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.models import Source
from accord.core.scopes import require_scope
from accord.core.validation import Day, SearchQuery, StateCode, model_text

router = Router(tags=["charter"])


class StateSchema(Schema):
    code: str
    name_en: str
    name_ru: str
    un_member_since: datetime.date | None
    status: str | None


class StatusSpanSchema(Schema):
    status: str
    valid_from: datetime.date | None
    valid_from_precision: str
    valid_to: datetime.date | None
    note: str
    source_keys: list[str]


class RightSchema(Schema):
    key: str
    description_en: str
    description_ru: str
    source_keys: list[str]


class StateDetailSchema(Schema):
    code: str
    name_en: str
    name_ru: str
    un_member_since: datetime.date | None
    on: datetime.date
    status: str | None
    reasons: list[str]
    history: list[StatusSpanSchema]
    rights: list[RightSchema]
    regions: list[str]


class AnswerSchema(Schema):
    projected: bool
    reasons: list[str]
    sources: list[str]


class PostHolderSchema(AnswerSchema):
    post: str
    on: datetime.date
    holder: dict[str, Any] | None
    override_reason: str = ""  # why the holder's appointment was kept although the rules refused it


class BodySchema(Schema):
    key: str
    name_en: str
    name_ru: str
    level: str
    decision_rule: str
    composition_en: str
    composition_ru: str
    parent: str | None
    source_keys: list[str]


class PostSchema(Schema):
    key: str
    name_en: str
    name_ru: str
    body: str | None
    appointed_by: str | None
    rotation: str | None


class StatusesSchema(AnswerSchema):
    on: datetime.date
    statuses: dict[str, str]


class ParticipantSchema(Schema):
    state: str
    signed_on: datetime.date | None
    signed_precision: str
    signed_place: str
    signed_by: str
    ratified_on: datetime.date | None
    ratified_precision: str
    override_reason: str
    source_keys: list[str]


class InstrumentSchema(AnswerSchema):
    key: str
    title_en: str
    title_ru: str
    kind: str
    on: datetime.date
    in_force: bool | None
    missing: list[str]
    unknown: list[str]
    participants: list[ParticipantSchema]


class CriterionResultSchema(Schema):
    key: str
    reasons: list[str]
    description: str
    description_ru: str
    result: str
    sources: list[str]


class EligibilitySchema(AnswerSchema):
    state: str
    status: str
    on: str
    answer: str
    criteria: list[CriterionResultSchema]
    missing: list[str]


class RatificationIn(Schema):
    instrument: model_text(charter.Instrument, "key")
    state: model_text(charter.State, "name_en")
    on: Day
    source: model_text(Source, "title")
    publisher: model_text(Source, "publisher") = ""
    published_on: Day | None = None
    override: model_text(charter.InstrumentParticipant, "override_reason") = ""


class StatusIn(Schema):
    state: model_text(charter.State, "name_en")
    status: Literal["member", "suspended", "frozen", "observer", "partner", "former"]
    start: Day
    source: model_text(Source, "title")
    reason: model_text(charter.StateStatus, "override_reason")
    decision: model_text(Source, "title") = ""
    override: model_text(charter.StateStatus, "override_reason") = ""


class StatusOut(Schema):
    state: str
    status: str
    valid_from: datetime.date
    source_keys: list[str]
    decision_key: str
    override_reason: str
    reasons: list[str]


class RatificationOut(Schema):
    instrument: str
    state: str
    ratified_on: datetime.date
    source_keys: list[str]
    override_reason: str
    reasons: list[str]


def today() -> datetime.date:
    """The default date of a question."""
    return timezone.localdate()


@router.get("/states", response=list[StateSchema], summary="States with their status on a date")
@paginate(Pages, page_size=50)
def list_states(
    request: HttpRequest,
    q: SearchQuery = "",
    status: Literal["", "any", *charter.Status.values] = "",
    on: Day | None = None,
    **kwargs: Any,
):
    rows = queries.visible_states(request.user, q, status, on or today())
    return [
        {
            "code": row.state.code,
            "name_en": row.state.name_en,
            "name_ru": row.state.name_ru,
            "un_member_since": row.state.un_member_since,
            "status": row.status,
        }
        for row in rows
    ]


@router.get(
    "/states/{code}", response=StateDetailSchema, summary="One state: status history, rights, regions"
)
def get_state(request: HttpRequest, code: StateCode, on: Day | None = None):
    state = charter.State.objects.restrict(request.user).filter(code=code.upper()).first()
    if state is None:
        raise Http404("No such state.")
    on = on or today()
    answer = rules.status_of(load_facts(request.user), state.code, on)
    return {
        "code": state.code,
        "name_en": state.name_en,
        "name_ru": state.name_ru,
        "un_member_since": state.un_member_since,
        "on": on,
        "status": answer.value,
        "reasons": answer_payload(answer)["reasons"],
        "history": list(queries.status_history(request.user, state)),
        "rights": list(queries.rights_for(request.user, answer.value)),
        "regions": list(state.regions.restrict(request.user).values_list("key", flat=True)),
    }


@router.get("/statuses", response=StatusesSchema, summary="The status of every state on a date")
def get_statuses(request: HttpRequest, on: Day | None = None):
    on = on or today()
    answer = rules.statuses_on(load_facts(request.user), on)
    return answer_payload(answer, on=on, statuses=answer.value)


@router.get("/bodies", response=list[BodySchema], summary="Bodies and how they decide")
def list_bodies(request: HttpRequest):
    return [
        {
            "key": body.key,
            "name_en": body.name_en,
            "name_ru": body.name_ru,
            "level": body.level,
            "decision_rule": body.decision_rule,
            "composition_en": body.composition_en,
            "composition_ru": body.composition_ru,
            "parent": body.parent.key if body.parent else None,
            "source_keys": body.source_keys,
        }
        for body in charter.Body.objects.restrict(request.user).select_related("parent")
    ]


@router.get("/posts", response=list[PostSchema], summary="Posts of the Organization")
def list_posts(request: HttpRequest):
    return [
        {
            "key": post.key,
            "name_en": post.name_en,
            "name_ru": post.name_ru,
            "body": post.body.key if post.body else None,
            "appointed_by": post.appointed_by.key if post.appointed_by else None,
            "rotation": post.rotation.key if post.rotation else None,
        }
        for post in charter.Post.objects.restrict(request.user).select_related(
            "body", "appointed_by", "rotation"
        )
    ]


@router.get(
    "/posts/{key}/holder",
    response={200: PostHolderSchema, **error_responses(404)},
    summary="Who holds a post on a date, or whose turn it is",
)
def get_post_holder(request: HttpRequest, key: model_text(charter.Post, "key"), on: Day | None = None):
    facts = load_facts(request.user)
    if key not in facts.posts:
        return Status(404, {"detail": f"No post {key!r}."})
    on = on or today()
    answer = rules.post_holder_on(facts, key, on)
    override = holder_override(request.user, key, answer.value)
    return answer_payload(answer, post=key, on=on, holder=answer.value, override_reason=override)


def instrument_payload(
    request: HttpRequest, instrument: charter.Instrument, on: datetime.date
) -> dict[str, Any]:
    """An instrument with its status on a date and its ratification table."""
    answer = rules.instrument_status_on(load_facts(request.user), instrument.key, on)
    participants = (
        charter.InstrumentParticipant.objects.restrict(request.user)
        .filter(instrument=instrument)
        .select_related("state")
    )
    return answer_payload(
        answer,
        key=instrument.key,
        title_en=instrument.title_en,
        title_ru=instrument.title_ru,
        kind=instrument.kind,
        on=on,
        in_force=answer.value["in_force"],
        missing=answer.value["missing"],
        unknown=answer.value["unknown"],
        participants=[
            {
                "state": item.state.code,
                "signed_on": item.signed_on,
                "signed_precision": item.signed_precision,
                "signed_place": item.signed_place,
                "signed_by": item.signed_by,
                "ratified_on": item.ratified_on,
                "ratified_precision": item.ratified_precision,
                "override_reason": item.override_reason,
                "source_keys": item.source_keys,
            }
            for item in participants
        ],
    )


@router.get(
    "/instruments", response=list[InstrumentSchema], summary="Instruments and whether they are in force"
)
def list_instruments(request: HttpRequest, pending: bool = False, on: Day | None = None):
    on = on or today()
    results = [
        instrument_payload(request, item, on) for item in charter.Instrument.objects.restrict(request.user)
    ]
    if pending:
        results = [
            item for item in results if item["in_force"] is not True and (item["missing"] or item["unknown"])
        ]
    return results


@router.get(
    "/instruments/{key}", response=InstrumentSchema, summary="One instrument and its ratification table"
)
def get_instrument(request: HttpRequest, key: model_text(charter.Instrument, "key"), on: Day | None = None):
    instrument = charter.Instrument.objects.restrict(request.user).filter(key=key).first()
    if instrument is None:
        raise Http404("No such instrument.")
    return instrument_payload(request, instrument, on or today())


class EligibilityQuery(Schema):
    state: model_text(charter.State, "name_en")
    status: Literal["observer", "partner", "member"]
    on: Day | None = None


@router.get(
    "/eligibility",
    response={200: EligibilitySchema, **error_responses(422)},
    summary="Whether a state may be granted a status on a date",
)
def get_eligibility(request: HttpRequest, params: Query[EligibilityQuery]):
    state = state_by_code_or_name(params.state)
    if not charter.State.objects.restrict(request.user).filter(pk=state.pk).exists():
        return Status(422, {"detail": f"unknown state {params.state!r}"})
    answer = rules.eligibility(load_facts(request.user), state.code, params.status, params.on or today())
    return answer_payload(answer, **answer.value)


@router.post(
    "/ratifications",
    response={201: RatificationOut, **error_responses(403, 422)},
    summary=(
        "Record a ratification, refused for a state that is not a party unless overridden "
        "(scope charter:instrumentparticipant:change; liaison officers: own state)"
    ),
)
def post_ratification(request: HttpRequest, payload: RatificationIn):
    require_scope(request, Permission.RATIFICATION_CHANGE)
    state = state_by_code_or_name(payload.state)
    ratification = Ratification(
        payload.instrument,
        state,
        payload.on,
        payload.source,
        payload.override,
        payload.publisher,
        payload.published_on,
    )
    participant, answer = ratify(ratification, actor=Actor.for_user(request.user))
    return Status(
        201,
        {
            "instrument": payload.instrument,
            "state": state.code,
            "ratified_on": payload.on,
            "source_keys": participant.source_keys,
            "override_reason": participant.override_reason,
            "reasons": reasons_text(answer),
        },
    )


@router.post(
    "/statuses",
    response={201: StatusOut, **error_responses(403, 422)},
    summary="Record a state's status from a date, checked by the charter (scope charter:statestatus:change)",
)
def post_status(request: HttpRequest, payload: StatusIn):
    require_scope(request, Permission.STATUS_CHANGE)
    state = state_by_code_or_name(payload.state)
    change = StatusChange(
        state,
        payload.status,
        payload.start,
        payload.source,
        payload.reason,
        payload.decision,
        payload.override,
    )
    span, answer = record_status(change, actor=Actor.for_user(request.user))
    return Status(
        201,
        {
            "state": state.code,
            "status": span.status,
            "valid_from": span.valid_from,
            "source_keys": span.source_keys,
            "decision_key": span.decision_key,
            "override_reason": span.override_reason,
            "reasons": reasons_text(answer),
        },
    )

"""The joint operations in the API (``/api/v1/forces/operations``): the list, one operation with its
phases, participants, results and totals, and recording a result (an aggregate figure, never a name)."""

from decimal import Decimal
from typing import Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.charter.models import State
from accord.core.access import Permission
from accord.core.api_errors import error_responses, invalid
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.scopes import require_scope
from accord.core.validation import StateCode, bounded_text, model_text
from accord.forces.models import Indicator, Operation, OperationPhase, OperationResult, OperationType
from accord.forces.operations import services
from accord.forces.operations.presenters import operation_json, participant_json, result_json, summary_json
from accord.forces.operations.totals import visible_results

router = Router(tags=["forces"])


class OperationSummary(Schema):
    key: str
    type: str
    name: str
    year: int
    threat: str
    sources: list[str]


class Phase(Schema):
    key: str
    name: str
    start: str
    end: str
    sources: list[str]


class Participant(Schema):
    state: str
    capacity: str
    reason: str
    sources: list[str]


class IndicatorOut(Schema):
    key: str
    name: str
    unit: str
    unit_name: str = ""
    aggregation: str


class ResultOut(Schema):
    id: int
    phase: str
    phase_name: str = ""
    state: str | None
    indicator: str
    indicator_name: str
    value: str
    qualifier: str
    unit: str
    unit_name: str = ""
    source: str
    note: str
    withdrawn: bool
    classification: int
    releasability: str


class TotalOut(Schema):
    indicator: str
    indicator_name: str = ""
    state: str | None = None
    value: str
    unit: str
    unit_name: str = ""
    sources: list[str]
    qualifier: str


class OperationDetail(OperationSummary):
    note: str
    phases: list[Phase]
    participants: list[Participant]
    indicators: list[IndicatorOut]
    results: list[ResultOut]
    totals: list[TotalOut]
    totals_by_state: list[TotalOut]


class ResultIn(Schema):
    phase: model_text(OperationPhase, "key")
    state: StateCode | None = None
    indicator: model_text(Indicator, "key")
    value: Decimal = Field(ge=0, max_digits=14, decimal_places=3)
    qualifier: Literal["exact", "about", "more-than"] = "exact"
    source: model_text(OperationResult, "source")
    note: bounded_text(2000) = ""
    classification: Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"] = "RESTRICTED"
    releasability: Literal["everyone", "members-and-partners", "members-only"] = "members-only"


def visible_operation(request: HttpRequest, key: str) -> Operation:
    found = services.operation_for(request.user, key)
    if found is None:
        raise Http404("Not found.")
    return found


@router.get("/operations", response=list[OperationSummary], summary="Joint operations the caller may see")
@paginate(Pages, page_size=50)
def list_operations(
    request: HttpRequest,
    year: int | None = None,
    type: model_text(OperationType, "key") = "",
    sort: Literal["-year", "year", "type"] = "-year",
    **kwargs,
):
    require_scope(request, Permission.OPERATION_VIEW)
    found = Operation.objects.restrict(request.user).select_related("operation_type")
    if year is not None:
        if not 1992 <= year <= 2200:
            raise invalid(["query", "year"], "a year from 1992 to 2200")
        found = found.filter(year=year)
    if type:
        found = found.filter(operation_type__key=type)
    order = {
        "-year": ["-year", "operation_type__key"],
        "year": ["year", "operation_type__key"],
        "type": ["operation_type__key", "-year"],
    }[sort]
    return [summary_json(item) for item in found.order_by(*order)]


@router.get(
    "/operations/{key}",
    response={200: OperationDetail, **error_responses(404)},
    summary="One operation: phases, participants and their capacity, results and totals with sources",
)
def get_operation(request: HttpRequest, key: model_text(Operation, "key")):
    require_scope(request, Permission.OPERATION_VIEW)
    return operation_json(request.user, visible_operation(request, key))


@router.get(
    "/operations/{key}/results",
    response={200: list[ResultOut], **error_responses(404)},
    summary="The results of an operation the caller may see (aggregate figures only)",
)
def get_results(request: HttpRequest, key: model_text(Operation, "key")):
    require_scope(request, Permission.OPERATION_VIEW)
    operation = visible_operation(request, key)
    return [result_json(item) for item in visible_results(request.user, [operation])]


@router.post(
    "/operations/{key}/results",
    response={201: ResultOut, **error_responses(403, 404, 422)},
    summary="Record a result: a figure for a phase, a state and an indicator of the operation's type",
)
def post_result(request: HttpRequest, key: model_text(Operation, "key"), payload: ResultIn):
    require_scope(request, Permission.OPERATION_RESULT_ADD)
    operation = visible_operation(request, key)
    state = None
    if payload.state:
        state = State.objects.restrict(request.user).filter(code=payload.state).first()
        if state is None:
            raise invalid(["body", "state"], f"no state {payload.state}")
    result = services.record_result(
        operation,
        phase=payload.phase,
        state=state,
        indicator=payload.indicator,
        value=payload.value,
        source=payload.source,
        note=payload.note,
        qualifier=payload.qualifier,
        classification=Classification[payload.classification],
        releasability=payload.releasability,
        actor=Actor.for_user(request.user),
    )
    return Status(201, result_json(result))


class CorrectIn(Schema):
    """What a correction changes (what is left out stays as it is) and why."""

    reason: model_text(OperationResult, "note")
    value: Decimal | None = Field(None, ge=0, max_digits=14, decimal_places=3)
    qualifier: Literal["exact", "about", "more-than"] | None = None
    source: model_text(OperationResult, "source") | None = None
    note: model_text(OperationResult, "note") | None = None


class WithdrawIn(Schema):
    reason: model_text(OperationResult, "note")


class JoinIn(Schema):
    state: StateCode


def visible_result(request: HttpRequest, operation: Operation, result_id: int) -> OperationResult:
    """A result of the operation the caller sees (404 otherwise, whether it exists or not)."""
    found = OperationResult.objects.restrict(request.user).filter(operation=operation, pk=result_id).first()
    if found is None:
        raise Http404("Not found.")
    return found


@router.patch(
    "/operations/{key}/results/{result_id}",
    response={200: ResultOut, **error_responses(403, 404, 422)},
    summary="Correct a result (its figure, precision, source or note), with the reason kept on the record",
)
def patch_result(request: HttpRequest, key: model_text(Operation, "key"), result_id: int, payload: CorrectIn):
    require_scope(request, Permission.OPERATION_RESULT_CHANGE)
    result = visible_result(request, visible_operation(request, key), result_id)
    services.correct_result(
        result,
        actor=Actor.for_user(request.user),
        reason=payload.reason,
        value=payload.value,
        qualifier=payload.qualifier,
        source=payload.source,
        note=payload.note,
    )
    return result_json(result)


@router.post(
    "/operations/{key}/results/{result_id}/withdraw",
    response={200: ResultOut, **error_responses(403, 404, 422)},
    summary="Withdraw a result: it stays on the record, marked, and counts nowhere",
)
def post_withdraw(
    request: HttpRequest, key: model_text(Operation, "key"), result_id: int, payload: WithdrawIn
):
    require_scope(request, Permission.OPERATION_RESULT_CHANGE)
    result = visible_result(request, visible_operation(request, key), result_id)
    services.withdraw_result(result, actor=Actor.for_user(request.user), reason=payload.reason)
    return result_json(result)


@router.post(
    "/operations/{key}/participants",
    response={201: Participant, **error_responses(403, 404, 422)},
    summary="A state joins, in the capacity the charter gives it (422 with the charter's reasons on state)",
)
def post_participant(request: HttpRequest, key: model_text(Operation, "key"), payload: JoinIn):
    require_scope(request, Permission.OPERATION_JOIN)
    operation = visible_operation(request, key)
    state = State.objects.restrict(request.user).filter(code=payload.state).first()
    if state is None:
        raise invalid(["body", "state"], f"no state {payload.state}")
    participant = services.add_participant(operation, state, actor=Actor.for_user(request.user))
    return Status(201, participant_json(participant, participant.reason))

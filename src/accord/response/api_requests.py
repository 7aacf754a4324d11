"""Requests for assistance in the API (``/api/v1/response/requests``): the list, one request as of a
date (status, steps, lines with the gap, the decision with positions, deployments, consultations),
recording one with its lines, and moving it a step. A refusal is a 422 naming the field
(``lines.2.quantity``); a writer without the right gets 403 with the reason."""

from decimal import Decimal
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.charter.models import AssistanceBasis
from accord.core.access import Action, Permission
from accord.core.api_errors import error_responses, invalid
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.classification import Classification
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, bounded_text, model_text
from accord.response.models import Crisis, LineKind, Request, RequestLine, RequestStatus, RequestStep
from accord.response.requests import services
from accord.response.requests.presenters import request_json, summary_json

router = Router(tags=["response"])

Status_ = Literal[tuple(RequestStatus.values)]  # type: ignore[valid-type]
SORTS = {
    "-date": ["-requested_on", "-id"],
    "date": ["requested_on", "id"],
    "state": ["state__code", "-requested_on"],
    "status": ["status", "-requested_on"],
}


class RequestSummary(Schema):
    key: str
    title: str
    state: str
    basis: str
    channel: str
    requested_on: str
    needed_by: str | None
    status: str
    status_label: str
    classification: str
    releasability: str


class RequestDetail(RequestSummary):
    title_en: str
    title_ru: str
    note: str
    source: str
    sources: list[str]
    as_of: str | None
    status_now: str
    status: str | None
    basis_detail: dict[str, Any]
    addressed_to: list[str]
    release_to: list[str]
    steps: list[dict[str, Any]]
    gap: dict[str, Any]
    decision: dict[str, Any] | None
    deployments: list[dict[str, Any]]
    consultations: list[dict[str, Any]]
    links: dict[str, Any]
    allowed_next: list[str]


class LineIn(Schema):
    kind: Literal[tuple(LineKind.values)]  # type: ignore[valid-type]
    what_en: model_text(RequestLine, "what_en")
    what_ru: model_text(RequestLine, "what_ru") = ""
    quantity: Decimal = Field(max_digits=18, decimal_places=3)  # above zero: the service says so
    unit: model_text(RequestLine, "unit")
    value: Decimal | None = Field(None, ge=0, max_digits=20, decimal_places=2)
    currency: bounded_text(3) = ""


class RequestIn(Schema):
    key: model_text(Request, "key") = ""
    state: StateCode
    basis: model_text(AssistanceBasis, "key")
    channel: Literal["organization", "bilateral"]
    addressed_to: list[StateCode] = Field(default_factory=list, max_length=50)
    requested_on: Day
    needed_by: Day | None = None
    title_en: model_text(Request, "title_en")
    title_ru: model_text(Request, "title_ru") = ""
    note_en: model_text(Request, "note_en") = ""
    note_ru: model_text(Request, "note_ru") = ""
    source: model_text(Request, "source_text") = ""
    crisis: model_text(Crisis, "key") = ""
    events: list[int] = Field(default_factory=list, max_length=200)
    episodes: list[int] = Field(default_factory=list, max_length=200)
    reports: list[int] = Field(default_factory=list, max_length=200)
    classification: Literal["PUBLIC", "RESTRICTED", "CONFIDENTIAL", "SECRET"] = "RESTRICTED"
    releasability: Literal["everyone", "members-and-partners", "members-only", "named-states"] = (
        "members-only"
    )
    release_to: list[StateCode] = Field(default_factory=list, max_length=20)
    submit: bool = False
    lines: list[LineIn] = Field(min_length=1, max_length=200)


class StepIn(Schema):
    status: Status_
    on: Day
    reason: model_text(RequestStep, "reason") = ""
    source: model_text(RequestStep, "source_text") = ""


class StepOut(Schema):
    key: str
    status: str
    on: str
    reason: str
    source: str


def visible_request(request: HttpRequest, key: str) -> Request:
    found = (
        Request.objects.restrict(request.user, Action.VIEW)
        .select_related("state", "basis", "basis__decided_by")
        .filter(key=key)
        .first()
    )
    if found is None:
        raise Http404("Not found.")
    return found


@router.get("/requests", response=list[RequestSummary], summary="Requests for assistance the caller may see")
@paginate(Pages, page_size=50)
def list_assistance_requests(
    request: HttpRequest,
    status: Status_ | None = None,
    state: StateCode | None = None,
    basis: model_text(AssistanceBasis, "key") = "",
    year: int | None = None,
    sort: Literal["-date", "date", "state", "status"] = "-date",
    **kwargs: Any,
):
    require_scope(request, Permission.REQUEST_VIEW)
    found = Request.objects.restrict(request.user, Action.VIEW).select_related("state", "basis")
    if status:
        found = found.filter(status=status)
    if state:
        found = found.filter(state__code=state)
    if basis:
        found = found.filter(basis__key=basis)
    if year is not None:
        if not 1992 <= year <= 2200:
            raise invalid(["query", "year"], "a year from 1992 to 2200")
        found = found.filter(requested_on__year=year)
    return [summary_json(item) for item in found.order_by(*SORTS[sort])]


@router.get(
    "/requests/{key}",
    response={200: RequestDetail, **error_responses(404)},
    summary="One request as of a date: status, steps, lines with the gap, decision, deployments",
)
def get_assistance_request(request: HttpRequest, key: bounded_text(100), on: Day | None = None):
    require_scope(request, Permission.REQUEST_VIEW)
    return request_json(request.user, visible_request(request, key), on)


@router.post(
    "/requests",
    response={201: RequestDetail, **error_responses(403, 422)},
    summary="Record a request for assistance with its lines (a draft, or submitted at once)",
)
def post_assistance_request(request: HttpRequest, payload: RequestIn):
    require_scope(request, Permission.REQUEST_ADD)
    values = payload.dict()
    lines = [{k: v for k, v in line.items() if v is not None} for line in values.pop("lines")]
    submit = values.pop("submit")
    values["source_text"] = values.pop("source")
    values["classification"] = Classification[payload.classification]
    for name in ("key", "crisis"):
        if not values[name]:
            values.pop(name)
    created = services.create_request(values, lines, actor=Actor.for_user(request.user), submit=submit)
    return Status(201, request_json(request.user, created, None))


@router.post(
    "/requests/{key}/steps",
    response={201: StepOut, **error_responses(403, 404, 422)},
    summary="Move a request to its next status (submitted, under consultation, approved, …, withdrawn)",
)
def post_assistance_request_step(request: HttpRequest, key: bounded_text(100), payload: StepIn):
    require_scope(request, Permission.REQUEST_CHANGE)
    found = visible_request(request, key)
    step = services.step(
        found,
        payload.status,
        on=payload.on,
        actor=Actor.for_user(request.user),
        reason=payload.reason,
        source=payload.source,
    )
    return Status(
        201,
        {
            "key": found.key,
            "status": step.status,
            "on": step.on.isoformat(),
            "reason": step.reason,
            "source": step.source_text,
        },
    )

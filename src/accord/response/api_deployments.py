"""Deployments in the API (``/api/v1/response/deployments``): the list, one deployment with its
contingents, totals and phases, adding a contingent (sending the formation on first use), and
withdrawing a contingent or the whole deployment."""

from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.references import ReferenceField
from accord.core.scopes import require_scope
from accord.core.validation import Day, StateCode, bounded_text, model_text
from accord.forces.models import Formation
from accord.response.deployment_services import (
    ContingentPlan,
    deploy,
    withdraw_contingent,
    withdraw_deployment,
)
from accord.response.errors import ResponseError
from accord.response.lookups import (
    formation_named,
    item_of,
    request_named,
    session_named,
    state_code,
    visible_deployments,
)
from accord.response.models import Deployment
from accord.response.models.deployments import MAX_STRENGTH
from accord.response.records_data import deployment_data

router = Router(tags=["response"])


class ContingentOut(Schema):
    id: int
    state: str
    personnel: int | None
    equipment: int | None
    deployed_on: str
    withdrawn_on: str | None


class TotalsOut(Schema):
    personnel: int
    equipment: int


class PhaseOut(Schema):
    name: str
    starts_on: str
    ends_on: str | None


class DeploymentOut(Schema):
    key: str
    formation: str
    host: str
    request: ReferenceField
    mandate: ReferenceField
    deployed_on: str
    withdrawn_on: str | None
    classification: int
    contingents: list[ContingentOut]
    totals: TotalsOut
    phases: list[PhaseOut]


class ContingentIn(Schema):
    request: bounded_text(100)
    formation: model_text(Formation, "key")
    state: StateCode
    personnel: int = Field(ge=1, le=MAX_STRENGTH)
    equipment: int | None = Field(None, ge=0, le=MAX_STRENGTH)
    deployed_on: Day
    withdrawn_on: Day | None = None
    host: StateCode | None = None
    mandate_session: bounded_text(100) = ""
    mandate_item: int | None = None
    source: bounded_text(400) = ""


class WithdrawIn(Schema):
    on: Day
    state: StateCode | None = None
    reason: bounded_text(2000) = ""


def visible_deployment(request: HttpRequest, key: str) -> Deployment:
    found = visible_deployments(request.user).filter(key=key).first()
    if found is None:
        raise Http404("Not found.")
    return found


@router.get("/deployments", response=list[DeploymentOut], summary="Deployments the caller may see")
@paginate(Pages, page_size=50)
def list_response_deployments(
    request: HttpRequest,
    request_key: bounded_text(100) = "",
    formation: bounded_text(64) = "",
    on: Day | None = None,
    **kwargs,
):
    require_scope(request, Permission.DEPLOYMENT_VIEW)
    found = visible_deployments(request.user)
    if request_key:
        found = found.filter(request__key=request_key)
    if formation:
        found = found.filter(formation__key=formation)
    return [deployment_data(item, request.user, on) for item in found]


@router.get(
    "/deployments/{key}",
    response={200: DeploymentOut, **error_responses(404)},
    summary="One deployment: contingents as figures, totals, phases, mandate and dates",
)
def get_response_deployment(request: HttpRequest, key: bounded_text(100), on: Day | None = None):
    require_scope(request, Permission.DEPLOYMENT_VIEW)
    return deployment_data(visible_deployment(request, key), request.user, on)


@router.post(
    "/deployments",
    response={201: DeploymentOut, **error_responses(403, 404, 422)},
    summary="Add a state's contingent to the request's deployment of a formation (created on first use)",
)
def post_response_deployment(request: HttpRequest, payload: ContingentIn):
    require_scope(request, Permission.DEPLOYMENT_ADD)
    user = request.user
    mandate = None
    if payload.mandate_session:
        mandate = item_of(user, session_named(user, payload.mandate_session), payload.mandate_item or 0)
    plan = ContingentPlan(
        state=state_code(user, payload.state),
        personnel=payload.personnel,
        deployed_on=payload.deployed_on,
        withdrawn_on=payload.withdrawn_on,
        equipment=payload.equipment,
        host=state_code(user, payload.host, "host") if payload.host else None,
        mandate=mandate,
        source=payload.source,
    )
    subject = request_named(user, payload.request)
    contingent = deploy(subject, formation_named(user, payload.formation), plan, actor=Actor.for_user(user))
    return Status(201, deployment_data(contingent.deployment, user))


@router.post(
    "/deployments/{key}/withdraw",
    response={200: DeploymentOut, **error_responses(403, 404, 422)},
    summary="Withdraw one state's contingent, or the whole deployment (recorded, never deleted)",
)
def post_response_withdrawal(request: HttpRequest, key: bounded_text(100), payload: WithdrawIn):
    require_scope(request, Permission.DEPLOYMENT_CHANGE)
    deployment = visible_deployment(request, key)
    actor = Actor.for_user(request.user)
    if payload.state:
        contingent = deployment.contingents.filter(
            state__code=payload.state, withdrawn_on__isnull=True
        ).first()
        if contingent is None:
            raise ResponseError(
                _("%(state)s has no contingent there now") % {"state": payload.state}, field="state"
            )
        withdraw_contingent(contingent, payload.on, actor=actor, reason=payload.reason)
    else:
        withdraw_deployment(deployment, payload.on, actor=actor, reason=payload.reason)
    deployment.refresh_from_db()
    return deployment_data(deployment, request.user)

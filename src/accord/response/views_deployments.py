"""Pages of deployments: the list (filtered, sorted, paged), one deployment (contingents with
totals, phases, mandate, dates) with the forms to withdraw and add a phase, and the form to deploy a
contingent under a request."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.access import may, may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.response.deployment_services import (
    ContingentPlan,
    add_phase,
    deploy,
    totals,
    withdraw_contingent,
    withdraw_deployment,
)
from accord.response.forms_consult_deploy import (
    DEPLOYMENT_SORTS,
    DeployForm,
    DeploymentFilterForm,
    PhaseForm,
    WithdrawForm,
)
from accord.response.lookups import visible_deployments
from accord.response.models import Deployment
from accord.response.views_consultations import refused, show_error, visible_request

PER_PAGE = 25


def deployment_list(request: HttpRequest) -> HttpResponse:
    """Deployments the user may see, filtered by formation, host and status, sorted and paged."""
    form = DeploymentFilterForm(request.GET or None, user=request.user)
    found = visible_deployments(request.user)
    sort = "-deployed_on"
    if form.is_valid():
        values = form.cleaned_data
        if values["formation"]:
            found = found.filter(formation=values["formation"])
        if values["host"]:
            found = found.filter(host=values["host"])
        if values["present"]:
            found = found.filter(withdrawn_on__isnull=values["present"] == "deployed")
        sort = values["sort"] or sort
    page = Paginator(found.order_by(*DEPLOYMENT_SORTS[sort]), PER_PAGE).get_page(request.GET.get("page"))
    rows = [{"deployment": item, "totals": totals(item)} for item in page.object_list]
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "response/deployments_list.html",
        {"form": form, "page": page, "rows": rows, "querystring": params.urlencode()},
    )


def visible_deployment(request: HttpRequest, key: str) -> Deployment:
    found = visible_deployments(request.user).filter(key=key).first()
    if found is None:
        raise Http404
    return found


def deployment_detail(request: HttpRequest, key: str, bound: dict[str, Any] | None = None) -> HttpResponse:
    """One deployment: contingents as figures with totals, phases, the mandate, its dates."""
    deployment = visible_deployment(request, key)
    bound = bound or {}
    may_change = request.user.is_authenticated and may(request.user, deployment, "change")
    return render(
        request,
        "response/deployments_detail.html",
        {
            "deployment": deployment,
            "contingents": deployment.contingents.select_related("state"),
            "phases": deployment.phases.all(),
            "totals": totals(deployment),
            "may_change": may_change and deployment.withdrawn_on is None,
            "withdraw_form": bound.get("withdraw") or WithdrawForm(auto_id="w-%s"),
            "phase_form": bound.get("phase") or PhaseForm(auto_id="p-%s"),
        },
        status=422 if bound else 200,
    )


@login_required
def deploy_contingent(request: HttpRequest, key: str) -> HttpResponse:
    """Send a state's contingent under a request (the formation's deployment is made on first use)."""
    subject = visible_request(request, key)
    if not may_add(request.user, Deployment):
        return refused(request, _("only the Secretariat, the CRC and the Joint Staff record deployments"))
    form = DeployForm(request.POST or None, user=request.user, initial={"host": subject.state.code})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        plan = ContingentPlan(
            state=values["state"],
            personnel=values["personnel"],
            deployed_on=values["deployed_on"],
            withdrawn_on=values["withdrawn_on"],
            equipment=values["equipment"],
            host=values["host"],
            mandate=values["mandate"],
            source=values["source"],
        )
        try:
            contingent = deploy(subject, values["formation"], plan, actor=Actor.for_user(request.user))
        except ServiceError as error:
            show_error(form, error)
        except PermissionDenied as error:
            return refused(request, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("response:deployment-detail", key=contingent.deployment.key)
    return render(request, "response/deployments_form.html", {"form": form, "subject": subject})


@login_required
@require_POST
def deployment_withdraw(request: HttpRequest, key: str) -> HttpResponse:
    """Withdraw one state's contingent, or the whole deployment."""
    deployment = visible_deployment(request, key)
    if not may(request.user, deployment, "change"):
        return refused(request, _("only the Secretariat, the CRC and the Joint Staff withdraw deployments"))
    form = WithdrawForm(request.POST, auto_id="w-%s")
    if form.is_valid():
        values = form.cleaned_data
        actor = Actor.for_user(request.user)
        try:
            if values["state"]:
                contingent = deployment.contingents.filter(
                    state__code=values["state"].upper(), withdrawn_on__isnull=True
                ).first()
                if contingent is None:
                    form.add_error("state", _("this state has no contingent there now"))
                    return deployment_detail(request, key, {"withdraw": form})
                withdraw_contingent(contingent, values["on"], actor=actor, reason=values["reason"])
            else:
                withdraw_deployment(deployment, values["on"], actor=actor, reason=values["reason"])
        except ServiceError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("response:deployment-detail", key=key)
    return deployment_detail(request, key, {"withdraw": form})


@login_required
@require_POST
def deployment_phase(request: HttpRequest, key: str) -> HttpResponse:
    """Add a phase to the deployment."""
    deployment = visible_deployment(request, key)
    if not may(request.user, deployment, "change"):
        return refused(request, _("only the Secretariat, the CRC and the Joint Staff change deployments"))
    form = PhaseForm(request.POST, auto_id="p-%s")
    if form.is_valid():
        values = form.cleaned_data
        try:
            add_phase(
                deployment,
                values["name_en"],
                values["starts_on"],
                name_ru=values["name_ru"],
                ends_on=values["ends_on"],
                actor=Actor.for_user(request.user),
            )
        except ServiceError as error:
            show_error(form, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("response:deployment-detail", key=key)
    return deployment_detail(request, key, {"phase": form})

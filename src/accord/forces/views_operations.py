"""The joint operations pages: the list by type and year, one operation (phases, participants with
their capacity and why, results per state and indicator with totals), and recording a result."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from accord.charter.models import State
from accord.core.access import may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.forces.models import Operation, OperationResult
from accord.forces.operations import services
from accord.forces.operations.forms import SORTS, OperationFilterForm, ResultForm
from accord.forces.operations.presenters import operation_json

PER_PAGE = 25


def operation_list(request: HttpRequest) -> HttpResponse:
    """Operations the user may see, by type and year, filtered, sorted and paged."""
    form = OperationFilterForm(request.GET or None, user=request.user)
    found = Operation.objects.restrict(request.user).select_related("operation_type")
    sort = "-year"
    if form.is_valid():
        if form.cleaned_data["type"]:
            found = found.filter(operation_type__key=form.cleaned_data["type"])
        if form.cleaned_data["year"]:
            found = found.filter(year=form.cleaned_data["year"])
        sort = form.cleaned_data["sort"] or sort
    page = Paginator(found.order_by(*SORTS[sort]), PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "forces/operations/list.html",
        {"form": form, "page": page, "querystring": params.urlencode()},
    )


def visible_operation(request: HttpRequest, key: str) -> Operation:
    found = services.operation_for(request.user, key)
    if found is None:
        raise Http404
    return found


def operation_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One operation as the user may see it."""
    operation = visible_operation(request, key)
    data = operation_json(request.user, operation)
    return render(
        request,
        "forces/operations/detail.html",
        {
            "operation": operation,
            "data": data,
            "may_record": request.user.is_authenticated
            and may_add(
                request.user,
                OperationResult,
                getattr(getattr(request.user, "affiliation_state", None), "code", None),
            ),
        },
    )


@login_required
def result_create(request: HttpRequest, key: str) -> HttpResponse:
    """Record a result; a refusal is shown beside the field it concerns."""
    operation = visible_operation(request, key)
    own = getattr(getattr(request.user, "affiliation_state", None), "code", None)
    if not may_add(request.user, OperationResult, own):
        raise PermissionDenied
    form = ResultForm(request.POST or None, operation=operation, user=request.user, initial={"state": own})
    if request.method == "POST" and form.is_valid():
        values = form.cleaned_data
        state = (
            State.objects.restrict(request.user).filter(code=values["state"]).first()
            if values["state"]
            else None
        )
        try:
            services.record_result(
                operation,
                phase=values["phase"],
                state=state,
                indicator=values["indicator"],
                value=values["value"],
                source=values["source"],
                note=values["note"],
                qualifier=values["qualifier"],
                classification=values["classification"],
                releasability=values["releasability"],
                actor=Actor.for_user(request.user),
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
        except PermissionDenied as error:
            form.add_error("state" if values["state"] else None, str(error))
        else:
            return redirect("forces:operation-detail", key=operation.key)
    return render(request, "forces/operations/result_form.html", {"form": form, "operation": operation})

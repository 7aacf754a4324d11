"""The joint operations pages: the list by type and year, one operation (phases, participants with
their capacity and why, results per state and indicator with totals), and recording a result."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charter.models import State
from accord.core.access import may, may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.forces.models import Operation, OperationResult
from accord.forces.operations import services
from accord.forces.operations.forms import (
    SORTS,
    CorrectForm,
    JoinForm,
    OperationFilterForm,
    ResultForm,
    WithdrawForm,
)
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


def result_rows(request: HttpRequest, operation: Operation, data: dict, bound: dict) -> list[dict]:
    """Each result shown with the forms to correct and withdraw it, for those who may change it (a
    refused form comes back bound, its errors beside its fields)."""
    changeable = set(
        OperationResult.objects.restrict(request.user, "change")
        .filter(operation=operation, withdrawn=False)
        .values_list("pk", flat=True)
        if request.user.is_authenticated
        else []
    )
    rows = []
    for item in data["results"]:
        row: dict[str, Any] = {"item": item, "may_change": item["id"] in changeable}
        if row["may_change"]:
            initial = {key: item[key] for key in ("value", "qualifier", "source", "note")}
            auto_id = f"r{item['id']}-%s"
            row["correct"] = bound.get(("correct", item["id"])) or CorrectForm(
                initial=initial, auto_id=auto_id
            )
            row["withdraw"] = bound.get(("withdraw", item["id"])) or WithdrawForm(auto_id=f"w{item['id']}-%s")
        rows.append(row)
    return rows


def operation_detail(request: HttpRequest, key: str, bound: dict | None = None) -> HttpResponse:
    """One operation as the user may see it, with the forms of those who may change it."""
    operation = visible_operation(request, key)
    data = operation_json(request.user, operation)
    bound = bound or {}
    may_join = request.user.is_authenticated and may(request.user, operation, "change")
    return render(
        request,
        "forces/operations/detail.html",
        {
            "operation": operation,
            "data": data,
            "rows": result_rows(request, operation, data, bound),
            "may_record": request.user.is_authenticated
            and may_add(
                request.user,
                OperationResult,
                getattr(getattr(request.user, "affiliation_state", None), "code", None),
            ),
            "may_join": may_join,
            "join_form": bound.get("join")
            or (JoinForm(operation=operation, user=request.user) if may_join else None),
        },
        status=422 if bound else 200,
    )


def refused(request: HttpRequest, error: PermissionDenied | str) -> HttpResponse:
    """A 403 page that says why the change was refused."""
    why = str(error) or _("your role does not allow this")
    return render(request, "decisions/refused.html", {"why": why}, status=403)


def changeable_result(request: HttpRequest, operation: Operation, pk: int) -> OperationResult:
    """A result of the operation the user sees (404 otherwise, whether it exists or not)."""
    found = OperationResult.objects.restrict(request.user).filter(operation=operation, pk=pk).first()
    if found is None:
        raise Http404
    return found


def change_result(
    request: HttpRequest, key: str, pk: int, name: str, form_class: Any, run: Callable
) -> HttpResponse:
    """Run a correction or a withdrawal from its form; a refusal comes back beside its field, and
    one who may not change the result gets a page saying why."""
    operation = visible_operation(request, key)
    result = changeable_result(request, operation, pk)
    if not may(request.user, result, "change"):
        return refused(
            request,
            _(
                "you may not change this result: only the Secretariat, the CRC and the "
                "liaison officer of the result's state change it"
            ),
        )
    prefix = "r" if name == "correct" else "w"
    form = form_class(request.POST, auto_id=f"{prefix}{pk}-%s")
    if form.is_valid():
        try:
            run(result, form.cleaned_data, Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
        except PermissionDenied as error:
            return refused(request, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("forces:operation-detail", key=operation.key)
    return operation_detail(request, key, {(name, pk): form})


@login_required
@require_POST
def result_correct(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Correct a result (the Secretariat, the CRC or the liaison officer of its state)."""
    return change_result(
        request,
        key,
        pk,
        "correct",
        CorrectForm,
        lambda result, values, actor: services.correct_result(
            result,
            actor=actor,
            reason=values["reason"],
            value=values["value"],
            source=values["source"],
            note=values["note"],
            qualifier=values["qualifier"],
        ),
    )


@login_required
@require_POST
def result_withdraw(request: HttpRequest, key: str, pk: int) -> HttpResponse:
    """Withdraw a result, with the reason."""
    return change_result(
        request,
        key,
        pk,
        "withdraw",
        WithdrawForm,
        lambda result, values, actor: services.withdraw_result(result, actor=actor, reason=values["reason"]),
    )


@login_required
@require_POST
def operation_join(request: HttpRequest, key: str) -> HttpResponse:
    """A state joins the operation in the capacity the charter gives it; a refusal says the rule."""
    operation = visible_operation(request, key)
    if not may(request.user, operation, "change"):
        return refused(
            request,
            _("you may not change this operation: only the Secretariat and the CRC add its participants"),
        )
    form = JoinForm(request.POST, operation=operation, user=request.user)
    if form.is_valid():
        state = State.objects.restrict(request.user).get(code=form.cleaned_data["state"])
        try:
            services.add_participant(operation, state, actor=Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
        except PermissionDenied as error:
            return refused(request, error)
        else:
            messages.success(request, _("Recorded."))
            return redirect("forces:operation-detail", key=operation.key)
    return operation_detail(request, key, {"join": form})


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

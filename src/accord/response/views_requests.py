"""The requests pages: the list (filters, sort, pages), a new request with a row per line, and one
request as of a date with its lines and gap, steps, decision and positions, links, the forms of the
next steps for those who may take them, and the panels other subjects add (offers, consultations,
deployments)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.access import Action, may
from accord.core.audit import Actor
from accord.core.errors import ServiceError
from accord.decisions.record_views import refused
from accord.response import lifecycle, panels
from accord.response.forms_requests import (
    EXTRA_ROWS,
    SORTS,
    AsOfForm,
    LineFormSet,
    RequestFilterForm,
    RequestForm,
    StepForm,
    line_values,
    writable_states,
)
from accord.response.models import Request, RequestStatus
from accord.response.requests import services
from accord.response.requests.presenters import request_json

PER_PAGE = 25


def request_list(request: HttpRequest) -> HttpResponse:
    """The requests the user may see, filtered, sorted and paged."""
    form = RequestFilterForm(request.GET or None)
    found = Request.objects.restrict(request.user, Action.VIEW).select_related("state", "basis")
    sort = "-date"
    if form.is_valid():
        data = form.cleaned_data
        if data["status"]:
            found = found.filter(status=data["status"])
        if data["state"]:
            found = found.filter(state__code=data["state"])
        if data["basis"]:
            found = found.filter(basis__key=data["basis"])
        if data["year"]:
            found = found.filter(requested_on__year=data["year"])
        sort = data["sort"] or sort
    page = Paginator(found.order_by(*SORTS[sort]), PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "querystring": params.urlencode(),
        "may_request": bool(writable_states(request.user)),
    }
    return render(request, "response/requests_list.html", context)


def with_more_rows(data: Any) -> Any:
    """The posted form with more empty rows for lines (the "add rows" button)."""
    data = data.copy()
    total = int(data.get("lines-TOTAL_FORMS") or 0)
    data["lines-TOTAL_FORMS"] = str(min(total + EXTRA_ROWS, 200))
    return data


def place_error(form: RequestForm, formset: Any, error: ServiceError) -> None:
    """Put a service's refusal beside its field: ``lines.2.quantity`` on the second filled row."""
    parts = (error.field or "").split(".")
    if parts[0] == "lines" and len(parts) == 3 and parts[1].isdigit():
        filled = [row for row in formset.forms if row.cleaned_data]
        number = int(parts[1])
        if 0 < number <= len(filled):
            row = filled[number - 1]
            row.add_error(parts[2] if parts[2] in row.fields else None, error.reason)
            return
    name = parts[0] if parts[0] in form.fields else None  # events.1 → events
    form.add_error(name, error.reason if name else str(error))


@login_required
def request_create(request: HttpRequest) -> HttpResponse:
    """The form of a new request; each line a row, more rows on demand."""
    if not writable_states(request.user):
        return refused(request, _("your role does not let you request assistance for any state"))
    data = request.POST if request.method == "POST" else None
    if data is not None and "more" in data:
        data = with_more_rows(data)
    form = RequestForm(data, user=request.user)
    formset = LineFormSet(data, prefix="lines")
    status = 200
    if data is not None and "more" not in data:
        if form.is_valid() and formset.is_valid():
            try:
                created = services.create_request(
                    form.values(),
                    line_values(formset),
                    actor=Actor.for_user(request.user),
                    submit=form.cleaned_data["submit"],
                )
            except PermissionDenied as error:
                return refused(request, error)
            except ServiceError as error:
                place_error(form, formset, error)
            else:
                return redirect("response:request-detail", key=created.key)
        status = 422
    return render(request, "response/requests_new.html", {"form": form, "formset": formset}, status=status)


def visible_request(request: HttpRequest, key: str) -> Request:
    found = (
        Request.objects.restrict(request.user, Action.VIEW)
        .select_related("state", "basis", "basis__decided_by", "crisis")
        .filter(key=key)
        .first()
    )
    if found is None:
        raise Http404
    return found


def may_move(user: Any, item: Request) -> bool:
    """Whether to offer the next steps: the user may change this request for its state."""
    return bool(user.is_authenticated and may(user, item, Action.CHANGE) and writable_states(user)) and any(
        code == item.state.code for code, _name in writable_states(user)
    )


def request_detail(request: HttpRequest, key: str, step_form: StepForm | None = None) -> HttpResponse:
    """One request as of the date asked for (today's state without one)."""
    item = visible_request(request, key)
    as_of = AsOfForm(request.GET or None)
    day = as_of.cleaned_data["on"] if as_of.is_valid() else None
    data = request_json(request.user, item, day)
    movable = may_move(request.user, item)
    next_steps = [(status, RequestStatus(status).label) for status in lifecycle.allowed_next(item)]
    context = {
        "item": item,
        "data": data,
        "as_of": as_of,
        "day": day,
        "next_steps": next_steps if movable else [],
        "step_form": step_form or (StepForm() if movable else None),
        "panels": panels.rendered_panels(request.user, item, day),
    }
    return render(request, "response/requests_detail.html", context, status=422 if step_form else 200)


@require_POST
@login_required
def request_step(request: HttpRequest, key: str) -> HttpResponse:
    """Take the step whose button was pressed; a refusal comes back on the page, beside its field."""
    item = visible_request(request, key)
    if not may_move(request.user, item):
        return refused(request, _("you may not change this request"))
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.step(
                item,
                request.POST.get("status", ""),
                on=form.cleaned_data["on"],
                actor=Actor.for_user(request.user),
                reason=form.cleaned_data["reason"],
                source=form.cleaned_data["source_text"],
            )
        except PermissionDenied as error:
            return refused(request, error)
        except ServiceError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, error.reason)
        else:
            return redirect("response:request-detail", key=item.key)
    return request_detail(request, key, step_form=form)

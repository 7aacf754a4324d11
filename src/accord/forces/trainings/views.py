"""The trainings pages: the year's plan versus what happened (and the plan on a date), a training
with its life, participants, lessons and the forms that change it, the calendar and its feed."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.access import may_add
from accord.core.audit import Actor, log_read
from accord.core.references import references_for_request
from accord.decisions.models import Measure
from accord.forces.models import Training, TrainingParticipant
from accord.forces.trainings import editing, services
from accord.forces.trainings.calendar import calendar_ics, months_of
from accord.forces.trainings.forms import (
    CancelForm,
    EditForm,
    FindingForm,
    HoldForm,
    JoinForm,
    MeasureForm,
    PhaseForm,
    PlanForm,
    PlanOnForm,
    PostponeForm,
    RelocateForm,
    WithdrawForm,
)
from accord.forces.trainings.queries import (
    plan_on,
    plan_text,
    totals,
    visible_trainings,
    year_trainings,
    years_with_trainings,
)

PER_PAGE = 50
SORTS = {"date": ("planned_start", "name_en"), "name": ("name_en",), "status": ("status", "planned_start")}


def chosen_year(request: HttpRequest) -> int:
    text = request.GET.get("year", "")
    if text.isdigit() and 1992 <= int(text) <= 2100:
        return int(text)
    return timezone.localdate().year


def training_list(request: HttpRequest) -> HttpResponse:
    """A year's plan against what happened, with the totals and, on request, the plan on a date."""
    year = chosen_year(request)
    form = PlanOnForm(request.GET or None)
    on = form.cleaned_data["on"] if form.is_valid() else None
    sort = request.GET.get("sort", "date")
    trainings = year_trainings(request.user, year)
    trainings.sort(
        key=lambda t: tuple(str(getattr(t, name) or "") for name in SORTS.get(sort, SORTS["date"]))
    )
    rows = [
        {"training": t, "plan": plan_text(plan_on(t, on)) if on else None, "risk": risk_of(t)}
        for t in trainings
    ]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    years = years_with_trainings(request.user)
    return render(
        request,
        "forces/trainings/list.html",
        {
            "year": year,
            "years": years,
            "page": page,
            "form": form,
            "on": on,
            "sort": sort,
            "totals": totals(request.user, year, trainings),
            "by_year": [totals(request.user, each) for each in years],
            "may_plan": may_add(request.user, Training),
        },
    )


def risk_of(training: Training) -> Any:
    """The last change of the training that gives a reason (postponed, relocated, cancelled, at risk)."""
    found = None
    for change in training.changes.all():
        if change.reason_en and change.kind != "planned":
            found = change
    return found


def visible_training(request: HttpRequest, pk: int) -> Training:
    found = visible_trainings(request.user).filter(pk=pk).first()
    if found is None:
        raise Http404(_("Not found."))
    return found


def own_state(user: Any) -> Any:
    return getattr(user, "affiliation_state", None) if getattr(user, "is_authenticated", False) else None


def training_detail(request: HttpRequest, pk: int, forms: dict[str, Any] | None = None) -> HttpResponse:
    """One training: details, phases, participants with the charter's reasons, its life, lessons."""
    training = visible_training(request, pk)
    log_read(request.user, training, "page")
    refs = references_for_request(request)
    may_change = Training.objects.restrict(request.user, "change").filter(pk=pk).exists()
    state = own_state(request.user)
    planner = may_add(request.user, Training)
    may_join = planner or (state is not None and may_add(request.user, TrainingParticipant, state.code))
    participants = [
        {
            "record": item,
            "reasons": services.rendered(item.reasons),
            "may_withdraw": services.may_join_for(request.user, item.state),
        }
        for item in TrainingParticipant.objects.restrict(request.user)
        .filter(training=training)
        .select_related("state")
    ]
    changes = [
        {"change": c, "decision": refs.from_record(c, "decision"), "plan": plan_text(c.plan)}
        for c in training.changes.all()
    ]
    lessons = refs.from_record(training, "lessons") if training.lessons_id else None
    measures = (
        list(Measure.objects.restrict(request.user).filter(program_id=training.lessons_id))
        if lessons and lessons.visible
        else []
    )
    forms = forms or {}
    return render(
        request,
        "forces/trainings/detail.html",
        {
            "training": training,
            "participants": participants,
            "changes": changes,
            "lessons": lessons,
            "measures": measures,
            "findings": training.findings.all(),
            "phases": training.phases.all(),
            "may_change": may_change and training.status not in services.CLOSED,
            "may_hold": may_change and training.status != "held" and training.status != "cancelled",
            "may_join": may_join and training.status != "cancelled",
            "postpone_form": forms.get("postpone") or PostponeForm(),
            "relocate_form": forms.get("relocate") or RelocateForm(),
            "cancel_form": forms.get("cancel") or CancelForm(),
            "hold_form": forms.get("hold") or HoldForm(),
            "finding_form": forms.get("finding") or FindingForm(),
            "measure_form": forms.get("measure") or MeasureForm(),
            "may_record_lessons": may_change,
            "may_edit": may_change,
            "edit_form": forms.get("edit") or EditForm.of(training),
            "phase_form": forms.get("phase") or PhaseForm(),
            "withdraw_form": forms.get("withdraw"),
            "join_form": forms.get("join") or JoinForm(own_state=None if planner else state),
            "formations": training.formations.all(),
            "within": refs.from_record(training, "within") if training.within_id else None,
        },
        status=422 if forms else 200,
    )


def act(
    request: HttpRequest, pk: int, name: str, form_class: Any, run: Callable[[Training, dict, Actor], Any]
) -> HttpResponse:
    """Run one change from its form; a refusal comes back on the form's field, on the same page."""
    training = visible_training(request, pk)
    kwargs = (
        {"own_state": None if may_add(request.user, Training) else own_state(request.user)}
        if name == "join"
        else {}
    )
    form = form_class(request.POST, **kwargs)
    if form.is_valid():
        try:
            run(training, form.cleaned_data, Actor.for_user(request.user))
        except services.TrainingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not do this."))
        else:
            messages.success(request, _("Recorded."))
            return redirect("forces:training-detail", pk=pk)
    return training_detail(request, pk, {name: form})


@require_POST
def training_postpone(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        pk,
        "postpone",
        PostponeForm,
        lambda t, d, a: services.postpone(t, actor=a, reason=d["reason"], start=d["start"], end=d["end"]),
    )


@require_POST
def training_relocate(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        pk,
        "relocate",
        RelocateForm,
        lambda t, d, a: services.relocate(
            t, d["host"], actor=a, reason=d["reason"], place_en=d["place_en"], place_ru=d["place_ru"]
        ),
    )


@require_POST
def training_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request, pk, "cancel", CancelForm, lambda t, d, a: services.cancel(t, actor=a, reason=d["reason"])
    )


@require_POST
def training_hold(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        pk,
        "hold",
        HoldForm,
        lambda t, d, a: services.hold(t, actor=a, start=d["start"], end=d["end"], personnel=d["personnel"]),
    )


@require_POST
def training_join(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        pk,
        "join",
        JoinForm,
        lambda t, d, a: services.join(t, d["state"], actor=a, wanted=d["capacity"], personnel=d["personnel"]),
    )


@require_POST
def training_finding(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        pk,
        "finding",
        FindingForm,
        lambda t, d, a: services.add_finding(t, d["text_en"], text_ru=d["text_ru"], actor=a),
    )


@require_POST
def training_measure(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        pk,
        "measure",
        MeasureForm,
        lambda t, d, a: services.add_follow_up(
            t, d["text_en"], text_ru=d["text_ru"], deadline=d["deadline"], states=list(d["states"]), actor=a
        ),
    )


@require_POST
def training_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct the plan: the form sends every field; the service keeps those that did not change."""
    return act(
        request,
        pk,
        "edit",
        EditForm,
        lambda t, d, a: editing.edit_plan(
            t,
            actor=a,
            reason=d["reason"],
            texts={
                "name_en": d["name"],
                "name_ru": d["name_ru"],
                "place_en": d["place_en"],
                "place_ru": d["place_ru"],
            },
            start=d["start"],
            end=d["end"],
            series=d["series"],
            formations=list(d["formations"]),
            labels={"classification": d["classification"], "releasability": d["releasability"]},
        ),
    )


@require_POST
def training_phase(request: HttpRequest, pk: int) -> HttpResponse:
    return act(
        request,
        pk,
        "phase",
        PhaseForm,
        lambda t, d, a: services.add_phase(
            t, d["name_en"], name_ru=d["name_ru"], start=d["start"], end=d["end"], actor=a
        ),
    )


@require_POST
def training_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    """Take a state off the participants, with a reason (its own liaison officer, or a planner)."""
    return act(request, pk, "withdraw", WithdrawForm, withdraw_from_form)


def withdraw_from_form(training: Training, data: dict, actor: Actor) -> None:
    record = (
        TrainingParticipant.objects.restrict(actor.access_user)
        .filter(training=training, state__code=data["state"].upper())
        .select_related("state")
        .first()
    )
    if record is None:
        raise services.TrainingError(_("this state does not take part"), field="reason")
    services.withdraw(record, actor=actor, reason=data["reason"])


def training_create(request: HttpRequest) -> HttpResponse:
    """Put a training on the plan (the Secretariat's planners)."""
    if not may_add(request.user, Training):
        raise PermissionDenied
    form = PlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            training = services.plan_training(
                name=data["name"],
                name_ru=data["name_ru"],
                series=data["series"],
                host=data["host"],
                place_en=data["place_en"],
                place_ru=data["place_ru"],
                start=data["start"],
                end=data["end"],
                formations=list(data["formations"]),
                source=data["source"],
                classification=data["classification"],
                releasability=data["releasability"],
                actor=Actor.for_user(request.user),
            )
        except services.TrainingError as error:
            form.add_error(error.field if error.field in form.fields else None, error.reason)
        else:
            return redirect("forces:training-detail", pk=training.pk)
    return render(request, "forces/trainings/form.html", {"form": form}, status=422 if form.errors else 200)


def training_calendar(request: HttpRequest) -> HttpResponse:
    """The trainings of a year by month (a training known only to the year is listed apart)."""
    year = chosen_year(request)
    months, undated = months_of(year_trainings(request.user, year))
    return render(
        request,
        "forces/trainings/calendar.html",
        {"year": year, "months": months, "undated": undated, "years": years_with_trainings(request.user)},
    )


def training_feed(request: HttpRequest) -> HttpResponse:
    """The trainings the user may see as an iCalendar feed."""
    trainings = visible_trainings(request.user).order_by("planned_start")
    response = HttpResponse(
        calendar_ics(trainings, request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="accord-trainings.ics"'
    return response


__all__ = ["datetime", "training_list"]

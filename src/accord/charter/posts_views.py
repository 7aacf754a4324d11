"""Pages of the charter's chairs and posts: chairs by year and the posts with their holders, each
with the override a record was kept with, and the forms that record a chair or an appointment
(their URLs: ``urlpatterns`` here, included by :mod:`accord.charter.urls`)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.charter import models as charter
from accord.charter import queries, rules
from accord.charter.facts import load_facts
from accord.charter.post_changes import (
    AppointmentChange,
    ChairChange,
    chair_overrides,
    record_appointment,
    record_chair,
)
from accord.charter.post_forms import AppointmentForm, ChairForm
from accord.charter.presenters import reasons_text
from accord.charter.views import as_of, form_field
from accord.core.access import may_add
from accord.core.audit import Actor
from accord.core.errors import ServiceError


def chair_context(request: HttpRequest, form: ChairForm | None = None) -> dict[str, Any]:
    """Chairs by year (recorded, projected, or kept as an override of the rotation) and, for those
    who may record one, the form."""
    facts = load_facts(request.user)
    today = timezone.localdate()
    first, last = queries.default_chair_range(facts, today)
    overrides = chair_overrides(request.user)
    years = [
        {
            "year": year,
            "state": answer.value,
            "name": facts.name(answer.value) if answer.value else None,
            "projected": answer.projected,
            "override": "" if answer.projected else overrides.get(year, ""),
            "reasons": reasons_text(answer),
            "sources": answer.sources,
            "current": year == today.year,
        }
        for year, answer in queries.chair_years(facts, first, last)
    ]
    may_record = may_add(request.user, charter.Chairmanship)
    return {"years": years, "chair_form": (form or ChairForm(user=request.user)) if may_record else None}


def chairmanship_list(request: HttpRequest) -> HttpResponse:
    """Chairs by year: recorded ones and those projected by the rotation rule."""
    return render(request, "charter/chairmanship_list.html", chair_context(request))


@require_POST
def record_chair_page(request: HttpRequest) -> HttpResponse:
    """Record the chair for a year from the page; a refusal stays on the page with the rules' reasons."""
    if not may_add(request.user, charter.Chairmanship):
        raise PermissionDenied(_("Your role does not allow recording a chairmanship."))
    form = ChairForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        change = ChairChange(data["state"], data["year"], data["source"], data["note"], data["override"])
        try:
            record_chair(change, actor=Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(form_field(form, error), error.reason)
        else:
            messages.success(request, _("The chair for %(year)s is recorded.") % {"year": data["year"]})
            return redirect("charter:chairmanship-list")
    return render(request, "charter/chairmanship_list.html", chair_context(request, form), status=422)


def post_rows(request: HttpRequest, facts: rules.CharterFacts, on: Any) -> list[dict[str, Any]]:
    """Each post with its holder on a date (and why) and its recorded appointments."""
    language = translation.get_language() or "en"
    posts_in_order = charter.Post.objects.restrict(request.user).order_by(
        F("rotation").asc(nulls_last=True), "key"
    )
    rows = []
    for post in posts_in_order.select_related("body", "appointed_by"):
        answer = rules.post_holder_on(facts, post.key, on)
        history = charter.Appointment.objects.restrict(request.user).filter(post=post).select_related("state")
        holder_state = facts.name(answer.value["state"]).in_language(language) if answer.value else ""
        rows.append(
            {
                "post": post,
                "holder": answer.value,
                "holder_state": holder_state,
                "reasons": reasons_text(answer),
                "history": history,
            }
        )
    return rows


def body_context(request: HttpRequest, form: AppointmentForm | None = None) -> dict[str, Any]:
    """The bodies, the posts with their holders and history, and the form to record an appointment."""
    on, date_error = as_of(request)
    may_record = may_add(request.user, charter.Appointment)
    return {
        "bodies": charter.Body.objects.restrict(request.user).select_related("parent"),
        "posts": post_rows(request, load_facts(request.user), on),
        "on": on,
        "date_error": date_error,
        "appointment_form": (form or AppointmentForm(user=request.user)) if may_record else None,
    }


def body_list(request: HttpRequest) -> HttpResponse:
    """The bodies, how they decide, and the posts with their holders on a date."""
    return render(request, "charter/body_list.html", body_context(request))


@require_POST
def record_appointment_page(request: HttpRequest) -> HttpResponse:
    """Record an appointment from the page; a refusal stays on the page with the rules' reasons."""
    if not may_add(request.user, charter.Appointment):
        raise PermissionDenied(_("Your role does not allow recording an appointment."))
    form = AppointmentForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        change = AppointmentChange(
            data["post"],
            data["person"],
            data["state"],
            data["start"],
            data["source"],
            until=data["until"],
            acting=data["acting"],
            person_ru=data["person_ru"],
            override=data["override"],
        )
        try:
            record_appointment(change, actor=Actor.for_user(request.user))
        except ServiceError as error:
            form.add_error(form_field(form, error), error.reason)
        else:
            messages.success(request, _("The appointment is recorded."))
            return redirect("charter:body-list")
    return render(request, "charter/body_list.html", body_context(request, form), status=422)


urlpatterns: list[URLPattern] = [
    path("chairmanships/record/", record_chair_page, name="record-chair"),
    path("bodies/appointments/", record_appointment_page, name="record-appointment"),
]

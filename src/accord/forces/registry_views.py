"""Pages of the forces registry: formations, contributions and readiness, cooperation, personnel.

Every list reads through ``restrict(request.user)``; readiness is shown with a word beside its
colour (never colour alone); CONFIDENTIAL records shown are logged as read.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.core.access import Action, may_add
from accord.core.audit import Actor, log_read
from accord.core.classification import Classification, Releasability
from accord.core.errors import ServiceError
from accord.core.validation import InvalidValue, parse_day
from accord.decisions.record_views import refused
from accord.forces import registry_writes as writes
from accord.forces.models import (
    Contribution,
    Formation,
    InstitutionalContact,
    JointEvent,
    PartnerOrganization,
    PersonnelTraining,
    ReadinessReport,
    TrainingField,
)
from accord.forces.registry import queries, services
from accord.forces.registry_forms import ReadinessForm
from accord.forces.report_parts import labels_of_records

PER_PAGE = 50
FORMATION_SORTS = {"key": "key", "kind": "kind", "formed": "formed", "-formed": "-formed"}


def labels_text(records: list[Any]) -> str:
    """The combined labels of the records shown, in words (PUBLIC, everyone when there are none)."""
    labels = labels_of_records(records)
    return f"{Classification(labels.classification).label}, {Releasability(labels.releasability).label}"


def formation_list(request: HttpRequest) -> HttpResponse:
    """The formations, sortable, with the contributions per state the reader may see."""
    sort = request.GET.get("sort", "key")
    order = FORMATION_SORTS.get(sort, "key")
    formations = (
        Formation.objects.restrict(request.user).select_related("region", "parent").order_by(order, "key")
    )
    counts = queries.counted_per_state(request.user)
    page = Paginator(formations, PER_PAGE).get_page(request.GET.get("page"))
    rows = [(item, sorted(counts.get(item.pk, {}).items())) for item in page.object_list]
    context = {"page": page, "rows": rows, "sort": sort, "querystring": f"sort={sort}"}
    return render(request, "forces/formation_list.html", context)


def formation_detail(request: HttpRequest, key: str) -> HttpResponse:
    """One formation: purpose, decision, sources, parts, and contributions with their latest readiness."""
    formation = (
        Formation.objects.restrict(request.user).filter(key=key).select_related("region", "parent").first()
    )
    if formation is None:
        raise Http404(_("No such formation."))
    form = writes.contribution_form(request)
    if request.method == "POST":
        done = writes.record_contribution(request, formation, form)
        if done is not None:
            return done
    found = list(queries.contributions(request.user, formation=key))
    latest = queries.readiness_on(request.user, timezone.localdate(), [item.pk for item in found])
    for item in found:
        log_read(request.user, item, "page")
    context = {
        "formation": formation,
        "parts": Formation.objects.restrict(request.user).filter(parent=formation),
        "rows": [(item, latest.get(item.pk)) for item in found],
        "labels": labels_text([*found, *latest.values()]),
        "form": form,
        "may_record": writes.may_record(request.user, Contribution),
    }
    return render(request, "forces/formation_detail.html", context, status=422 if form.errors else 200)


def chosen_day(request: HttpRequest) -> tuple[datetime.date, str]:
    """The ?date= asked for (default today), and an error to show when it is not a date."""
    text = request.GET.get("date", "")
    if not text:
        return timezone.localdate(), ""
    try:
        return parse_day(text), ""
    except InvalidValue as refusal:
        return timezone.localdate(), _("%(text)s is not a date (%(why)s); today is shown.") % {
            "text": text,
            "why": refusal,
        }


def readiness_matrix(request: HttpRequest) -> HttpResponse:
    """Formation × state readiness on a chosen date, in colour and words."""
    day, error = chosen_day(request)
    matrix = queries.readiness_matrix(request.user, day)
    table = [
        (formation, [(state, matrix.cell(formation, state)) for state in matrix.states])
        for formation in matrix.formations
    ]
    context = {
        "matrix": matrix,
        "table": table,
        "day": day,
        "error": error,
        "labels": labels_text(matrix.records),
    }
    return render(request, "forces/readiness.html", context)


def contribution_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One contribution, the history of its readiness, and (for those who may) a form to report it."""
    item = queries.contributions(request.user).filter(pk=pk).first()
    if item is None:
        raise Http404(_("No such contribution."))
    change = writes.change_form(request, item)
    if request.method == "POST" and request.POST.get("form") == "change":
        done = writes.change_contribution(request, item, change)
        if done is not None:
            return done
    form = ReadinessForm(None if change.is_bound else request.POST or None, contribution=item)
    if request.method == "POST" and not change.is_bound:
        if not request.user.is_authenticated:
            return refused(request, _("log in to report readiness"))
        if form.is_valid():
            done = report_readiness(request, item, form)
            if done is not None:
                return done
    else:
        log_read(request.user, item, "page")
    context = {
        "item": item,
        "history": list(queries.history(request.user, item)),
        "form": form,
        "may_report": may_add(request.user, ReadinessReport, item.state.code),
        "change": change,
        "may_change": writes.may_change(request.user, item),
    }
    failed = form.errors or change.errors
    return render(request, "forces/contribution_detail.html", context, status=422 if failed else 200)


def report_readiness(request: HttpRequest, item: Any, form: ReadinessForm) -> HttpResponse | None:
    """Record the form's report; a refusal is the 403 page, a service error goes on the form (None)."""
    values = dict(form.cleaned_data)
    reason = values.pop("reason")
    try:
        services.record_readiness(item, values, actor=Actor.for_user(request.user), reason=reason)
    except PermissionDenied as error:
        return refused(request, error)
    except ServiceError as error:
        form.add_error(error.field if error.field in form.fields else None, error.reason)
        return None
    return redirect("forces:contribution-detail", pk=item.pk)


def cooperation(request: HttpRequest) -> HttpResponse:
    """Partner organizations, agreements in force today, and joint events (paged, newest first)."""
    organizations = PartnerOrganization.objects.restrict(request.user).select_related("parent")
    agreements = queries.agreements_in_force(request.user, timezone.localdate())
    status = request.GET.get("status", "")
    events = JointEvent.objects.restrict(request.user).prefetch_related("organizations")
    if status:
        events = events.filter(status=status)
    sort = "date" if request.GET.get("sort") == "date" else "-date"
    page = Paginator(events.order_by(sort, "id"), PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "organizations": organizations,
        "agreements": agreements,
        "page": page,
        "status": status,
        "sort": sort,
        "querystring": f"status={status}&sort={request.GET.get('sort', '')}",
    }
    return render(request, "forces/cooperation.html", context)


def organization_detail(request: HttpRequest, key: str) -> HttpResponse:
    """A partner organization: its parts, agreements, joint events and contacts the reader may see."""
    item = PartnerOrganization.objects.restrict(request.user).filter(key=key).first()
    if item is None:
        raise Http404(_("No such organization."))
    event_form, contact_form = writes.cooperation_forms(request)
    if request.method == "POST":
        done = (
            writes.record_event(request, item, event_form)
            if request.POST.get("form") == "event"
            else writes.record_contact(request, item, contact_form)
        )
        if done is not None:
            return done
    day, error = chosen_day(request)
    contacts = list(
        InstitutionalContact.objects.restrict(request.user, Action.VIEW)
        .filter(organization=item)
        .select_related("our_body")
    )
    context = {
        "item": item,
        "parts": PartnerOrganization.objects.restrict(request.user).filter(parent=item),
        "agreements": queries.agreements_in_force(request.user, day).filter(organization=item),
        "events": JointEvent.objects.restrict(request.user).filter(organizations=item).order_by("-date"),
        "contacts": contacts,
        "day": day,
        "error": error,
        "event_form": event_form,
        "contact_form": contact_form,
        "may_record_event": writes.may_record(request.user, JointEvent),
        "may_record_contact": writes.may_record(request.user, InstitutionalContact),
    }
    failed = event_form.errors or contact_form.errors
    return render(request, "forces/organization_detail.html", context, status=422 if failed else 200)


def personnel(request: HttpRequest) -> HttpResponse:
    """Training of personnel in a year: totals per state and field, the figures behind them, and (for
    those who may) a form to record more."""
    form = writes.personnel_form(request)
    if request.method == "POST":
        done = writes.record_personnel(request, form)
        if done is not None:
            return done
    text = request.GET.get("year", "")
    error = ""
    year = timezone.localdate().year
    if text:
        if text.isdigit() and len(text) == 4 and 1992 <= int(text) <= 2100:
            year = int(text)
        else:
            error = _("%(text)s is not a year; this year is shown.") % {"text": text}
    rows = queries.personnel_of_year(request.user, year)
    totals = [
        (code, TrainingField(field).label if field else "", found)
        for (code, field), found in queries.personnel_totals(request.user, year).items()
    ]
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    context: dict[str, Any] = {
        "year": year,
        "error": error,
        "totals": totals,
        "page": page,
        "overall": queries.total(list(rows)),
        "querystring": f"year={year}",
        "form": form,
        "may_record": writes.may_record(request.user, PersonnelTraining),
    }
    return render(request, "forces/personnel.html", context, status=422 if form.errors else 200)

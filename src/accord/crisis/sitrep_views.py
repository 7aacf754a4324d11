"""Pages of the situation report documents: the list, one report, and its stored files.

A draft shows the live picture, the assessment form and, for those who may, the approve button; an
approved report shows the HTML stored at approval and offers the stored HTML and PDF byte for byte,
with their SHA-256, and a button to correct it with a new version.
"""

from __future__ import annotations

import contextlib
from typing import Any

from django import forms
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.charter import gazetteer
from accord.core.access import Action, may
from accord.core.audit import Actor, log_read
from accord.core.references import references_for_request
from accord.core.validation import InvalidValue, day_field, parse_day
from accord.crisis import sitrep as live
from accord.crisis.models import SituationReport
from accord.crisis.models.sitreps import WHOLE_AREA
from accord.crisis.sitreps import services

REPORTS_PER_PAGE = 25
FILE_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


class SitrepSearchForm(forms.Form):
    """Search in number, assessment and date; filter by scope, status and date."""

    q = forms.CharField(label=gettext_lazy("Search"), max_length=200, required=False)
    scope = forms.ChoiceField(label=gettext_lazy("Scope"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("any status")), *SituationReport.Status.choices],
    )
    date = day_field(gettext_lazy("Date"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = scope_choices(user)


def scope_choices(user: Any) -> list[tuple[str, str]]:
    regions = [(region.key, region.name) for region in gazetteer.regions(user).order_by("key")]
    return [("", _("any scope")), (WHOLE_AREA, _("All collective security regions")), *regions]


def scope_name(scope: str, names: dict[str, str]) -> str:
    return names.get(scope, scope)


def searched(reports: QuerySet, data: dict[str, Any]) -> QuerySet:
    """The reports matching the search and filters, newest first."""
    text = (data.get("q") or "").strip()
    if text:
        found = Q(number__icontains=text) | Q(assessment_en__icontains=text)
        found |= Q(assessment_ru__icontains=text)
        with contextlib.suppress(InvalidValue):
            found |= Q(report_date=parse_day(text))
        reports = reports.filter(found)
    for field in ("scope", "status"):
        if data.get(field):
            reports = reports.filter(**{field: data[field]})
    if data.get("date"):
        reports = reports.filter(report_date=data["date"])
    return reports.order_by("-report_date", "scope", "-version")


def report_list(request: HttpRequest) -> HttpResponse:
    """The reports the user may see, searched, filtered and paged, newest first."""
    form = SitrepSearchForm(request.GET or None, user=request.user)
    reports = SituationReport.objects.restrict(request.user).defer("html", "pdf")
    if form.is_valid():
        reports = searched(reports, form.cleaned_data)
    elif form.is_bound:
        reports = reports.none()
    else:
        reports = searched(reports, {})
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "crisis/sitrep_list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "querystring": params.urlencode(),
            "scope_names": dict(scope_choices(request.user)),
        },
    )


def visible_report(request: HttpRequest, pk: int) -> SituationReport:
    report = SituationReport.objects.restrict(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404(_("No such situation report."))
    return report


def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    """One report: a draft live with its forms, an approved report as stored."""
    report = visible_report(request, pk)
    error = None
    if request.method == "POST":
        error, shown = handle_action(request, report)
        if error is None:
            return redirect("crisis:sitrep-report", pk=shown.pk)
    log_read(request.user, report, "page")
    return render(request, "crisis/sitrep_report.html", page_context(request, report, error))


def handle_action(
    request: HttpRequest, report: SituationReport
) -> tuple[dict[str, str] | None, SituationReport]:
    """Write the assessment, approve, or start a correction: the refusal to show (if any), and the
    report to show next (the correction, once made)."""
    if not request.user.is_authenticated:
        raise PermissionDenied
    actor = Actor.for_user(request.user)
    action = request.POST.get("action")
    try:
        if action == "assessment":
            services.set_assessment(
                report, actor, request.POST.get("assessment_en", ""), request.POST.get("assessment_ru", "")
            )
        elif action == "approve":
            services.approve(report, actor)
        elif action == "new-version":
            return None, services.new_version(report, actor)
        else:
            return {"field": "action", "reason": _("Unknown action.")}, report
    except services.SitrepDocumentError as refusal:
        return {"field": refusal.field or "", "reason": refusal.reason}, report
    except PermissionDenied as refusal:
        return {"field": "", "reason": str(refusal) or _("Not allowed.")}, report
    return None, report


def page_context(request: HttpRequest, report: SituationReport, error: dict[str, str] | None) -> dict:
    user = request.user
    context: dict[str, Any] = {
        "report": report,
        "error": error,
        "scope_name": scope_name(report.scope, dict(scope_choices(user))),
        "may_change": may(user, report, Action.CHANGE),
        "posted": request.POST if error else {},
        "supersedes": references_for_request(request).from_record(report, "supersedes"),
    }
    if report.is_frozen:
        context["stored_body"] = mark_safe(stored_body(bytes(report.html or b"")))  # rendered by Accord
        context["successor"] = SituationReport.objects.restrict(user).filter(supersedes=report).first()
    else:
        context.update(live.report_context(user, report.report_date, services.region_of(report)))
        context["may_approve"] = may(user, report, Action.VIEW) and not services.approval_refusal(
            report, Actor.for_user(user) if user.is_authenticated else Actor("anonymous")
        )
    return context


def stored_body(html: bytes) -> str:
    """The body of the stored document (Accord rendered it from its own template, escaped)."""
    text = html.decode("utf-8")
    start, end = text.find("<body>"), text.rfind("</body>")
    return text[start + len("<body>") : end] if start >= 0 and end > start else ""


def report_file(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The stored HTML or PDF, exactly the bytes hashed at approval, always as a download."""
    if kind not in FILE_TYPES:
        raise Http404(_("A report is stored as html or pdf."))
    report = visible_report(request, pk)
    stored = getattr(report, kind)
    if not report.is_frozen or stored is None:
        raise Http404(_("Only an approved report has stored files."))
    log_read(request.user, report, kind)
    response = HttpResponse(bytes(stored), content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{report.number}.{kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Accord-SHA256"] = getattr(report, f"{kind}_sha256")
    return response


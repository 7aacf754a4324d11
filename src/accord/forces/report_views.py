"""The yearly activity report's page (``/forces/report/?year=YEAR``) and its downloads.

The page shows the report inside the site's layout with a year picker and links to the HTML and PDF
of the same report. Both need a logged-in reader: the report is the Joint Staff's working document.
Like the live situation report, it is derived data drawn from what the reader may see and keeps
nothing of its own, so its downloads are not logged as reads of a record (each section's records are
logged where they are read one by one, on their own pages).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _

from accord.crisis.sitrep import pdf_of
from accord.forces.report import (
    ReportError,
    default_year,
    selectable_years,
    yearly_report,
    years_with_activity,
)
from accord.forces.report_render import render_document, report_context

FILE_TYPES = {"html": "text/html; charset=utf-8", "pdf": "application/pdf"}


@login_required
def report_page(request: HttpRequest) -> HttpResponse:
    """The report of the year asked for (by default the latest year with activity, else last year)."""
    asked = request.GET.get("year", "").strip()
    context = {
        "years": selectable_years(),
        "active_years": years_with_activity(request.user),
        "asked": asked,
    }
    try:
        report = yearly_report(request.user, asked or default_year(request.user))
    except ReportError as error:
        context["error"] = {"field": error.field or "", "reason": error.reason}
        return render(request, "forces/report_page.html", context, status=400)
    context |= report_context(report)
    return render(request, "forces/report_page.html", context)


@login_required
def report_file(request: HttpRequest, year: int, kind: str) -> HttpResponse:
    """The report of ``year`` as a self-contained HTML file or a PDF, as a download."""
    if kind not in FILE_TYPES:
        raise Http404(_("The yearly report is downloaded as html or pdf."))
    try:
        report = yearly_report(request.user, year)
    except ReportError as error:
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    document = render_document(report)
    body = pdf_of(document) if kind == "pdf" else document.encode("utf-8")
    language = translation.get_language() or "en"
    response = HttpResponse(body, content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="yearly-report-{report.year}-{language}.{kind}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["X-Accord-Classification"] = str(int(report.labels.classification))
    return response

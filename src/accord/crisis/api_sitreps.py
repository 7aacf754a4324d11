"""The situation report documents in the API: list, one report, its stored files, the assessment,
approval and corrections. Refusals answer 422 with the field (``assessment_en``, ``status``)."""

import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.api_pages import Pages
from accord.core.audit import Actor, log_read
from accord.core.scopes import require_scope
from accord.core.validation import Day, SearchQuery, model_text
from accord.crisis.models import SituationReport
from accord.crisis.sitrep_views import FILE_TYPES, searched
from accord.crisis.sitreps import services

router = Router(tags=["crisis"])


class SitrepQuery(Schema):
    q: SearchQuery = ""
    scope: model_text(SituationReport, "scope") = ""
    status: Literal["", "draft", "approved", "superseded"] = ""
    date: Day | None = None


class SitrepSchema(Schema):
    id: int
    scope: str
    report_date: datetime.date
    version: int
    status: str
    number: str
    supersedes_id: int | None
    assessment_en: str
    assessment_ru: str
    assessed_by: str
    drafted_by: str
    drafted_at: datetime.datetime
    approved_by: str
    approved_at: datetime.datetime | None
    html_sha256: str
    pdf_sha256: str
    classification: int
    releasability: str
    release_to: str


class AssessmentIn(Schema):
    assessment_en: model_text(SituationReport, "assessment_en")
    assessment_ru: model_text(SituationReport, "assessment_ru")


def visible(request: HttpRequest, pk: int) -> SituationReport:
    report = SituationReport.objects.restrict(request.user).filter(pk=pk).first()
    if report is None:
        raise Http404("No such situation report.")
    return report


@router.get("/sitreps", response=list[SitrepSchema], summary="Situation reports, newest first")
@paginate(Pages, page_size=50)
def list_sitreps(request: HttpRequest, filters: Query[SitrepQuery], **kwargs: Any):
    require_scope(request, Permission.SITREP_VIEW)
    reports = SituationReport.objects.restrict(request.user).defer("html", "pdf")
    return searched(reports, filters.dict())


@router.get("/sitreps/{pk}", response={200: SitrepSchema, **error_responses(404)}, summary="One report")
def get_sitrep(request: HttpRequest, pk: int):
    require_scope(request, Permission.SITREP_VIEW)
    report = visible(request, pk)
    log_read(request.user, report, "api")
    return report


@router.get(
    "/sitreps/{pk}/files/{kind}",
    response={200: None, **error_responses(404)},
    summary="The stored HTML or PDF of an approved report, byte for byte (kind: html or pdf)",
)
def get_sitrep_file(request: HttpRequest, pk: int, kind: Literal["html", "pdf"]):
    require_scope(request, Permission.SITREP_VIEW)
    report = visible(request, pk)
    stored = getattr(report, kind)
    if not report.is_frozen or stored is None:
        raise Http404("Only an approved report has stored files.")
    log_read(request.user, report, kind)
    response = HttpResponse(bytes(stored), content_type=FILE_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{report.number}.{kind}"'
    response["X-Accord-SHA256"] = getattr(report, f"{kind}_sha256")
    return response


@router.post(
    "/sitreps/{pk}/assessment",
    response={200: SitrepSchema, **error_responses(403, 404, 422)},
    summary="The assessment of a draft, in English and Russian (scope crisis:situationreport:change)",
)
def post_assessment(request: HttpRequest, pk: int, payload: AssessmentIn):
    require_scope(request, Permission.SITREP_CHANGE)
    return services.set_assessment(
        visible(request, pk), Actor.for_user(request.user), payload.assessment_en, payload.assessment_ru
    )


@router.post(
    "/sitreps/{pk}/approve",
    response={200: SitrepSchema, **error_responses(403, 404, 422)},
    summary="Approve a draft: Secretariat officers and the head of the CRC "
    "(scope crisis:situationreport:change)",
)
def post_approve(request: HttpRequest, pk: int):
    require_scope(request, Permission.SITREP_CHANGE)
    return services.approve(visible(request, pk), Actor.for_user(request.user))


@router.post(
    "/sitreps/{pk}/versions",
    response={201: SitrepSchema, **error_responses(403, 404, 422)},
    summary="Correct an approved report with a new version (scope crisis:situationreport:change)",
)
def post_new_version(request: HttpRequest, pk: int):
    require_scope(request, Permission.SITREP_CHANGE)
    return Status(201, services.new_version(visible(request, pk), Actor.for_user(request.user)))

"""The yearly activity report in the API: ``GET /api/v1/forces/report?year=YEAR``.

The same report as the page and ``accord forces report --json``, in the caller's language (the
``Accept-Language`` header or the language chosen on the site). A year out of range answers 422
naming ``year``. Like the
page, it answers only a logged-in caller or a token with the scope ``forces:report:view``.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.errors import AuthenticationError

from accord.core.access import Permission
from accord.core.api_errors import error_responses
from accord.core.scopes import require_scope
from accord.forces.report import yearly_report

router = Router(tags=["forces"])


class ReportQuery(Schema):
    year: int


class SourceSchema(Schema):
    number: int
    key: str
    title: str
    publisher: str
    published_on: str | None
    address: str
    known: bool


class TableSchema(Schema):
    caption: str
    columns: list[str]
    rows: list[list[Any]]  # a cell is its text, or {"text", "value", "sources"} for a figure


class SectionSchema(Schema):
    key: str
    title: str
    paragraphs: list[str]
    tables: list[TableSchema]
    classification: int
    releasability: str
    sources: list[str]
    empty: bool
    empty_text: str
    data: dict[str, Any] = {}


class YearlyReportSchema(Schema):
    year: int
    title: str
    classification: int
    classification_name: str
    releasability: str
    release_to: list[str]
    releasability_name: str
    sections: list[SectionSchema]
    sources: list[SourceSchema]


@router.get(
    "/report",
    response={200: YearlyReportSchema, **error_responses(422)},
    summary="The yearly activity report of a year, as the caller may see it",
)
def get_report(request: HttpRequest, query: Query[ReportQuery]):
    require_scope(request, Permission.FORCES_REPORT_VIEW)
    if not getattr(request.user, "is_authenticated", False):
        raise AuthenticationError(401, _("The yearly report needs a bearer token or a logged-in session."))
    return yearly_report(request.user, query.year).as_json()

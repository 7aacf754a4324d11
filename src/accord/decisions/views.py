"""Pages for documents: list with search, detail, export, and writing for those allowed."""

from __future__ import annotations

import csv
import datetime
import io
import json
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accord.core.access import may_add
from accord.core.audit import Actor, log_read
from accord.core.exports import spreadsheet_safe_dict
from accord.core.references import HIDDEN_TEXT, References, references_for_request
from accord.decisions import queries
from accord.decisions.forms import (
    AgendaItemForm,
    DocumentForm,
    DocumentSearchForm,
    MinutesForm,
    SessionFilterForm,
    SessionForm,
)
from accord.decisions.models import AgendaItem, Amendment, Document, Measure, Minutes, Participant, Session
from accord.decisions.record_forms import session_forms
from accord.decisions.recording import PROGRAM_KINDS
from accord.decisions.services import (
    DocumentError,
    SessionError,
    add_agenda_item,
    approve_minutes,
    create_document,
    create_session,
    decide_agenda_item,
    draft_minutes,
    update_document,
)
from accord.decisions.versions import amendment_rows, minutes_versions

DOCUMENTS_PER_PAGE = 25
EXPORT_COLUMNS = (
    "id",
    "kind",
    "title_en",
    "title_ru",
    "body",
    "state",
    "date",
    "classification",
    "releasability",
    "session",
)


def searched(request: HttpRequest):
    """The documents matching the request's search form, and the form."""
    form = DocumentSearchForm(request.GET or None)
    query = kind = ""
    sort = "-date"
    if form.is_valid():
        query, kind, sort = (
            form.cleaned_data["q"],
            form.cleaned_data["kind"],
            form.cleaned_data["sort"] or "-date",
        )
    return queries.visible_documents(request.user, query, kind, sort), form


def document_list(request: HttpRequest) -> HttpResponse:
    """Documents the user may see, searchable, 25 a page."""
    documents, form = searched(request)
    page = Paginator(documents, DOCUMENTS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "decisions/document_list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "querystring": params.urlencode(),
            "may_add": may_add(
                request.user,
                Document,
                getattr(getattr(request.user, "affiliation_state", None), "code", None),
            ),
        },
    )


def visible_or_404(request: HttpRequest, queryset: QuerySet, pk: int, action: str = "view") -> Any:
    """The record if the user may ``action`` it; 404 if they may not even see it (not disclosed)."""
    found = queryset.restrict(request.user, action).filter(pk=pk).first()
    if found is None:
        if action != "view" and queryset.restrict(request.user, "view").filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404(_("Not found."))
    return found


def visible_document(request: HttpRequest, pk: int, action: str = "view") -> Document:
    """The document if the user may ``action`` it."""
    return visible_or_404(request, Document.objects.all(), pk, action)


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One document; reading a CONFIDENTIAL or SECRET one is logged."""
    document = visible_document(request, pk)
    log_read(request.user, document, "page")
    may_change = Document.objects.restrict(request.user, "change").filter(pk=pk).exists()
    measures = queries.measure_rows_for(request.user, document, timezone.localdate())
    return render(
        request,
        "decisions/document_detail.html",
        {
            "document": document,
            "adopted_at": references_for_request(request).from_record(document, "session"),
            "may_change": may_change,
            "measures": measures,
            "takes_measures": document.kind in PROGRAM_KINDS,
        },
    )


def document_file(request: HttpRequest, pk: int) -> FileResponse:
    """The document's file, for those who may see the document (404 otherwise); reads are logged."""
    document = visible_document(request, pk)
    if not document.attachment:
        raise Http404(_("This document has no file."))
    log_read(request.user, document, "file")
    # Always a download, never shown in the browser (an uploaded HTML or SVG page would run as Accord's).
    response = FileResponse(
        document.attachment.open("rb"),
        as_attachment=True,
        filename=document.attachment.name.rsplit("/", 1)[-1],
        content_type="application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


def document_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current search as CSV or JSON: exactly the rows the list would show."""
    if fmt not in ("csv", "json"):
        raise Http404(_("Export as csv or json."))
    documents, _form = searched(request)
    rows = queries.document_rows(documents, References(request.user))
    for document in documents:
        log_read(request.user, document, "export")
    if fmt == "json":
        response = HttpResponse(
            json.dumps(rows, ensure_ascii=False, indent=2), content_type="application/json"
        )
    else:
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=EXPORT_COLUMNS, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(
            spreadsheet_safe_dict({**row, "session": csv_reference(row["session"])}) for row in rows
        )
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="documents.{fmt}"'
    return response


def csv_reference(value: dict | None) -> str:
    """A reference as one CSV cell: the title, or that the record may not be seen, or empty."""
    if value is None:
        return ""
    return value.get("title", str(HIDDEN_TEXT))


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    """Write a new document (Secretariat; liaison officers for their own state's reports)."""
    own_state = getattr(request.user.affiliation_state, "code", None)
    if not may_add(request.user, Document, own_state):
        raise PermissionDenied
    form = DocumentForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        initial={"state": request.user.affiliation_state},
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = create_document(form.values(), actor=Actor.for_user(request.user))
        except (DocumentError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:document-detail", pk=document.pk)
    return render(request, "decisions/document_form.html", {"form": form})


@login_required
def document_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a document the user may change."""
    document = visible_document(request, pk, "change")
    form = DocumentForm(request.POST or None, request.FILES or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Document.objects.get(pk=pk)
        try:
            update_document(fresh, form.values(), actor=Actor.for_user(request.user))
        except (DocumentError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:document-detail", pk=pk)
    return render(request, "decisions/document_form.html", {"form": form, "document": document})


# ---------------------------------------------------------------------------------------------
# Sessions
# ---------------------------------------------------------------------------------------------

SESSIONS_PER_PAGE = 25


def session_list(request: HttpRequest) -> HttpResponse:
    """Sessions the user may see, filtered by body and dates, with the upcoming ones on top."""
    form = SessionFilterForm(request.GET or None, user=request.user)
    body, start, end = "", None, None
    if form.is_valid():
        body = form.cleaned_data["body"].key if form.cleaned_data["body"] else ""
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    sessions = queries.visible_sessions(request.user, body, start, end)
    page = Paginator(sessions, SESSIONS_PER_PAGE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    return render(
        request,
        "decisions/session_list.html",
        {
            "form": form,
            "page": page,
            "querystring": params.urlencode(),
            "upcoming": queries.upcoming_sessions(request.user, timezone.localdate())[:10],
            "may_add": may_add(request.user, Session),
        },
    )


def session_calendar(request: HttpRequest) -> HttpResponse:
    """The sessions the user may see as an iCalendar file."""
    sessions = Session.objects.restrict(request.user, "view").select_related("body").order_by("date")
    response = HttpResponse(
        queries.calendar_ics(sessions, request.get_host()), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="accord-sessions.ics"'
    return response


def visible_session(request: HttpRequest, pk: int, action: str = "view") -> Session:
    """The session if the user may ``action`` it."""
    return visible_or_404(request, Session.objects.select_related("body", "chair_state"), pk, action)


def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A session: participants by capacity, agenda with outcomes and reasons, documents, minutes."""
    session = visible_session(request, pk)
    log_read(request.user, session, "page")
    references = references_for_request(request)
    agenda = list(AgendaItem.objects.restrict(request.user).filter(session=session))
    decisions = references.from_each(agenda, "decision")
    items = [
        {"item": item, "decision": decision, "payload": queries.agenda_item_payload(item, references)}
        for item, decision in zip(agenda, decisions, strict=True)
    ]
    minutes = Minutes.objects.restrict(request.user).filter(session=session).first()
    may_change = Session.objects.restrict(request.user, "change").filter(pk=pk).exists()
    return render(
        request,
        "decisions/session_detail.html",
        {
            "session": session,
            "items": items,
            "minutes": minutes,
            "versions": minutes_versions(minutes) if minutes else [],
            "amendments": amendment_rows(minutes) if minutes else [],
            "may_propose": may_propose(request.user, session),
            "previous_minutes": references.from_record(minutes, "previous") if minutes else None,
            "participants": Participant.objects.restrict(request.user)
            .filter(session=session)
            .select_related("state"),
            "documents": queries.visible_documents(request.user).filter(session=session),
            "may_change": may_change,
            **session_forms(session, items, request.user, may_change),
        },
    )


def may_propose(user: Any, session: Session) -> bool:
    """Whether the user may propose an amendment for some state that took part in the session."""
    codes = session.participants.values_list("state__code", flat=True)
    return any(may_add(user, Amendment, code) for code in codes)


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    """Record a session and its participants."""
    if not may_add(request.user, Session):
        raise PermissionDenied
    form = SessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        values = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            session = create_session(
                values, list(form.cleaned_data["participants"]), actor=Actor.for_user(request.user)
            )
        except (SessionError, PermissionDenied) as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:session-detail", pk=session.pk)
    return render(request, "decisions/session_form.html", {"form": form})


@login_required
def agenda_item_create(request: HttpRequest, pk: int) -> HttpResponse:
    """Add an agenda item with each participant's position; the body's rule decides the outcome."""
    session = visible_session(request, pk, "change")
    form = AgendaItemForm(request.POST or None, session=session)
    if request.method == "POST" and form.is_valid():
        actor = Actor.for_user(request.user)
        try:
            with transaction.atomic():
                item = add_agenda_item(
                    session,
                    form.cleaned_data["title_en"] or form.cleaned_data["title_ru"],
                    title_ru=form.cleaned_data["title_ru"],
                    actor=actor,
                )
                positions = form.positions()
                if positions:
                    decide_agenda_item(item, positions, actor=actor)
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:session-detail", pk=session.pk)
    return render(request, "decisions/agenda_item_form.html", {"form": form, "session": session})


@login_required
def minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Draft the minutes of a session."""
    session = visible_session(request, pk, "change")
    form = MinutesForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            draft_minutes(session, form.cleaned_data["text"], actor=Actor.for_user(request.user))
        except SessionError as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:session-detail", pk=session.pk)
    return render(request, "decisions/minutes_form.html", {"form": form, "session": session})


@login_required
@require_POST
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    """Approve the minutes of a session today."""
    session = visible_session(request, pk, "change")
    minutes = Minutes.objects.filter(session=session).first()
    if minutes is None:
        raise Http404(_("This session has no minutes yet."))
    try:
        approve_minutes(minutes, timezone.localdate(), actor=Actor.for_user(request.user))
    except SessionError as error:
        messages.error(request, str(error))
    return redirect("decisions:session-detail", pk=session.pk)


def measure_list(request: HttpRequest) -> HttpResponse:
    """Measures with their status on a date; what is overdue; progress per state."""
    on = parse_on(request)
    overdue_only = request.GET.get("overdue") == "1"
    rows = queries.measure_rows(request.user, on, overdue_only)
    return render(
        request,
        "decisions/measure_list.html",
        {
            "rows": rows,
            "on": on,
            "overdue_only": overdue_only,
            "by_state": queries.progress_by_state(queries.measure_rows(request.user, on)),
            "statuses": [Measure.Status(status).label for status in queries.MEASURE_STATUSES],
        },
    )


def statement_list(request: HttpRequest) -> HttpResponse:
    """Statements by level, and the yearly counts."""
    statements = queries.visible_documents(request.user, kind=Document.Kind.STATEMENT)
    return render(
        request,
        "decisions/statement_list.html",
        {
            "statements": statements,
            "counts": queries.statement_counts(request.user),
        },
    )


def parse_on(request: HttpRequest) -> datetime.date:
    """The ``?on=`` date, today if absent or malformed."""
    try:
        return datetime.date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        return timezone.localdate()

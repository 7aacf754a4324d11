"""Pages for documents: list with search, detail, export, and writing for those allowed."""

from __future__ import annotations

import csv
import io
import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from accord.core.access import may_add
from accord.core.audit import Actor, log_read
from accord.decisions import queries
from accord.decisions.forms import DocumentForm, DocumentSearchForm
from accord.decisions.models import Document
from accord.decisions.services import DocumentError, create_document, update_document

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


def visible_document(request: HttpRequest, pk: int, action: str = "view") -> Document:
    """The document if the user may ``action`` it; otherwise 404 (its existence is not disclosed)."""
    document = Document.objects.restrict(request.user, action).filter(pk=pk).first()
    if document is None:
        if action != "view" and Document.objects.restrict(request.user, "view").filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404(_("No such document."))
    return document


def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One document; reading a CONFIDENTIAL or SECRET one is logged."""
    document = visible_document(request, pk)
    log_read(request.user, document, "page")
    may_change = Document.objects.restrict(request.user, "change").filter(pk=pk).exists()
    return render(request, "decisions/document_detail.html", {"document": document, "may_change": may_change})


def document_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The current search as CSV or JSON: exactly the rows the list would show."""
    if fmt not in ("csv", "json"):
        raise Http404(_("Export as csv or json."))
    documents, _form = searched(request)
    rows = [queries.document_row(document) for document in documents]
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
        writer.writerows(rows)
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="documents.{fmt}"'
    return response


@login_required
def document_create(request: HttpRequest) -> HttpResponse:
    """Write a new document (Secretariat; liaison officers for their own state's reports)."""
    own_state = getattr(request.user.affiliation_state, "code", None)
    if not may_add(request.user, Document, own_state):
        raise PermissionDenied
    form = DocumentForm(
        request.POST or None, user=request.user, initial={"state": request.user.affiliation_state}
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
    form = DocumentForm(request.POST or None, instance=document, user=request.user)
    if request.method == "POST" and form.is_valid():
        fresh = Document.objects.get(pk=pk)
        try:
            update_document(fresh, form.values(), actor=Actor.for_user(request.user))
        except DocumentError as error:
            form.add_error(None, str(error))
        else:
            return redirect("decisions:document-detail", pk=pk)
    return render(request, "decisions/document_form.html", {"form": form, "document": document})

"""Reading documents: search, filter and sort, always through ``restrict``."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from accord.decisions.models import Document

SORTS = {"-date": ("-date", "-id"), "date": ("date", "id"), "title_en": ("title_en", "id")}


def visible_documents(user: Any, query: str = "", kind: str = "", sort: str = "-date") -> QuerySet:
    """Documents the user may see, matching the search words (in either language) and the kind."""
    documents = Document.objects.restrict(user, "view").select_related("body", "state")
    for word in query.split():
        documents = documents.filter(
            Q(title_en__icontains=word) | Q(title_ru__icontains=word) | Q(text__icontains=word)
        )
    if kind:
        documents = documents.filter(kind=kind)
    return documents.order_by(*SORTS.get(sort, SORTS["-date"]))


def document_row(document: Document) -> dict[str, Any]:
    """One document as exported (CSV and JSON) and listed by the API."""
    return {
        "id": document.pk,
        "kind": document.kind,
        "title_en": document.title_en,
        "title_ru": document.title_ru,
        "body": document.body.key if document.body else None,
        "state": document.state.code if document.state else None,
        "date": document.date.isoformat(),
        "classification": document.get_classification_display(),
        "releasability": document.releasability,
        "release_to": document.release_to_codes,
    }

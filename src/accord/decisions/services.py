"""Every write to documents: checked against the writer's rights, and recorded."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from accord.core.access import require, require_add
from accord.core.audit import Actor, delete_with_record, save_with_record
from accord.core.classification import Releasability, release_list
from accord.decisions.models import Document

DOCUMENT_FIELDS = (
    "kind",
    "title_en",
    "title_ru",
    "body",
    "state",
    "date",
    "text",
    "instrument",
    "source_keys",
    "classification",
    "releasability",
    "release_to",
)


class DocumentError(ValueError):
    """A document cannot be saved as given; the message names the field."""


def clean_release(values: dict[str, Any]) -> dict[str, Any]:
    """Named states are needed exactly when the releasability is "named states"."""
    values = dict(values)
    codes = values.get("release_to") or []
    if isinstance(codes, str):
        codes = codes.replace(";", ",").split(",")
    values["release_to"] = release_list(codes)
    named = values.get("releasability") == Releasability.NAMED_STATES
    if named and not values["release_to"]:
        raise DocumentError(
            "release_to: name at least one state when the document is released to named states"
        )
    if not named:
        values["release_to"] = ""
    return values


@transaction.atomic
def create_document(values: dict[str, Any], *, actor: Actor, reason: str = "") -> Document:
    """Create a document, if the actor may write one (for their own state, for liaison officers)."""
    state = values.get("state")
    require_add(actor.access_user, Document, state.code if state else None)
    document = Document()
    save_with_record(document, actor=actor, reason=reason, fields=clean_release(values))
    return document


@transaction.atomic
def update_document(document: Document, values: dict[str, Any], *, actor: Actor, reason: str = "") -> bool:
    """Change a document the actor may change; returns whether anything changed."""
    require(actor.access_user, document, "change")
    return save_with_record(document, actor=actor, reason=reason, fields=clean_release(values))


@transaction.atomic
def delete_document(document: Document, *, actor: Actor, reason: str = "") -> None:
    """Delete a document the actor may delete."""
    require(actor.access_user, document, "delete")
    delete_with_record(document, actor=actor, reason=reason)

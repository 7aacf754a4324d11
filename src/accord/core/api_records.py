"""``DELETE /api/v1/records/{kind}/{id}``: delete one recorded fact, with its reason recorded.

The same service as the page and ``accord delete`` (:mod:`accord.core.deletion`): a reason is
required (422 naming ``reason``), the caller's role must allow changing the record (403), and rows
a data file owns or other records depend on are refused (422).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Router, Schema

from accord.core.access import Permission
from accord.core.api_errors import error_responses, invalid
from accord.core.audit import Actor
from accord.core.deletion import DeletionError, deletable_model, delete_fact
from accord.core.scopes import require_scope
from accord.core.validation import bounded_text

router = Router(tags=["records"])


Kind = bounded_text(100)
RecordId = bounded_text(64)


class DeletionIn(Schema):
    reason: bounded_text(1000)


class DeletionOut(Schema):
    kind: str
    id: str
    deleted: str
    history: str


@router.delete(
    "/{kind}/{pk}",
    response={200: DeletionOut, **error_responses(403, 404, 422)},
    summary="Delete a recorded fact with its reason (scope core:record:delete; writers of the record only)",
)
def delete_record(request: HttpRequest, kind: Kind, pk: RecordId, payload: DeletionIn):
    require_scope(request, Permission.RECORD_DELETE)
    try:
        model = deletable_model(kind)
    except DeletionError:
        raise Http404(_("No such kind of record.")) from None
    instance = model._default_manager.restrict(request.user).filter(pk=history_key(model, pk)).first()
    if instance is None:
        raise Http404(_("No such record."))
    shown = str(instance)
    try:
        delete_fact(Actor.for_user(request.user), instance, payload.reason)
    except DeletionError as error:
        if error.field == "reason":
            raise invalid(["body", "payload", "reason"], error.reason) from None
        raise
    label = model._meta.label_lower
    return {
        "kind": label,
        "id": str(pk),
        "deleted": shown,
        "history": reverse("web:history", args=[label, str(pk)]),
    }


def history_key(model: type[models.Model], pk: str) -> Any:
    """The primary key as the model stores it; 404 for ``abc`` or a number out of range."""
    try:
        return model._meta.pk.clean(pk, None)
    except ValidationError:
        raise Http404(_("No such record.")) from None

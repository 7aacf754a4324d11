"""Media items in the API (``/api/v1/monitoring/items``): machine clients post items to a source of
kind ``api`` (one or a batch of up to 100), and read the items they may see with their tags, reasons
and figures. The posted items are taken in together, like a fetch's
(:func:`accord.monitoring.intake_batch.take_in_batch`): the answer gives each one's id, status and
error, so one bad item never hides the others."""

import datetime
from typing import Any, Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from accord.core.access import Action, Permission, may
from accord.core.api_errors import error_responses, invalid
from accord.core.api_pages import Pages
from accord.core.audit import Actor
from accord.core.references import ReferenceField
from accord.core.scopes import require_scope
from accord.core.validation import Day, bounded_text
from accord.monitoring.fetching import take_in_some
from accord.monitoring.intake import Delivery
from accord.monitoring.models import Item, Source
from accord.monitoring.presenters_intake import item_json, item_summary_json

router = Router(tags=["monitoring"])
MAX_BATCH = 100
MAX_TEXT = 5 * 1024 * 1024  # characters; the item limit in bytes is checked on each item
ItemStatus = Literal["processed", "duplicate", "failed"]
SORTS = {
    "-received": ["-received_at", "-id"],
    "received": ["received_at", "id"],
    "-published": ["-published", "-id"],
    "published": ["published", "id"],
}


class ItemFields(Schema):
    external_id: bounded_text(500) = ""
    title: bounded_text(500) = ""
    text: bounded_text(MAX_TEXT) = ""
    html: bounded_text(MAX_TEXT) = ""
    language: Literal["en", "ru", ""] = ""
    published: datetime.datetime | None = None
    address: bounded_text(500) = ""


class ItemsIn(ItemFields):
    """One item (its fields at the top) or a batch (``items``), for the source named by its key."""

    source: bounded_text(80)
    items: list[ItemFields] | None = Field(None, min_length=1, max_length=MAX_BATCH)


class TakenOut(Schema):
    id: int
    external_id: str
    status: str
    error_code: str
    error: str
    new: bool


class TakenListOut(Schema):
    items: list[TakenOut]


class ItemSummary(Schema):
    id: int
    source: ReferenceField
    external_id: str
    title: str
    language: str
    published: str | None
    received_at: str | None
    status: str
    error_code: str
    error: str
    classification: str
    releasability: str
    release_to: list[str]


class ItemDetail(ItemSummary):
    address: str
    text: str
    size: int
    names_removed: int
    rules_version: int
    similarity: float | None
    duplicate_of: ReferenceField
    story: ReferenceField
    tags: list[dict[str, Any]]
    figures: list[dict[str, Any]]


def source_to_post(user: Any, key: str) -> Source:
    """The ``api`` source the caller may add items to; any other is refused alike (403)."""
    source = Source.objects.restrict(user, Action.VIEW).filter(key=key).first()
    if source is None or source.kind != Source.Kind.API or not may(user, source, "change"):
        raise PermissionDenied(_("no source %(key)s of kind api you may post items to") % {"key": key})
    if not source.active:
        raise PermissionDenied(_("the source %(key)s is switched off") % {"key": key})
    return source


def delivery_of(fields: ItemFields, loc: list[str | int]) -> Delivery:
    """One posted item as a delivery: its HTML (or else its text) as UTF-8 bytes."""
    if not fields.external_id:
        raise invalid([*loc, "external_id"], _("each item needs its id in the client's system"))
    if not (fields.html or fields.text):
        raise invalid([*loc, "text"], _("give the item's text or its HTML"))
    body, kind = (fields.html, "text/html") if fields.html else (fields.text, "text/plain")
    return Delivery(
        external_id=fields.external_id,
        data=body.encode("utf-8"),
        content_type=kind,
        address=fields.address,
        published=fields.published,
        title=fields.title,
        language=fields.language,
    )


def deliveries_of(payload: ItemsIn) -> list[Delivery]:
    """The posted items, each checked before any is taken in (a malformed batch writes nothing)."""
    if payload.items is None:
        return [delivery_of(payload, ["body", "payload"])]
    return [
        delivery_of(fields, ["body", "payload", "items", index]) for index, fields in enumerate(payload.items)
    ]


@router.post(
    "/items",
    response={201: TakenListOut, **error_responses(403, 422)},
    summary="Send one item or up to 100 to a source of kind api; each answered with its id, status and error",
)
def post_monitoring_items(request: HttpRequest, payload: ItemsIn):
    require_scope(request, Permission.MONITORING_ITEM_ADD)
    source = source_to_post(request.user, payload.source)
    deliveries = deliveries_of(payload)
    actor = Actor.for_user(request.user)
    taken = []
    for item, new in take_in_some(source, deliveries, actor=actor, run=None):
        taken.append(
            {
                "id": item.pk,
                "external_id": item.external_id,
                "status": item.status,
                "error_code": item.error_code,
                "error": item.error,
                "new": new,
            }
        )
    return Status(201, {"items": taken})


def visible_items(request: HttpRequest):
    return Item.objects.restrict(request.user, Action.VIEW).select_related("source")


@router.get("/items", response=list[ItemSummary], summary="Media items the caller may see")
@paginate(Pages, page_size=50)
def list_monitoring_items(
    request: HttpRequest,
    source: bounded_text(80) = "",
    status: ItemStatus | None = None,
    language: Literal["en", "ru"] | None = None,
    day: Day | None = None,
    sort: Literal["-received", "received", "-published", "published"] = "-received",
    **kwargs: Any,
):
    require_scope(request, Permission.MONITORING_ITEM_VIEW)
    found = visible_items(request)
    if source:
        found = found.filter(source__key=source)
    if status:
        found = found.filter(status=status)
    if language:
        found = found.filter(language=language)
    if day:
        found = found.filter(Q(published__date=day) | Q(published__isnull=True, received_at__date=day))
    return [item_summary_json(request.user, item) for item in found.order_by(*SORTS[sort])]


@router.get(
    "/items/{pk}",
    response={200: ItemDetail, **error_responses(404)},
    summary="One media item: its text, tags with their rules and words, figures, copies and story",
)
def get_monitoring_item(request: HttpRequest, pk: int):
    require_scope(request, Permission.MONITORING_ITEM_VIEW)
    item = visible_items(request).filter(pk=pk).first()
    if item is None:
        raise Http404(_("Not found."))
    return item_json(request.user, item)

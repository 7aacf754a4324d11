"""Pages of media items: the list (filtered by source, status, language and day, sorted by arrival or
publication) and one item with its text, each tag's words marked in it, and why it was tagged."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accord.core.access import Action
from accord.core.audit import log_read
from accord.core.references import references_for_request
from accord.core.validation import day_field
from accord.monitoring.models import Item, ItemTag, Source
from accord.monitoring.tag_names import tag_names

ITEMS_PER_PAGE = 50
SORTS = {
    "-received": ("-received_at", "-id"),
    "received": ("received_at", "id"),
    "-published": ("-published", "-id"),
    "published": ("published", "id"),
}


class ItemFilterForm(forms.Form):
    source = forms.ChoiceField(label=gettext_lazy("Source"), required=False)
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("any")), *Item.Status.choices],
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language"),
        required=False,
        choices=[("", gettext_lazy("any")), ("en", gettext_lazy("English")), ("ru", gettext_lazy("Russian"))],
    )
    day = day_field(gettext_lazy("Day"))
    sort = forms.ChoiceField(
        label=gettext_lazy("Order"),
        required=False,
        choices=[
            ("-received", gettext_lazy("newest received first")),
            ("received", gettext_lazy("oldest received first")),
            ("-published", gettext_lazy("newest published first")),
            ("published", gettext_lazy("oldest published first")),
        ],
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        sources = Source.objects.restrict(user).order_by("name")
        self.fields["source"].choices = [("", _("any source")), *[(s.key, s.name) for s in sources]]


def filtered(items: QuerySet, data: dict[str, Any]) -> QuerySet:
    if data.get("source"):
        items = items.filter(source__key=data["source"])
    if data.get("status"):
        items = items.filter(status=data["status"])
    if data.get("language"):
        items = items.filter(language=data["language"])
    if data.get("day"):
        day = data["day"]
        items = items.filter(Q(published__date=day) | Q(published__isnull=True, received_at__date=day))
    return items.order_by(*SORTS.get(data.get("sort") or "", SORTS["-received"]))


def with_visible_sources(user: Any, items: Any) -> list[Item]:
    """Each item with ``shown_source``: its source when the user may see it (a source's labels may be
    raised after its items came in), else None."""
    items = list(items)
    visible = set(
        Source.objects.restrict(user)
        .filter(pk__in={item.source_id for item in items})
        .values_list("pk", flat=True)
    )
    for item in items:
        item.shown_source = item.source if item.source_id in visible else None
    return items


def item_list(request: HttpRequest) -> HttpResponse:
    """The items the user may see, filtered, sorted and paged."""
    form = ItemFilterForm(request.GET or None, user=request.user)
    items = Item.objects.restrict(request.user).select_related("source")
    if form.is_valid():
        items = filtered(items, form.cleaned_data)
    elif form.is_bound:
        items = items.none()
    else:
        items = filtered(items, {})
    page = Paginator(items, ITEMS_PER_PAGE).get_page(request.GET.get("page"))
    with_visible_sources(request.user, page.object_list)
    params = request.GET.copy()
    params.pop("page", None)
    context = {"form": form, "page": page, "total": page.paginator.count, "querystring": params.urlencode()}
    return render(request, "monitoring/items_list.html", context)


@dataclass(frozen=True)
class Piece:
    """A stretch of the item's text, marked when a tag's words stand there."""

    text: str
    tags: tuple[str, ...] = ()


def marked_text(item: Item, tags: list[ItemTag]) -> list[Piece]:
    """The text cut where tags' words stand (their spans count from the title, as analysed)."""
    offset = len(item.title) + 2 if item.title else 0
    marks: dict[int, set[str]] = {}
    for tag in tags:
        for span in tag.spans or []:
            try:
                start, end = int(span[0]) - offset, int(span[1]) - offset
            except (TypeError, ValueError, IndexError):
                continue
            for position in range(max(start, 0), min(end, len(item.text))):
                marks.setdefault(position, set()).add(f"{tag.kind}:{tag.key}")
    pieces: list[Piece] = []
    start = 0
    for position in range(1, len(item.text) + 1):
        if position == len(item.text) or marks.get(position) != marks.get(start):
            pieces.append(Piece(item.text[start:position], tuple(sorted(marks.get(start, ())))))
            start = position
    return pieces


def visible_item(request: HttpRequest, pk: int) -> Item:
    found = Item.objects.restrict(request.user).select_related("source").filter(pk=pk).first()
    if found is None:
        raise Http404(_("No such item."))
    return found


def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One item: title, source and its reliability, language, dates, status or error, the marked
    text, its tags with their rules and words, figures, copies and the story it belongs to."""
    item = visible_item(request, pk)
    user = request.user
    references = references_for_request(request)
    tags = list(item.tags.restrict(user, Action.VIEW).order_by("kind", "key"))
    names = tag_names((tag.kind, tag.key) for tag in tags)
    copies = (
        Item.objects.restrict(user).filter(duplicate_of=item).select_related("source").order_by("received_at")
    )
    log_read(user, item, "page")
    context = {
        "item": item,
        "tags": [(tag, names.get((tag.kind, tag.key), tag.key)) for tag in tags],
        "figures": list(item.figures.restrict(user, Action.VIEW).order_by("id")),
        "pieces": marked_text(item, tags),
        "original": references.from_record(item, "duplicate_of"),
        "story": references.from_record(item, "story"),
        "copies": with_visible_sources(user, copies[:50]),
        "source": references.from_record(item, "source"),
    }
    return render(request, "monitoring/items_detail.html", context)

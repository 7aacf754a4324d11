"""The dashboard's table of events: the filter's events, searched, sorted and paged in the database.

The table and the exports read the same rows (:func:`table_events`), so that an export is exactly
what the table shows, on every page at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from accord.crisis import names
from accord.crisis.queries import PictureFilter

PAGE_SIZE = 50
MAX_SEARCH = 200
# The columns a reader may sort by, and the database order each means (newest, then id, breaks ties).
SORTS = {
    "date": ("date", "id"),
    "state": ("country", "-date", "-id"),
    "category": ("category", "-date", "-id"),
    "fatalities": ("fatalities_best", "-date", "-id"),
}
DEFAULT_SORT = "-date"
SEARCHED_FIELDS = ("place", "admin1", "description", "reference")


@dataclass(frozen=True)
class TableQuery:
    """What the reader asked of the table besides the filter: a search text and an order."""

    search: str = ""
    sort: str = DEFAULT_SORT

    @classmethod
    def from_params(cls, params: Any) -> TableQuery:
        """Read ``q`` and ``sort``; an unknown order is the default one, never an error page."""
        search = (params.get("q") or "").strip()[:MAX_SEARCH]
        sort = params.get("sort") or DEFAULT_SORT
        return cls(search, sort if sort.lstrip("-") in SORTS else DEFAULT_SORT)

    def ordering(self) -> list[Any]:
        """The database order; events without a fatality count go last either way."""
        descending = self.sort.startswith("-")
        first, *rest = SORTS[self.sort.lstrip("-")]
        column = F(first).desc(nulls_last=True) if descending else F(first).asc(nulls_last=True)
        if descending:
            rest = [field[1:] if field.startswith("-") else f"-{field}" for field in rest]
        return [column, *rest]


def sort_columns() -> list[tuple[str, str]]:
    """The table's columns: the sort key of each sortable one ("" for the others) and its heading."""
    return [
        ("date", _("Date")),
        ("state", _("State")),
        ("", _("Region")),
        ("category", _("Category")),
        ("", _("Place")),
        ("fatalities", _("Fatalities")),
        ("", _("Description")),
        ("", _("Source")),
    ]


def table_events(user: Any, picture: PictureFilter, table: TableQuery) -> QuerySet:
    """The events of the table, as ``user`` may see them, searched and in the table's order."""
    events = picture.events(user)
    if table.search:
        matches = Q()
        for field in SEARCHED_FIELDS:
            matches |= Q(**{f"{field}__icontains": table.search})
        events = events.filter(matches)
    return events.order_by(*table.ordering())


def table_page(user: Any, picture: PictureFilter, table: TableQuery, number: Any) -> Page:
    """One page of the table (LIMIT/OFFSET in the database), with names beside the keys."""
    paginator = Paginator(table_events(user, picture, table), PAGE_SIZE)
    page = paginator.get_page(number)
    states, regions = names.state_names(user), names.region_names(user)
    categories = names.category_names()
    page.object_list = [
        {
            "id": event.pk,
            "day": event.date,
            "precision": "" if event.date_precision == "day" else event.get_date_precision_display(),
            "state": states.get(event.country, event.country),
            "region": regions.get(event.region, event.region),
            "category": categories.get(event.category, event.category),
            "place": event.place or event.admin1,
            "fatalities": event.fatalities_best,
            "description": event.description,
            "source": names.source_name(event.source),
            "reference": event.reference,
        }
        for event in page.object_list
    ]
    return page

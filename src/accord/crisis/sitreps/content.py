"""What a situation report covers: the Organization's regions, the areas of interest beyond the
members, and the labels of everything a report shows.

"All regions" is the Organization's area of responsibility — the states of its collective security
regions — never the whole world. Areas of interest (Afghanistan, the Tajik–Afghan border) lie beyond
the members and are shown apart, labelled as such, never mixed into the members' figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Q, QuerySet, Sum

from accord.charter import gazetteer
from accord.core.classification import ClassifiedModel
from accord.core.derived import Labels, at_least, combined
from accord.crisis.alerts import HANDLING_FLOOR
from accord.crisis.models import Alert, Episode, Event

LIST_FIRST = 30  # rows listed of a longer list; its count is always shown whole, with a link to all


@dataclass(frozen=True)
class AreaOfInterest:
    """An area beyond the member states the Center watches: its states, or a box around a border."""

    key: str
    name: str
    state_codes: tuple[str, ...]
    bbox: tuple[float, float, float, float] | None  # south, west, north, east

    def events_filter(self) -> Q:
        """The events of the area: in its states and, for a border strip, placed inside its box."""
        found = Q(country__in=self.state_codes) if self.state_codes else Q()
        if self.bbox:
            south, west, north, east = self.bbox
            found &= Q(latitude__gte=south, latitude__lte=north, longitude__gte=west, longitude__lte=east)
        return found if (self.state_codes or self.bbox) else Q(pk__in=[])


def area_states(user: Any) -> tuple[str, ...]:
    """The states of the Organization's collective security regions (its area of responsibility)."""
    codes = gazetteer.regions(user).filter(states__isnull=False).values_list("states__code", flat=True)
    return tuple(sorted(set(codes)))


def areas_of_interest(user: Any) -> list[AreaOfInterest]:
    """The areas of interest the charter records, as ``user`` may see them, named in the active language."""
    return [
        AreaOfInterest(
            area.key,
            str(area.name),
            tuple(area.state_codes or ()),
            tuple(area.bbox) if area.bbox else None,
        )
        for area in gazetteer.areas_of_interest(user)
    ]


def area_sections(user: Any, start: datetime.date, end: datetime.date, first: int) -> list[dict[str, Any]]:
    """Each area of interest with the count, fatalities and first events of the period."""
    sections = []
    for area in areas_of_interest(user):
        events = area_events(user, area, start, end)
        totals = events.aggregate(fatalities=Sum("fatalities_best"))
        sections.append(
            {
                "area": area,
                "count": events.count(),
                "fatalities": totals["fatalities"] or 0,
                "events": list(events.order_by("-date", "-id")[:first]),
                "queryset": events,
            }
        )
    return sections


def area_events(user: Any, area: AreaOfInterest, start: datetime.date, end: datetime.date) -> QuerySet:
    return Event.objects.restrict(user).filter(date__range=(start, end)).filter(area.events_filter())


def labels_of(*querysets: QuerySet) -> Labels:
    """The labels of everything the querysets select, combined, never below the CRC's handling floor."""
    found = []
    for queryset in querysets:
        if queryset.model not in (Event, Alert, Episode) and not issubclass(queryset.model, ClassifiedModel):
            continue
        found.extend(
            Labels(*row)
            for row in queryset.order_by()
            .values_list("classification", "releasability", "release_to")
            .distinct()
        )
    return at_least(combined(found), HANDLING_FLOOR)

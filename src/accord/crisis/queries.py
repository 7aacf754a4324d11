"""Reading the situation picture: events for the map, daily counts, series with alerts, reports.

Everything is read through ``restrict``: a user's map, counts and charts only ever include the
events they may see.
"""

from __future__ import annotations

import dataclasses
import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q, QuerySet, Sum
from django.utils.formats import date_format

from accord.charter import gazetteer
from accord.crisis import episode_queries, names
from accord.crisis.models import Alert, Event, Series, SeriesPoint

MAX_MAP_POINTS = 5000


@dataclass(frozen=True)
class PictureFilter:
    """Which part of the picture: a region, a state or an area of interest (or, with none of them, the
    states in ``scope``: the dashboard's default, the Organization's area and its areas of interest),
    dates, categories. No region, state, area or scope is the whole world."""

    region: str = ""
    country: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    categories: tuple[str, ...] = ()
    area: str = ""
    scope: tuple[str, ...] = ()

    def events(self, user: Any) -> QuerySet:
        """The events this filter selects that the user may see."""
        events = Event.objects.restrict(user, "view")
        if self.region:
            # By the region's states too: the (country, date) index is the events' one way in.
            events = events.filter(region=self.region, country__in=self.countries(user))
        if self.country:
            events = events.filter(country=self.country)
        if self.area:
            events = self.within_area(events, user)
        if self.scope and not (self.region or self.country or self.area):
            events = events.filter(country__in=self.scope)
        if self.start:
            events = events.filter(date__gte=self.start)
        if self.end:
            events = events.filter(date__lte=self.end)
        if self.categories:
            events = events.filter(category__in=self.categories)
        return events

    def within_area(self, events: QuerySet, user: Any) -> QuerySet:
        """Events in an area's states; for an area drawn as a box (a border strip), only events placed
        at a point inside the box, since an event known only to the country is not known to be there."""
        area = gazetteer.area_named(self.area, user)
        if area is None:
            return events.none()
        events = events.filter(country__in=area.state_codes)
        if area.bbox is None:
            return events
        south, west, north, east = area.bbox
        return events.filter(
            place_precision="point",
            latitude__gte=south,
            latitude__lte=north,
            longitude__gte=west,
            longitude__lte=east,
        )

    def countries(self, user: Any) -> list[str]:
        """The states the filter covers (a region's states, the one state, an area's states or the
        default scope), as the user sees them."""
        if self.country:
            return [self.country]
        if self.region:
            return gazetteer.region_state_codes(self.region, user)
        if self.area:
            area = gazetteer.area_named(self.area, user)
            return area.state_codes if area else []
        return list(self.scope)


def category_labels() -> dict[str, str]:
    """Each category's name in the active language, translated once for thousands of points."""
    return names.category_names()


def map_layers(user: Any, picture: PictureFilter) -> dict[str, Any]:
    """Point events for markers, and events known only to a region or a country as areas, never as points."""
    events = picture.events(user)
    points = list(
        events.filter(place_precision="point", latitude__isnull=False)
        .order_by("-date")
        .values(
            "id",
            "date",
            "date_precision",
            "latitude",
            "longitude",
            "category",
            "fatalities_best",
            "place",
            "country",
        )[:MAX_MAP_POINTS]
    )
    areas = list(
        events.exclude(place_precision="point", latitude__isnull=False)
        .values("country", "place_precision")
        .annotate(events=Count("id"), fatalities=Sum("fatalities_best"))
        .order_by("country", "place_precision")
    )
    labels, states = category_labels(), names.state_names(user)
    for point in points:
        point["day"] = date_format(point["date"], "DATE_FORMAT")
        point["date"] = point["date"].isoformat()
        point["category_label"] = labels[point["category"]]
        point["state"] = states.get(point["country"], point["country"])
    numeric = gazetteer.numeric_codes(
        {area["country"] for area in areas} | set(picture.countries(user)), user
    )
    for area in areas:
        area["fatalities"] = area["fatalities"] or 0
        area["numeric"] = numeric.get(area["country"], "")
        area["state"] = states.get(area["country"], area["country"])
    focus = [{"country": code, "numeric": numeric.get(code, "")} for code in picture.countries(user)]
    return {"points": points, "areas": areas, "focus": focus, "truncated": len(points) == MAX_MAP_POINTS}


def daily_counts(user: Any, picture: PictureFilter) -> list[dict[str, Any]]:
    """Events and fatalities per day and category, day-precise events only (coarser ones are not days)."""
    rows = (
        picture.events(user)
        .filter(date_precision="day")
        .values("date", "category")
        .annotate(events=Count("id"), fatalities=Sum("fatalities_best"))
        .order_by("date", "category")
    )
    labels = category_labels()
    return [
        {
            "date": row["date"].isoformat(),
            "category": row["category"],
            "category_label": labels[row["category"]],
            "events": row["events"],
            "fatalities": row["fatalities"] or 0,
        }
        for row in rows
    ]


def key_figures(user: Any, picture: PictureFilter) -> dict[str, Any]:
    """Totals for the heading of the dashboard and of the situation report."""
    events = picture.events(user)
    totals = events.aggregate(
        events=Count("id"),
        fatalities=Sum("fatalities_best"),
        coarse=Count("id", filter=~Q(date_precision="day")),
    )
    return {
        "events": totals["events"],
        "fatalities": totals["fatalities"] or 0,
        "events_without_exact_day": totals["coarse"],
        "open_alerts": open_alerts(user, picture).count(),
        "open_episodes": episode_queries.open_episodes(
            user, picture.countries(user), picture.start, picture.end
        ).count(),
    }


def series_with_alerts(
    user: Any, key: str, country: str, start: datetime.date | None, end: datetime.date | None
) -> dict[str, Any] | None:
    """A series' days (revisions flagged) and the alerts on it."""
    series = Series.objects.restrict(user, "view").filter(key=key, country=country).first()
    if series is None:
        return None
    points = series.points.all()
    alerts = Alert.objects.restrict(user, "view").filter(series=series)
    if start:
        points, alerts = points.filter(date__gte=start), alerts.filter(date__gte=start)
    if end:
        points, alerts = points.filter(date__lte=end), alerts.filter(date__lte=end)
    return {
        "key": series.key,
        "country": series.country,
        "unit": series.unit,
        "sources": series.source_keys,
        "points": [
            {"date": date.isoformat(), "value": value, "revision": revision}
            for date, value, revision in points.values_list("date", "value", "revision")
        ],
        "alerts": [alert_row(alert) for alert in alerts],
    }


def alert_row(alert: Alert) -> dict[str, Any]:
    """An alert and why it fired."""
    return {
        "id": alert.pk,
        "series": alert.series.key,
        "country": alert.series.country,
        "date": alert.date.isoformat(),
        "level": alert.level,
        "method": alert.method,
        "observed": alert.observed,
        "expected": alert.expected,
        "threshold": alert.threshold,
        "statistic": alert.statistic,
        "status": alert.status,
    }


def open_alerts(user: Any, picture: PictureFilter) -> QuerySet:
    """Alerts not yet closed, of the states the filter covers."""
    alerts = Alert.objects.restrict(user, "view").exclude(status=Alert.Status.CLOSED).select_related("series")
    countries = picture.countries(user)
    if countries:
        alerts = alerts.filter(series__country__in=countries)
    return alerts.order_by("-date")


def latest_reports(user: Any, picture: PictureFilter, limit: int = 20) -> list[dict[str, Any]]:
    """The newest situation reports from member states, with names beside the keys."""
    reports = picture.events(user).filter(source="report").order_by("-date", "-id")[:limit]
    states, categories = names.state_names(user), names.category_names()
    return [
        {
            "id": event.pk,
            "date": event.date.isoformat(),
            "day": event.date,
            "country": event.country,
            "country_name": states.get(event.country, event.country),
            "category": event.category,
            "category_name": categories.get(event.category, event.category),
            "place": event.place,
            "fatalities": event.fatalities_best,
            "description": event.description,
        }
        for event in reports
    ]


def latest_event_day(user: Any, picture: PictureFilter) -> datetime.date | None:
    """The newest day of the events the picture would show on any date (its dates set aside)."""
    undated = dataclasses.replace(picture, start=None, end=None)
    return undated.events(user).aggregate(latest=Max("date"))["latest"]


def default_scope(user: Any) -> tuple[str, ...]:
    """The states the dashboard opens on: the collective security regions' and the areas of interest's."""
    codes = {code for code in gazetteer.regions(user).values_list("states__code", flat=True) if code}
    for area in gazetteer.areas_of_interest(user):
        codes.update(area.state_codes)
    return tuple(sorted(codes))


def series_group(
    user: Any, key: str, countries: list[str], start: datetime.date | None, end: datetime.date | None
) -> dict[str, Any]:
    """One series for several states at once (a region's chart draws every state): each day named by
    its state, revisions flagged, and the alerts named by their level, in the active language."""
    found = Series.objects.restrict(user, "view").filter(key=key, country__in=countries)
    states = names.state_names(user)
    points = SeriesPoint.objects.restrict(user, "view").filter(series__in=found)
    alerts = Alert.objects.restrict(user, "view").filter(series__in=found)
    if start:
        points, alerts = points.filter(date__gte=start), alerts.filter(date__gte=start)
    if end:
        points, alerts = points.filter(date__lte=end), alerts.filter(date__lte=end)
    return {
        "key": key,
        "name": names.series_name(key),
        "points": [
            {
                "date": date.isoformat(),
                "value": value,
                "revision": revision,
                "country": country,
                "state": states.get(country, country),
            }
            for date, value, revision, country in points.order_by("series__country", "date").values_list(
                "date", "value", "revision", "series__country"
            )
        ],
        "alerts": [
            alert_row(alert)
            | {
                "state": states.get(alert.series.country, alert.series.country),
                "level_name": names.level_name(alert.level),
            }
            for alert in alerts.select_related("series").order_by("date")
        ],
    }


def series_last_days(user: Any, key: str, countries: list[str]) -> dict[str, datetime.date]:
    """The last day of a series for each state that has it (a chart after it would be an empty box)."""
    rows = (
        Series.objects.restrict(user, "view")
        .filter(key=key, country__in=countries)
        .annotate(last=Max("points__date"))
        .values_list("country", "last")
    )
    return {country: last for country, last in rows if last}

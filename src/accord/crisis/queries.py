"""Reading the situation picture: events for the map, daily counts, series with alerts, reports.

Everything is read through ``restrict``: a user's map, counts and charts only ever include the
events they may see.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum

from accord.charter import gazetteer
from accord.crisis.models import Alert, Category, Event, Series

MAX_MAP_POINTS = 5000


@dataclass(frozen=True)
class PictureFilter:
    """Which part of the picture: a region or a state, dates, categories."""

    region: str = ""
    country: str = ""
    start: datetime.date | None = None
    end: datetime.date | None = None
    categories: tuple[str, ...] = ()
    states: tuple[str, ...] = ()  # several states: the whole area of responsibility (all regions)

    def events(self, user: Any) -> QuerySet:
        """The events this filter selects that the user may see."""
        events = Event.objects.restrict(user, "view")
        if self.region:
            # By the region's states too: the (country, date) index is the events' one way in.
            events = events.filter(region=self.region, country__in=self.countries(user))
        if self.country:
            events = events.filter(country=self.country)
        if self.states:
            events = events.filter(country__in=self.states)
        if self.start:
            events = events.filter(date__gte=self.start)
        if self.end:
            events = events.filter(date__lte=self.end)
        if self.categories:
            events = events.filter(category__in=self.categories)
        return events

    def countries(self, user: Any) -> list[str]:
        """The states the filter covers (a region's states, or the one state), as the user sees them."""
        if self.country:
            return [self.country]
        if self.region:
            return gazetteer.region_state_codes(self.region, user)
        return list(self.states)


def category_labels() -> dict[str, str]:
    """Each category's name in the active language, translated once for thousands of points."""
    return {value: str(label) for value, label in Category.choices}


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
    labels = category_labels()
    for point in points:
        point["date"] = point["date"].isoformat()
        point["category_label"] = labels[point["category"]]
    numeric = gazetteer.numeric_codes(
        {area["country"] for area in areas} | set(picture.countries(user)), user
    )
    for area in areas:
        area["fatalities"] = area["fatalities"] or 0
        area["numeric"] = numeric.get(area["country"], "")
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
    """The newest situation reports from member states."""
    reports = picture.events(user).filter(source="report").order_by("-date", "-id")[:limit]
    return [
        {
            "id": event.pk,
            "date": event.date.isoformat(),
            "country": event.country,
            "category": event.category,
            "place": event.place,
            "fatalities": event.fatalities_best,
            "description": event.description,
        }
        for event in reports
    ]

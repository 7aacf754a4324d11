"""The daily situation report: key figures, open alerts with their reasons, the map, the charts,
new events and the sources of every figure — one template for the page, the HTML file and the PDF.

Charts and the map are Vega-Lite specifications rendered to SVG (vl-convert), so the report needs
no JavaScript and prints the same as it shows.
"""

from __future__ import annotations

import datetime
import json
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert
from django.conf import settings
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accord.charter import gazetteer
from accord.core.classification import Classification
from accord.core.errors import ServiceError
from accord.core.models import Source
from accord.crisis import queries
from accord.crisis.models import Event, Series

NEW_EVENT_DAYS = 7
SERIES_DAYS = 90
OUTLINES = "vendor/countries-110m.json"


class SitrepError(ServiceError):
    """A report cannot be made as asked."""


@cache
def outlines() -> dict[str, Any]:
    """Natural Earth country outlines (world-atlas), installed with the front-end assets."""
    for folder in [Path(__file__).resolve().parent.parent / "web" / "static", Path(settings.STATIC_ROOT)]:
        path = folder / OUTLINES
        if path.exists():
            return json.loads(path.read_text(encoding="utf-8"))
    raise SitrepError("the country outlines are missing: run 'make assets' (or make run) to install them")


def svg(spec: dict[str, Any]) -> str:
    """A Vega-Lite specification as SVG."""
    return vl_convert.vegalite_to_svg(spec)


def map_spec(points: list[dict[str, Any]], countries: list[str]) -> dict[str, Any]:
    """The map as a Vega-Lite geoshape over the same outlines as the page's Leaflet map."""
    numeric = [str(int(code)) for code in countries if code]
    focus_test = f"indexof({json.dumps(numeric)}, '' + toNumber(datum.id)) >= 0"
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 640,
        "height": 360,
        "projection": {"type": "mercator"},
        "layer": [
            {
                "data": {"values": outlines(), "format": {"type": "topojson", "feature": "countries"}},
                # Only the states the report covers, so that the projection fits them.
                "transform": [{"filter": focus_test}] if numeric else [],
                "mark": {"type": "geoshape", "stroke": "#9aa7b5", "strokeWidth": 0.5},
                "encoding": {
                    "color": {
                        "condition": {
                            "test": focus_test,
                            "value": "#dfe8f3",
                        },
                        "value": "#f4f6f9",
                    }
                },
            },
            {
                "data": {"values": points},
                "mark": {"type": "circle", "opacity": 0.6, "color": "#b3261e"},
                "encoding": {
                    "longitude": {"field": "longitude", "type": "quantitative"},
                    "latitude": {"field": "latitude", "type": "quantitative"},
                    "size": {"field": "fatalities_best", "type": "quantitative", "title": _("Fatalities")},
                },
            },
        ],
    }


def series_spec(
    key: str, country: str, rows: list[dict[str, Any]], alerts: list[dict[str, Any]]
) -> dict[str, Any]:
    """The last three months of a series, revisions and alerts marked."""
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "title": f"{key} — {country}",
        "width": 640,
        "height": 160,
        "layer": [
            {
                "data": {"values": [row for row in rows if not row["revision"]]},
                "mark": "line",
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": None},
                    "y": {"field": "value", "type": "quantitative", "title": _("Daily count")},
                },
            },
            {
                "data": {"values": [row for row in rows if row["revision"]] or [{}]},
                "mark": {"type": "point", "shape": "cross", "color": "#b3261e"},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "y": {"field": "value", "type": "quantitative"},
                },
            },
            {
                "data": {"values": alerts or [{}]},
                "mark": {"type": "rule", "strokeDash": [4, 3], "color": "#c98a00"},
                "encoding": {"x": {"field": "date", "type": "temporal"}},
            },
        ],
    }


def report_context(user: Any, day: datetime.date, region: str = "") -> dict[str, Any]:
    """Everything the report shows, as the user may see it."""
    if region and gazetteer.region_named(region, user) is None:
        known = ", ".join(gazetteer.region_keys(user))
        raise SitrepError(f"unknown region {region!r}: expected one of {known}")
    picture = queries.PictureFilter(region=region, end=day)
    recent = queries.PictureFilter(
        region=region, start=day - datetime.timedelta(days=NEW_EVENT_DAYS - 1), end=day
    )
    new_events = list(recent.events(user).order_by("-date", "-id")[:50])
    alerts = list(queries.open_alerts(user, picture).filter(date__lte=day)[:30])
    countries = picture.countries(user) or sorted({alert.series.country for alert in alerts})[:6]
    charts = series_charts(user, countries, day)
    points = queries.map_layers(user, recent)["points"]
    figures = queries.key_figures(user, recent)
    levels = [event.classification for event in new_events] + [alert.classification for alert in alerts]
    return {
        "day": day,
        "region": gazetteer.region_named(region, user),
        "figures": figures,
        "new_events": new_events,
        "alerts": alerts,
        "charts": charts,
        "map_svg": svg(map_spec(points, country_numbers(user, countries))),
        "classification": Classification(max(levels, default=Classification.PUBLIC)).label,
        "sources": Source.objects.restrict(user).filter(key__in=source_keys(new_events, charts)),
        "new_event_days": NEW_EVENT_DAYS,
    }


def country_numbers(user: Any, countries: list[str]) -> list[str]:
    """ISO numeric codes, as the outlines name countries."""
    return list(gazetteer.numeric_codes(countries, user).values())


def series_charts(user: Any, countries: list[str], day: datetime.date) -> list[dict[str, Any]]:
    """The COVID-19 charts of the report's states over the last three months."""
    charts = []
    start = day - datetime.timedelta(days=SERIES_DAYS)
    for series in (
        Series.objects.restrict(user)
        .filter(country__in=countries, key__startswith="covid.")
        .order_by("country", "key")
    ):
        if (series.points.aggregate(last=Max("date"))["last"] or day) < start:
            continue
        found = queries.series_with_alerts(user, series.key, series.country, start, day)
        if found and found["points"]:
            charts.append(
                {
                    "series": series,
                    "svg": svg(series_spec(series.key, series.country, found["points"], found["alerts"])),
                    "sources": series.source_keys,
                }
            )
    return charts


def source_keys(events: list[Event], charts: list[dict[str, Any]]) -> set[str]:
    """The sources behind the report's figures."""
    keys = {"ref-ucdp-ged"} if any(event.source == "ucdp-ged" for event in events) else set()
    for chart in charts:
        keys.update(chart["sources"])
    return keys


def render_html(user: Any, day: datetime.date, region: str = "", language: str = "en") -> str:
    """The report as a self-contained HTML document."""
    with translation.override(language):
        return render_to_string("crisis/sitrep.html", report_context(user, day, region))


def render_pdf(user: Any, day: datetime.date, region: str = "", language: str = "en") -> bytes:
    """The same report as PDF (WeasyPrint)."""
    import weasyprint

    return weasyprint.HTML(string=render_html(user, day, region, language)).write_pdf()

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
from urllib.parse import urlencode

import vl_convert
from django.conf import settings
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from accord.charter import gazetteer
from accord.core.classification import Classification, Releasability
from accord.core.derived import Labels
from accord.core.errors import ServiceError
from accord.core.models import Source
from accord.crisis import episode_queries, queries
from accord.crisis.models import Event, Series
from accord.crisis.sitreps import content, extra
from accord.crisis.sitreps.content import LIST_FIRST

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


def report_context(
    user: Any, day: datetime.date, region: str = "", first: int = LIST_FIRST
) -> dict[str, Any]:
    """Everything the report shows, as the user may see it.

    Without a region the report covers the Organization's area of responsibility: the states of its
    collective security regions. Every figure is counted whole; long lists show their ``first`` rows
    with the count and a link to the full list. Areas of interest beyond the members come apart.
    """
    if region and gazetteer.region_named(region, user) is None:
        known = ", ".join(gazetteer.region_keys(user))
        raise SitrepError(f"unknown region {region!r}: expected one of {known}")
    states = () if region else content.area_states(user)
    start = day - datetime.timedelta(days=NEW_EVENT_DAYS - 1)
    picture = queries.PictureFilter(region=region, end=day, scope=states)
    recent = queries.PictureFilter(region=region, start=start, end=day, scope=states)
    recent_events = recent.events(user)
    countries = picture.countries(user)
    all_episodes = episode_queries.episodes_open_on(user, countries, day)
    new_events = list(recent_events.order_by("-date", "-id")[:first])
    shown_episodes = list(all_episodes[:first])
    countries = countries or sorted({episode.series.country for episode in shown_episodes})[:6]
    charts = series_charts(user, countries, day)
    points = queries.map_layers(user, recent)["points"]
    areas = content.area_sections(user, start, day, first)
    extras = extra.built_sections(user, day, region)
    querysets = [area["queryset"] for area in areas] + extra.section_querysets(extras)
    labels = content.labels_of(recent_events, all_episodes, *querysets)
    return {
        "day": day,
        "region": gazetteer.region_named(region, user),
        "figures": queries.key_figures(user, recent),
        "new_events": new_events,
        "new_events_count": recent_events.count(),
        "episodes": [
            episode_queries.episode_row(episode, episode_queries.state_names(user, countries))
            for episode in shown_episodes
        ],
        "episodes_count": all_episodes.count(),
        "events_url": full_list_url("api-1.0.0:list_events", region, start, day),
        "episodes_url": full_list_url("crisis:episode-list", region, None, day),
        "areas": areas,
        "extra_sections": extras,
        "charts": charts,
        "map_svg": svg(map_spec(points, country_numbers(user, countries))),
        "labels": labels,
        "classification": Classification(labels.classification).label,
        "releasability": Releasability(labels.releasability).label,
        "sources": Source.objects.restrict(user).filter(key__in=source_keys(new_events, charts)),
        "new_event_days": NEW_EVENT_DAYS,
    }


def report_labels(user: Any, day: datetime.date, region: str = "") -> Labels:
    """The labels of everything the report shows, without drawing it (a draft's labels)."""
    states = () if region else content.area_states(user)
    start = day - datetime.timedelta(days=NEW_EVENT_DAYS - 1)
    recent = queries.PictureFilter(region=region, start=start, end=day, scope=states).events(user)
    countries = queries.PictureFilter(region=region, end=day, scope=states).countries(user)
    episodes = episode_queries.episodes_open_on(user, countries, day)
    areas = [content.area_events(user, area, start, day) for area in content.areas_of_interest(user)]
    extras = extra.section_querysets(extra.built_sections(user, day, region))
    return content.labels_of(recent, episodes, *areas, *extras)


def full_list_url(name: str, region: str, start: datetime.date | None, end: datetime.date) -> str:
    """The address of the whole list a report shows the first rows of."""
    params = {"region": region, "start": start.isoformat() if start else "", "end": end.isoformat()}
    return f"{reverse(name)}?{urlencode({key: value for key, value in params.items() if value})}"


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


STYLESHEET = Path(__file__).resolve().parent / "static" / "crisis" / "sitrep.css"


def stylesheet() -> str:
    """The report's stylesheet: linked from the page, written into the stored document and the PDF."""
    return STYLESHEET.read_text(encoding="utf-8")


def render_html(
    user: Any,
    day: datetime.date,
    region: str = "",
    language: str = "en",
    *,
    document: dict[str, Any] | None = None,
    self_contained: bool = False,
) -> str:
    """The report as an HTML document: linking the stylesheet (served as a page), or carrying it
    (``self_contained``: the stored file and the PDF, which must not change when the site does).
    ``document`` adds what a report document shows besides the picture (number, assessment)."""
    with translation.override(language):
        context = report_context(user, day, region)
        return render_html_of(context | {"document": document or {}}, self_contained=self_contained)


def render_html_of(context: dict[str, Any], *, self_contained: bool) -> str:
    """The report's template over a context already gathered."""
    return render_to_string(
        "crisis/sitrep.html", context | {"embedded_style": stylesheet() if self_contained else ""}
    )


def pdf_of(html: str) -> bytes:
    """A self-contained report document as PDF (WeasyPrint)."""
    import weasyprint

    return weasyprint.HTML(string=html).write_pdf()


def render_pdf(user: Any, day: datetime.date, region: str = "", language: str = "en") -> bytes:
    """The same report as PDF, with the same stylesheet."""
    return pdf_of(render_html(user, day, region, language, self_contained=True))

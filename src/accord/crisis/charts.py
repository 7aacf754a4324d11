"""Vega-Lite chart specifications, built in Python so the page and the paper share one definition."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"


def events_chart(data_url: str) -> dict[str, Any]:
    """Events per day, stacked by category (day-precise events only)."""
    return {
        "$schema": SCHEMA,
        "title": _("Events per day"),
        "width": "container",
        "height": 220,
        "autosize": {"type": "fit", "contains": "padding"},
        "data": {"url": data_url, "format": {"type": "json", "property": "counts"}},
        "mark": {"type": "bar"},
        "encoding": {
            "x": {"field": "date", "type": "temporal", "title": _("Date")},
            "y": {"aggregate": "sum", "field": "events", "type": "quantitative", "title": _("Events")},
            "color": {"field": "category_label", "type": "nominal", "title": _("Category")},
            "tooltip": [
                {"field": "date", "type": "temporal"},
                {"field": "category_label", "title": _("Category")},
                {"field": "events"},
                {"field": "fatalities"},
            ],
        },
    }


def series_chart(data_url: str, title: str) -> dict[str, Any]:
    """A daily series, with downward revisions and alerts marked."""
    return {
        "$schema": SCHEMA,
        "title": title,
        "width": "container",
        "height": 240,
        "autosize": {"type": "fit", "contains": "padding"},
        "layer": [
            {
                "data": {"url": data_url, "format": {"type": "json", "property": "points"}},
                "transform": [{"filter": "!datum.revision"}],
                "mark": {"type": "line", "color": "#1f4e8c"},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": _("Date")},
                    "y": {"field": "value", "type": "quantitative", "title": _("Daily count")},
                },
            },
            {
                "data": {"url": data_url, "format": {"type": "json", "property": "points"}},
                "transform": [{"filter": "datum.revision"}],
                "mark": {"type": "point", "shape": "cross", "color": "#b3261e", "size": 80},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "y": {"field": "value", "type": "quantitative"},
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "value", "title": _("downward revision")},
                    ],
                },
            },
            {
                "data": {"url": data_url, "format": {"type": "json", "property": "alerts"}},
                "mark": {"type": "rule", "strokeDash": [4, 3]},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "color": {
                        "field": "level",
                        "type": "nominal",
                        "title": _("Alert"),
                        "scale": {"domain": ["amber", "red"], "range": ["#c98a00", "#b3261e"]},
                    },
                    "tooltip": [
                        {"field": "date", "type": "temporal"},
                        {"field": "level"},
                        {"field": "method"},
                        {"field": "observed"},
                        {"field": "expected"},
                        {"field": "threshold"},
                    ],
                },
            },
        ],
    }

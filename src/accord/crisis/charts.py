"""Vega-Lite chart specifications, built in Python so the page and the paper share one definition."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from accord.crisis import names

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
                {"field": "date", "type": "temporal", "title": _("Date")},
                {"field": "category_label", "title": _("Category")},
                {"field": "events", "title": _("Events")},
                {"field": "fatalities", "title": _("Fatalities")},
            ],
        },
    }


def series_chart(data_url: str, title: str) -> dict[str, Any]:
    """A daily series, a line per state (named), with downward revisions and alerts (named by level)
    marked; the data is the API's series of several states (``get_series_group``)."""
    levels = [names.level_name(level) for level in ("amber", "red")]
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
                "mark": {"type": "line"},
                "encoding": {
                    "x": {"field": "date", "type": "temporal", "title": _("Date")},
                    "y": {"field": "value", "type": "quantitative", "title": _("Daily count")},
                    "color": {"field": "state", "type": "nominal", "title": _("State")},
                    "tooltip": [
                        {"field": "state", "title": _("State")},
                        {"field": "date", "type": "temporal", "title": _("Date")},
                        {"field": "value", "title": _("Daily count")},
                    ],
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
                        {"field": "state", "title": _("State")},
                        {"field": "date", "type": "temporal", "title": _("Date")},
                        {"field": "value", "title": _("downward revision")},
                    ],
                },
            },
            {
                "data": {"url": data_url, "format": {"type": "json", "property": "alerts"}},
                "mark": {"type": "rule", "strokeDash": [4, 3]},
                "encoding": {
                    "x": {"field": "date", "type": "temporal"},
                    "strokeWidth": {"value": 1.5},
                    "stroke": {
                        "field": "level_name",
                        "type": "nominal",
                        "title": _("Alert"),
                        "scale": {"domain": levels, "range": ["#c98a00", "#b3261e"]},
                    },
                    "tooltip": [
                        {"field": "state", "title": _("State")},
                        {"field": "date", "type": "temporal", "title": _("Date")},
                        {"field": "level_name", "title": _("Level")},
                        {"field": "method", "title": _("Method")},
                        {"field": "observed", "title": _("Observed")},
                        {"field": "expected", "title": _("Expected")},
                        {"field": "threshold", "title": _("Threshold")},
                    ],
                },
            },
        ],
    }

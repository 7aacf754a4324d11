"""Exports of the dashboard's table of events: CSV, JSON and GeoJSON of exactly what the filter shows.

The rows are :func:`accord.crisis.event_table.table_events`, read through ``restrict``: an export
never holds an event the page would not show its reader. Events are aggregate facts; the fields an
importer kept from its source (``attributes``) stay out, so no export names a person. Rows are
streamed from the database in chunks, so a decade of events is never held whole in memory.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import StreamingHttpResponse

from accord.core.exports import csv_lines, json_array
from accord.crisis import names

FIELDS = (
    "id",
    "date",
    "date_end",
    "date_precision",
    "country",
    "region",
    "category",
    "place",
    "place_precision",
    "admin1",
    "latitude",
    "longitude",
    "fatalities_best",
    "fatalities_low",
    "fatalities_high",
    "description",
    "source",
    "reference",
    "classification",
    "releasability",
)
NAMED = ("state_name", "region_name", "category_name")
CHUNK = 2000
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "geojson": "application/geo+json",
}


def export_rows(user: Any, events: QuerySet) -> Iterator[dict[str, Any]]:
    """Each event's exported fields, with the names of its state, region and category."""
    states, regions, categories = names.state_names(user), names.region_names(user), names.category_names()
    for row in events.values(*FIELDS).iterator(chunk_size=CHUNK):
        yield {
            **row,
            "state_name": states.get(row["country"], row["country"]),
            "region_name": regions.get(row["region"], row["region"]),
            "category_name": categories.get(row["category"], row["category"]),
        }


def feature(row: dict[str, Any]) -> dict[str, Any]:
    """An event as a GeoJSON feature; one known only to a region or a country has no geometry."""
    point = row["place_precision"] == "point" and row["latitude"] is not None
    geometry = {"type": "Point", "coordinates": [row["longitude"], row["latitude"]]} if point else None
    return {"type": "Feature", "id": row["id"], "geometry": geometry, "properties": row}


def export_response(user: Any, events: QuerySet, kind: str, filename: str) -> StreamingHttpResponse:
    """The download of ``events`` in ``kind`` (csv, json or geojson), streamed."""
    rows = export_rows(user, events)
    if kind == "csv":
        header = [*FIELDS, *NAMED]
        body = csv_lines(header, ([row[name] for name in header] for row in rows))
    elif kind == "geojson":
        body = json_array(map(feature, rows), '{"type": "FeatureCollection", "features": [', "]}")
    else:
        body = json_array(rows)
    response = StreamingHttpResponse(body, content_type=FORMATS[kind])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{kind}"'
    return response

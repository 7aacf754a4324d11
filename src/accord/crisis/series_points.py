"""Keeping a series' points in step with what other apps compute (operations' results, media stories).

Every change of a point is on the record; a point whose value did not change writes nothing, so that
recomputing a range every day leaves no trace where nothing moved.
"""

from __future__ import annotations

import datetime

from accord.core.audit import Actor, delete_with_record, save_with_record
from accord.crisis.models import Series, SeriesPoint


def sync_points(
    series: Series,
    values: dict[datetime.date, float],
    actor: Actor,
    reason: str,
    *,
    within: tuple[datetime.date, datetime.date] | None = None,
) -> int:
    """Create, change and delete the series' points so that they are ``values``; with ``within``, only
    the points of those days (first and last included) are touched. Returns how many changed."""
    points = SeriesPoint.objects.filter(series=series)
    if within is not None:
        points = points.filter(date__range=within)
    existing = {point.date: point for point in points}
    changed = 0
    for day, value in values.items():
        point = existing.get(day) or SeriesPoint(series=series, date=day)
        changed += save_with_record(
            point, actor=actor, reason=reason, fields={"value": value, "cumulative": None}
        )
    for day, point in existing.items():
        if day not in values:
            delete_with_record(point, actor=actor, reason=reason)
            changed += 1
    return changed

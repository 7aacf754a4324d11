"""Keeping a series' points in step with what other apps compute (operations' results, media stories).

Every change of a point is on the record; a point whose value did not change writes nothing, so that
recomputing a range every day leaves no trace where nothing moved.
"""

from __future__ import annotations

import datetime

from django.db import transaction

from accord.core.audit import Actor, delete_with_record, record_change, save_with_record
from accord.core.models import ChangeRecord
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


def sync_points_in_bulk(
    series: Series,
    values: dict[datetime.date, float],
    actor: Actor,
    reason: str,
    *,
    within: tuple[datetime.date, datetime.date],
) -> int:
    """:func:`sync_points` for a series recounted every day over weeks (the media signals): the points
    written in bulk and ONE change record of the series naming each day that changed, before and
    after — a record per point would write a month of zero days for every new series. Returns how many
    points changed."""
    existing = {point.date: point for point in SeriesPoint.objects.filter(series=series, date__range=within)}
    added = [
        SeriesPoint(series=series, date=day, value=value)
        for day, value in values.items()
        if day not in existing
    ]
    changed = [point for day, point in existing.items() if day in values and point.value != values[day]]
    removed = [point for day, point in existing.items() if day not in values]
    if not (added or changed or removed):
        return 0
    before = {point.date.isoformat(): point.value for point in (*changed, *removed)}
    after = {point.date.isoformat(): point.value for point in added}
    for point in changed:
        point.value, point.cumulative = values[point.date], None
        after[point.date.isoformat()] = point.value
    with transaction.atomic():
        SeriesPoint.objects.bulk_create(added)
        SeriesPoint.objects.bulk_update(changed, ["value", "cumulative"])
        SeriesPoint.objects.filter(pk__in=[point.pk for point in removed]).delete()
        record_change(
            actor=actor,
            action=ChangeRecord.Action.UPDATE,
            instance=series,
            before={"points": before},
            after={"points": after},
            reason=reason,
        )
    return len(added) + len(changed) + len(removed)

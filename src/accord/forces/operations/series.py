"""Results of operations as daily series, for the early-warning methods and the charts.

Each indicator of a type of operation and each state make one series of the crisis app, keyed
``operations.<type>.<indicator>`` for the state's code; a point is dated on the last day of the
phase the results belong to and holds the phase's figure (added up as the indicator says). Series are
public records, so only results released to everyone (classification PUBLIC, releasability
``everyone``) and not withdrawn feed them: a restricted result never leaks through a chart. Figures of
the whole operation (no state) are not a state's series and stay on the operation's page.

:func:`feed_operations` recomputes the series an operation's type touches, so every write — a load,
a recorded, corrected or withdrawn result — leaves the series in step, each change on the record.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from accord.core.audit import Actor, save_with_record
from accord.core.classification import Classification, Releasability
from accord.crisis.models import Series
from accord.crisis.series_points import sync_points
from accord.forces.models import Aggregation, Operation, OperationResult

PREFIX = "operations"


def series_key(type_key: str, indicator_key: str) -> str:
    """The key of an indicator's series (the same for every state)."""
    return f"{PREFIX}.{type_key}.{indicator_key}"[:64]


def feeding(results: Iterable[OperationResult]) -> list[OperationResult]:
    """The results that may feed a public series: released to everyone, with a state, not withdrawn."""
    return [
        item
        for item in results
        if not item.withdrawn
        and item.state_id
        and item.classification == Classification.PUBLIC
        and item.releasability == Releasability.EVERYONE
    ]


def wanted_points(type_key: str) -> dict[tuple[str, str], dict]:
    """Every (series key, state) of a type with its points: date → (value, unit, sources)."""
    results = OperationResult.objects.filter(operation__operation_type__key=type_key).select_related(
        "indicator", "phase", "state"
    )
    grouped: dict[tuple[str, str], dict[datetime.date, list[OperationResult]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for item in feeding(results):
        grouped[(series_key(type_key, item.indicator.key), item.state.code)][item.phase.end].append(item)
    return {where: dict(days) for where, days in grouped.items()}


def figure(items: list[OperationResult]) -> float:
    """One day's figure: the sum of the results, or the largest, as the indicator says."""
    values = [float(item.value) for item in items]
    return max(values) if items[0].indicator.aggregation == Aggregation.MAX else sum(values)


def feed_type(type_key: str, actor: Actor) -> None:
    """Bring the series of one type of operation in step with its results."""
    wanted = wanted_points(type_key)
    existing = {
        (series.key, series.country): series
        for series in Series.objects.filter(key__startswith=f"{PREFIX}.{type_key}.")
    }
    reason = f"results of {type_key} operations"
    for where in sorted(set(wanted) | set(existing)):
        days = wanted.get(where, {})
        series = existing.get(where)
        if series is None:
            first = next(iter(days.values()))[0]
            series = Series(key=where[0], country=where[1], unit=first.unit)
        sources = sorted({item.source for items in days.values() for item in items})
        save_with_record(series, actor=actor, reason=reason, fields={"source_keys": sources})
        sync_points(series, {day: figure(items) for day, items in days.items()}, actor, reason)


def feed_operations(operations: Iterable[Operation], *, actor: Actor) -> None:
    """Bring in step the series of the types of these operations."""
    for type_key in sorted({operation.operation_type.key for operation in operations}):
        feed_type(type_key, actor)

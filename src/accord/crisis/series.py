"""Daily series: event counts as series, and their early-warning runs (the JHU import is
:mod:`accord.crisis.ingest.jhu`)."""

from __future__ import annotations

import datetime
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Sum

from accord.core.audit import Actor, record_change
from accord.core.ingest import load_yaml_data
from accord.crisis import early_warning
from accord.crisis.models import Alert, EventCount, Series

CONFIG_FILE = Path(__file__).resolve().parent.parent / "data" / "early-warning.yaml"


@cache
def early_warning_config() -> dict[str, Any]:
    """The shipped configuration of methods per series."""
    return load_yaml_data(CONFIG_FILE)


def method_for(series_key: str, method: str | None = None) -> early_warning.MethodConfig:
    """The method configured for a series (``events.*`` series share the ``events`` entry)."""
    config = early_warning_config()
    entries = config["series"]
    entry = dict(entries.get(series_key) or entries.get(series_key.split(".")[0]) or config["default"])
    if method:
        entry = {"method": method}
    name = entry.pop("method")
    known = {
        key: entry.pop(key) for key in list(entry) if key in early_warning.MethodConfig.__dataclass_fields__
    }
    return early_warning.MethodConfig(name, **known, extra=entry)


def series_days(
    series: Series, start: datetime.date | None = None, end: datetime.date | None = None
) -> list[early_warning.Day]:
    """A series as the early-warning methods see it (the baseline may reach before ``start``)."""
    points = series.points.all()
    if end:
        points = points.filter(date__lte=end)
    return [
        early_warning.Day(date, value, revision)
        for date, value, revision in points.values_list("date", "value", "revision")
    ]


def event_series_days(
    region: str, category: str, start: datetime.date, end: datetime.date
) -> list[early_warning.Day]:
    """Daily event counts of a region and category (day-precise events only), with zero days filled in."""
    counts = dict(
        EventCount.objects.filter(
            region=region, category=category, date_precision="day", date__range=(start, end)
        )
        .values("date")
        .annotate(total=Sum("events"))
        .values_list("date", "total")
    )
    days = (end - start).days + 1
    return [
        early_warning.Day(
            start + datetime.timedelta(days=offset),
            float(counts.get(start + datetime.timedelta(days=offset), 0)),
        )
        for offset in range(days)
    ]


def backtest(
    series: Series, start: datetime.date, end: datetime.date, method: str | None = None
) -> list[early_warning.Signal]:
    """The alerts that would have fired between two dates."""
    config = method_for(series.key, method)
    return [
        signal
        for signal in early_warning.alerts(series_days(series, end=end), config)
        if signal.date >= start
    ]


@transaction.atomic
def raise_alerts(series: Series, start: datetime.date, end: datetime.date, *, actor: Actor) -> list[Alert]:
    """Store the alerts the configured method raises between two dates (each once)."""
    created = []
    for signal in backtest(series, start, end):
        alert, made = Alert.objects.get_or_create(
            series=series,
            date=signal.date,
            method=signal.method,
            defaults={
                "level": signal.level,
                "observed": signal.observed,
                "expected": signal.expected,
                "threshold": signal.threshold,
                "statistic": signal.statistic,
                "classification": 1,
                "releasability": "members-and-partners",
            },
        )
        if made:
            record_change(
                actor=actor,
                action="create",
                instance=alert,
                before=None,
                after=signal.as_dict(),
                reason="early-warning run",
            )
            created.append(alert)
    return created

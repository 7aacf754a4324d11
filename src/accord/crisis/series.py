"""Daily series: the JHU CSSE COVID-19 import, event counts as series, and their early-warning runs."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from accord.core.audit import Actor, record_change
from accord.core.ingest import iso_day, load_yaml_data, whole_number
from accord.crisis import early_warning
from accord.crisis.importers import (
    Gazetteer,
    ImportRefused,
    RowProblem,
    dataset_source,
    file_sha256,
    mapped_row_problems,
    read_csv,
    refusing_unreadable_files,
)
from accord.crisis.models import Alert, EventCount, ImportRun, Series, SeriesPoint

CONFIG_FILE = Path(__file__).resolve().parent.parent / "data" / "early-warning.yaml"
JHU_COLUMNS = ("Date", "Country", "Confirmed", "Recovered", "Deaths")
JHU_SERIES = {"covid.confirmed": "Confirmed", "covid.deaths": "Deaths"}
# The JHU data's names that differ from the ISO short names Accord knows.
JHU_NAMES = {
    "Brunei": "BRN",
    "Burma": "MMR",
    "Congo (Brazzaville)": "COG",
    "Congo (Kinshasa)": "COD",
    "Cote d'Ivoire": "CIV",
    "Holy See": "VAT",
    "Korea, South": "KOR",
    "Micronesia": "FSM",
    "Russia": "RUS",
    "Taiwan*": "TWN",
    "Turkey": "TUR",
    "US": "USA",
    "West Bank and Gaza": "PSE",
}
# Entries of the JHU data that are not states with an ISO code: counted and reported, not imported.
JHU_NOT_STATES = {
    "Diamond Princess": "a cruise ship",
    "MS Zaandam": "a cruise ship",
    "Summer Olympics 2020": "an event",
    "Kosovo": "no ISO 3166 code",
}
BATCH = 5000
LARGEST_COUNT = 10**12  # people: more than live on Earth, and exact in a float column
JHU_SOURCE = {
    "key": "ref-jhu-covid",
    "title": "COVID-19 data of the Johns Hopkins University CSSE (countries aggregated, 2021-10-11)",
    "publisher": "Johns Hopkins University CSSE, normalised by the datasets/covid-19 data package",
    "licence": "CC BY 4.0",
    "address": "data/demo/countries-aggregated.csv",
}


@dataclass
class SeriesImport:
    """What a series import did."""

    run: ImportRun
    series: int
    revisions: int
    skipped: dict[str, int] = field(default_factory=dict)


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


def read_jhu(
    path: Path, gazetteer: Gazetteer
) -> tuple[dict[tuple[str, str], list[tuple[datetime.date, float]]], Counter]:
    """Cumulative figures per (series, country) from the JHU file, every bad row reported."""
    header, rows = read_csv(path, JHU_COLUMNS)
    figures: dict[tuple[str, str], list[tuple[datetime.date, float]]] = defaultdict(list)
    skipped: Counter = Counter()
    problems: list[RowProblem] = []
    for line, raw in rows:
        unreadable = mapped_row_problems(line, raw, header)
        if unreadable:
            problems.extend(unreadable)
            continue
        name = raw["Country"].strip()
        if name in JHU_NOT_STATES:
            skipped[f"{name} ({JHU_NOT_STATES[name]})"] += 1
            continue
        code = JHU_NAMES.get(name) or gazetteer.by_name.get(name.casefold())
        if code is None:
            problems.append(RowProblem(line, "Country", f"unknown country {name!r}"))
            continue
        try:
            day = iso_day(raw["Date"])
        except ValueError as error:
            problems.append(RowProblem(line, "Date", str(error)))
            continue
        for key, column in JHU_SERIES.items():
            try:  # counts of people: whole, finite, never rounded (nor NaN, nor 1e400)
                figures[(key, code)].append((day, float(whole_number(raw[column], maximum=LARGEST_COUNT))))
            except ValueError as error:
                problems.append(RowProblem(line, column, str(error)))
    if problems:
        raise ImportRefused(path, problems)
    return figures, skipped


def daily_points(
    cumulative: list[tuple[datetime.date, float]],
) -> list[tuple[datetime.date, float, float, bool]]:
    """(day, cumulative, daily count, revision) — the first day's count is its cumulative figure."""
    points = []
    previous = None
    for day, total in sorted(cumulative):
        daily = total if previous is None else total - previous
        points.append((day, total, daily, daily < 0))
        previous = total
    return points


@transaction.atomic
def import_jhu_covid(
    path: Path, *, actor: Actor, progress: Callable[[int, int], None] | None = None
) -> SeriesImport:
    """Import the cumulative JHU CSSE COVID-19 file as daily series, revisions kept and flagged."""
    gazetteer = Gazetteer.load()
    with refusing_unreadable_files():
        figures, skipped = read_jhu(path, gazetteer)
    dataset_source(JHU_SOURCE, actor)
    run = ImportRun.objects.create(
        kind="jhu-covid", file_name=path.name, sha256=file_sha256(path), actor_name=actor.name
    )
    revisions = 0
    for (key, code), cumulative in sorted(figures.items()):
        series, _ = Series.objects.get_or_create(
            key=key,
            country=code,
            defaults={
                "region": gazetteer.region_of.get(code, ""),
                "unit": "people",
                "source_keys": ["ref-jhu-covid"],
            },
        )
        added, updated, unchanged, flagged = sync_points(series, daily_points(cumulative))
        run.added, run.updated, run.unchanged = (
            run.added + added,
            run.updated + updated,
            run.unchanged + unchanged,
        )
        revisions += flagged
        if progress:
            progress(1, len(figures))
    run.finished_at = timezone.now()
    run.save()
    record_change(
        actor=actor,
        action="create",
        instance=run,
        before=None,
        after={
            "file": run.file_name,
            "sha256": run.sha256,
            "added": run.added,
            "updated": run.updated,
            "unchanged": run.unchanged,
            "revisions": revisions,
            "skipped": dict(skipped),
        },
        reason="jhu-covid import",
    )
    return SeriesImport(run, len(figures), revisions, dict(skipped))


def sync_points(
    series: Series, points: list[tuple[datetime.date, float, float, bool]]
) -> tuple[int, int, int, int]:
    """Create new days, update changed ones, leave the rest: (added, updated, unchanged, revisions)."""
    existing = {point.date: point for point in series.points.all()}
    fresh, changed = [], []
    for day, total, daily, revision in points:
        point = existing.get(day)
        if point is None:
            fresh.append(
                SeriesPoint(series=series, date=day, cumulative=total, value=daily, revision=revision)
            )
        elif (point.cumulative, point.value, point.revision) != (total, daily, revision):
            point.cumulative, point.value, point.revision = total, daily, revision
            changed.append(point)
    SeriesPoint.objects.bulk_create(fresh, batch_size=BATCH)
    SeriesPoint.objects.bulk_update(changed, ["cumulative", "value", "revision"], batch_size=BATCH)
    return (
        len(fresh),
        len(changed),
        len(points) - len(fresh) - len(changed),
        sum(1 for point in points if point[3]),
    )


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

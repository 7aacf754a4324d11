"""Daily series: the JHU CSSE COVID-19 import (early-warning runs are in accord.crisis.alerts)."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from accord.core.audit import Actor, record_change
from accord.core.ingest import iso_day, whole_number
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
from accord.crisis.models import ImportRun, Series, SeriesPoint

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

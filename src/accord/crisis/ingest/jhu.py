"""Importing the JHU CSSE COVID-19 data (cumulative figures per country) as daily series.

Daily counts are derived from the cumulative figures; a day whose cumulative figure went down is a
downward revision, kept and flagged rather than smoothed away. As the event import does, a new series
and a revised daily figure are on the record (one change record each); new days are counted in the
import's own record, and unchanged ones leave no trace.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from accord.charter.gazetteer import Gazetteer
from accord.core.audit import Actor, record_change, save_with_record, snapshot
from accord.core.importing import (
    ImportRefused,
    RowProblem,
    read_csv,
    recording_refusal,
    refusing_unreadable_files,
    unreadable_row_problems,
)
from accord.core.ingest import file_sha256, iso_day, whole_number
from accord.core.models import Run
from accord.core.runs import finish_run, record_run, report_progress, start_run
from accord.crisis.ingest.writer import Progress, dataset_source
from accord.crisis.models import Series, SeriesPoint

KIND = "jhu-covid"
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
Figures = dict[tuple[str, str], list[tuple[datetime.date, float]]]
Point = tuple[datetime.date, float, float, bool]


@dataclass
class SeriesImport:
    """What a series import did."""

    run: Run
    series: int
    revisions: int
    skipped: dict[str, int] = field(default_factory=dict)


def jhu_state_code(name: str, gazetteer: Gazetteer) -> str | None:
    """The alpha-3 code of a JHU country name: the JHU's own spellings first, then any name or code."""
    return JHU_NAMES.get(name) or gazetteer.state_code(name)


def read_jhu(path: Path, gazetteer: Gazetteer) -> tuple[Figures, Counter]:
    """Cumulative figures per (series, country) from the JHU file, every bad row reported."""
    header, rows = read_csv(path, JHU_COLUMNS)
    figures: Figures = defaultdict(list)
    skipped: Counter = Counter()
    problems: list[RowProblem] = []
    for line, raw in rows:
        unreadable = unreadable_row_problems(line, raw, header)
        if unreadable:
            problems.extend(unreadable)
            continue
        name = raw["Country"].strip()
        if name in JHU_NOT_STATES:
            skipped[f"{name} ({JHU_NOT_STATES[name]})"] += 1
            continue
        code = jhu_state_code(name, gazetteer)
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


def daily_points(cumulative: list[tuple[datetime.date, float]]) -> list[Point]:
    """(day, cumulative, daily count, revision) — the first day's count is its cumulative figure."""
    points = []
    previous = None
    for day, total in sorted(cumulative):
        daily = total if previous is None else total - previous
        points.append((day, total, daily, daily < 0))
        previous = total
    return points


def import_jhu_covid(
    path: Path, *, actor: Actor, progress: Progress | None = None, run: Run | None = None
) -> SeriesImport:
    """Import the cumulative JHU CSSE COVID-19 file as daily series, revisions kept and flagged;
    ``run``, when given, is a run made beforehand (by a queued job) that the import fills in.
    """
    with recording_refusal(run):
        gazetteer = Gazetteer.load(actor.access_user)
        with refusing_unreadable_files():
            figures, skipped = read_jhu(path, gazetteer)
        return write_series(path, figures, skipped, gazetteer, actor, progress, run)


@transaction.atomic
def write_series(
    path: Path,
    figures: Figures,
    skipped: Counter,
    gazetteer: Gazetteer,
    actor: Actor,
    progress: Progress | None,
    run: Run | None,
) -> SeriesImport:
    """Write every series of a checked file, in one transaction."""
    dataset_source(JHU_SOURCE, actor)
    run = take_run(run, path, actor)
    known = series_by_key(figures)
    revisions = 0
    for done, ((key, code), cumulative) in enumerate(sorted(figures.items()), start=1):
        series = known.get((key, code)) or new_series(key, code, gazetteer, actor, path)
        added, updated, unchanged, flagged = sync_points(series, daily_points(cumulative), actor, path)
        run.added, run.updated, run.unchanged = (
            run.added + added,
            run.updated + updated,
            run.unchanged + unchanged,
        )
        revisions += flagged
        report_progress(run, done, len(figures))
        if progress:
            progress(1, len(figures))
    finish_run(run, Run.Status.COMPLETE)
    record_run(run, actor, f"{KIND} import", revisions=revisions, skipped=dict(skipped))
    return SeriesImport(run, len(figures), revisions, dict(skipped))


def take_run(run: Run | None, path: Path, actor: Actor) -> Run:
    """The import's run: one made beforehand (by a queued job), or a new one."""
    if run is None:
        return start_run(KIND, actor, subject=path.name, sha256=file_sha256(path))
    run.subject = run.subject or path.name[:300]
    run.sha256 = file_sha256(path)
    run.status = Run.Status.RUNNING
    run.added = run.updated = run.unchanged = run.rejected = run.done = 0
    run.save()
    return run


def series_by_key(figures: Figures) -> dict[tuple[str, str], Series]:
    """The series of the file that exist already, in one query."""
    keys = {key for key, _ in figures}
    countries = {code for _, code in figures}
    return {
        (series.key, series.country): series
        for series in Series.objects.filter(key__in=keys, country__in=countries)
    }


def new_series(key: str, country: str, gazetteer: Gazetteer, actor: Actor, path: Path) -> Series:
    """A series the file brings for the first time, on the record."""
    series = Series(
        key=key,
        country=country,
        region=gazetteer.region_of.get(country, ""),
        unit="people",
        source_keys=[JHU_SOURCE["key"]],
    )
    save_with_record(series, actor=actor, reason=f"new in {path.name}")
    return series


def sync_points(series: Series, points: list[Point], actor: Actor, path: Path) -> tuple[int, int, int, int]:
    """Create new days, update changed ones (each revision of a figure on the record), leave the rest:
    (added, updated, unchanged, revisions).
    """
    existing = {point.date: point for point in series.points.all()}
    fresh, changed = [], []
    for day, total, daily, revision in points:
        point = existing.get(day)
        if point is None:
            fresh.append(
                SeriesPoint(series=series, date=day, cumulative=total, value=daily, revision=revision)
            )
        elif (point.cumulative, point.value, point.revision) != (total, daily, revision):
            before = snapshot(point)
            point.cumulative, point.value, point.revision = total, daily, revision
            changed.append((point, before))
    SeriesPoint.objects.bulk_create(fresh, batch_size=BATCH)
    SeriesPoint.objects.bulk_update(
        [point for point, _ in changed], ["cumulative", "value", "revision"], batch_size=BATCH
    )
    for point, before in changed:
        record_change(
            actor=actor,
            action="update",
            instance=point,
            before=before,
            after=snapshot(point),
            reason=f"revised in {path.name}",
        )
    return (
        len(fresh),
        len(changed),
        len(points) - len(fresh) - len(changed),
        sum(1 for point in points if point[3]),
    )

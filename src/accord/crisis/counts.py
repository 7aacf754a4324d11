"""Events and fatalities per country, category and period: the rollups the picture and the series read.

An import recounts the countries it touched; a situation report adds its one event to its period.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from django.db import connection
from django.db.models import Count, Q, Sum

from accord.core.classification import Classification, Releasability
from accord.crisis.models import Category, Event, EventCount

BATCH = 2000
KEY = ("country", "region", "category", "date", "date_precision")
COMPACT_AFTER = 16  # parts kept before they are added up, to bound the memory of a long import
COUNT_COLUMNS = (*KEY, "events", "fatalities", "public_events", "public_fatalities")


def period_starts(dates: pa.Array, precisions: pa.Array) -> pa.Array:
    """The first day of the week, month or year each coarse date stands for (days stay as they are)."""
    back = pc.if_else(
        pc.equal(precisions, "week"),
        pc.day_of_week(dates),
        pc.if_else(
            pc.equal(precisions, "month"),
            pc.subtract(pc.day(dates), 1),
            pc.if_else(pc.equal(precisions, "year"), pc.subtract(pc.day_of_year(dates), 1), 0),
        ),
    )
    return pc.cast(pc.subtract(pc.cast(dates, pa.int32()), pc.cast(back, pa.int32())), pa.date32())


class CountIncrements:
    """The counts of an import's new events, added up a block at a time and added to the stored ones at
    the end in one statement: no recount of the millions of events already there.

    Each event's period is packed into one integer (country, category, precision, day), so that NumPy
    adds up a block in a few milliseconds and a million events take a few megabytes.
    """

    def __init__(self) -> None:
        self.countries: list[str] = []
        self.region_of: dict[str, str] = {}
        self.keys: list[np.ndarray] = []
        self.events: list[np.ndarray] = []
        self.fatalities: list[np.ndarray] = []

    def add(self, events: pa.Table) -> None:
        """Count a block of new events (columns: country, region, category, date, date_precision,
        fatalities_best)."""
        if not events.num_rows:
            return
        self.learn_countries(events.column("country"), events.column("region"))
        precisions = events.column("date_precision")
        periods = period_starts(events.column("date"), precisions)
        key = (
            numbers_of(events.column("country"), self.countries) * len(CATEGORIES)
            + numbers_of(events.column("category"), CATEGORIES)
        ) * len(PRECISIONS) + numbers_of(precisions, PRECISIONS)
        day = pc.cast(periods, pa.int32()).to_numpy(zero_copy_only=False).astype(np.int64) + DAY_OFFSET
        self.keys.append(key * DAY_SPAN + day)
        self.events.append(np.ones(events.num_rows, np.int64))
        fatalities = pc.fill_null(events.column("fatalities_best"), 0)
        self.fatalities.append(fatalities.to_numpy(zero_copy_only=False).astype(np.int64))
        if len(self.keys) >= COMPACT_AFTER:
            self.compact()

    def add_rows(self, rows: list[dict[str, Any]]) -> None:
        """Count new events given as Python values."""
        if rows:
            self.add(pa.Table.from_pylist(rows, schema=ROW_SCHEMA))

    def learn_countries(self, countries: pa.Array, regions: pa.Array) -> None:
        for country, region in zip(
            pc.unique(countries).to_pylist(),
            pc.take(regions, pc.index_in(pc.unique(countries), value_set=countries)).to_pylist(),
            strict=True,
        ):
            if country not in self.region_of:
                self.countries.append(country)
                self.region_of[country] = region

    def compact(self) -> None:
        """Add up what was counted so far into one part."""
        keys, inverse = np.unique(np.concatenate(self.keys), return_inverse=True)
        self.events = [np.bincount(inverse, np.concatenate(self.events)).astype(np.int64)]
        self.fatalities = [np.bincount(inverse, np.concatenate(self.fatalities)).astype(np.int64)]
        self.keys = [keys]

    def totals(self, public: bool) -> Iterator[tuple]:
        """One row per country, category and period (``COUNT_COLUMNS``), with what the public may see."""
        if not self.keys:
            return
        self.compact()
        keys, events, fatalities = self.keys[0], self.events[0], self.fatalities[0]
        key, days = np.divmod(keys, DAY_SPAN)
        key, precision = np.divmod(key, len(PRECISIONS))
        country, category = np.divmod(key, len(CATEGORIES))
        for index in range(len(keys)):
            code = self.countries[country[index]]
            count, dead = int(events[index]), int(fatalities[index])
            yield (
                code,
                self.region_of[code],
                CATEGORIES[category[index]],
                FIRST_DAY + datetime.timedelta(days=int(days[index])),
                PRECISIONS[precision[index]],
                count,
                dead,
                count if public else 0,
                dead if public else 0,
            )

    def apply(self, public: bool) -> None:
        """Add the counts to the stored ones (an upsert: new periods inserted, known ones added to)."""
        table = EventCount._meta.db_table
        columns = ", ".join(COUNT_COLUMNS)
        conflict = "ON CONFLICT (country, category, date, date_precision) DO UPDATE SET " + ", ".join(
            f"{name} = {table}.{name} + excluded.{name}"
            for name in ("events", "fatalities", "public_events", "public_fatalities")
        )
        rows = self.totals(public)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                copy_then_upsert(cursor, rows, table, columns, conflict)
                return
            placeholders = ", ".join(["?"] * len(COUNT_COLUMNS))
            connection.connection.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {conflict}",
                ((*row[:3], row[3].isoformat(), *row[4:]) for row in rows),
            )


def numbers_of(values: pa.Array, known: list[str] | tuple[str, ...]) -> np.ndarray:
    """Each value's place in ``known``."""
    return (
        pc.index_in(values, value_set=pa.array(known, pa.string()))
        .to_numpy(zero_copy_only=False)
        .astype(np.int64)
    )


CATEGORIES = tuple(str(value) for value in Category.values)
PRECISIONS = ("day", "week", "month", "year")
FIRST_DAY = datetime.date(1, 1, 1)
DAY_OFFSET = (datetime.date(1970, 1, 1) - FIRST_DAY).days  # Arrow counts days from 1970-01-01
DAY_SPAN = (datetime.date(9999, 12, 31) - FIRST_DAY).days + 1
ROW_SCHEMA = pa.schema(
    [
        ("country", pa.string()),
        ("region", pa.string()),
        ("category", pa.string()),
        ("date", pa.date32()),
        ("date_precision", pa.string()),
        ("fatalities_best", pa.int64()),
    ]
)


def copy_then_upsert(cursor: Any, rows: Iterable[tuple], table: str, columns: str, conflict: str) -> None:
    """PostgreSQL: the counts into a temporary table with COPY, then one upsert from it."""
    cursor.execute(f"CREATE TEMPORARY TABLE count_increments AS SELECT {columns} FROM {table} WITH NO DATA")
    with cursor.cursor.copy(f"COPY count_increments ({columns}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    cursor.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM count_increments {conflict}")
    cursor.execute("DROP TABLE count_increments")


def refresh_counts(countries: set[str]) -> None:
    """Recount events per country, category and period for the countries an import touched.

    Day-precise events are grouped by the database itself; the few coarser ones are grouped into
    their week, month or year here.
    """
    if not countries:
        return
    EventCount.objects.filter(country__in=countries).delete()
    public = "CASE WHEN classification = 0 AND releasability = 'everyone' THEN {} ELSE 0 END"
    placeholders = ", ".join(["%s"] * len(countries))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {EventCount._meta.db_table} (country, region, category, date, date_precision, "
            f"events, fatalities, public_events, public_fatalities) "
            f"SELECT country, MAX(region), category, date, 'day', COUNT(*), "
            f"COALESCE(SUM(fatalities_best), 0), "
            f"SUM({public.format(1)}), COALESCE(SUM({public.format('fatalities_best')}), 0) "
            f"FROM {Event._meta.db_table} WHERE date_precision = 'day' AND country IN ({placeholders}) "
            f"GROUP BY country, category, date",
            sorted(countries),
        )
    grouped = (
        Event.objects.filter(country__in=countries)
        .exclude(date_precision="day")
        .values("country", "region", "category", "date", "date_precision")
        .annotate(
            events=Count("id"),
            fatalities=Sum("fatalities_best"),
            public_events=Count("id", filter=Q(classification=0, releasability="everyone")),
            public_fatalities=Sum("fatalities_best", filter=Q(classification=0, releasability="everyone")),
        )
        .order_by()
    )
    EventCount.objects.bulk_create(
        [
            EventCount(
                country=row["country"],
                region=row["region"],
                category=row["category"],
                date=period_start(row["date"], row["date_precision"]),
                date_precision=row["date_precision"],
                events=row["events"],
                fatalities=row["fatalities"] or 0,
                public_events=row["public_events"],
                public_fatalities=row["public_fatalities"] or 0,
            )
            for row in merge_periods(grouped)
        ],
        batch_size=BATCH,
    )


def count_event(event: Event) -> None:
    """Add one new event to its period's count (a situation report): the same upsert an import makes."""
    increments = CountIncrements()
    increments.add_rows([{name: getattr(event, name) for name in ROW_SCHEMA.names}])
    increments.apply(
        event.classification == Classification.PUBLIC and event.releasability == Releasability.EVERYONE
    )


def period_start(day: datetime.date, precision: str) -> datetime.date:
    """The first day of the week, month or year a coarse date stands for."""
    if precision == "week":
        return day - datetime.timedelta(days=day.weekday())
    if precision == "month":
        return day.replace(day=1)
    if precision == "year":
        return day.replace(month=1, day=1)
    return day


def merge_periods(grouped: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Add up groups that fall into the same period (two days of one week known only to the week)."""
    merged: dict[tuple, dict[str, Any]] = {}
    for row in grouped:
        key = (
            row["country"],
            row["category"],
            period_start(row["date"], row["date_precision"]),
            row["date_precision"],
        )
        if key in merged:
            for name in ("events", "fatalities", "public_events", "public_fatalities"):
                merged[key][name] = (merged[key][name] or 0) + (row[name] or 0)
        else:
            merged[key] = dict(row)
    return list(merged.values())

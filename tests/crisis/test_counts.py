"""Event counts: what an import adds up as it goes must equal a full recount of the stored events."""

from __future__ import annotations

import csv
import datetime
import random
from collections import Counter
from pathlib import Path

import pyarrow as pa
import pytest

from accord.crisis.counts import (
    COMPACT_AFTER,
    COUNT_COLUMNS,
    CountIncrements,
    period_start,
    period_starts,
    refresh_counts,
)
from accord.crisis.ingest import ged_blocks
from accord.crisis.ingest.ged import import_ged
from accord.crisis.models import Event, EventCount

pytestmark = pytest.mark.django_db
SAMPLE = Path(ged_blocks.__file__).resolve().parents[2] / "data" / "demo" / "ged-23.1-sample.csv"
PRECISIONS = ("day", "week", "month", "year")


def stored_counts() -> list[tuple]:
    """Every count row, without its database id, in a stable order."""
    return sorted(EventCount.objects.values_list(*COUNT_COLUMNS))


def recounted() -> list[tuple]:
    """The counts as a full recount of the stored events makes them."""
    refresh_counts(set(Event.objects.values_list("country", flat=True)))
    return stored_counts()


# period_starts (Arrow) and period_start (Python)


def every_day(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    return [first + datetime.timedelta(days=offset) for offset in range((last - first).days + 1)]


DAYS = [
    *every_day(datetime.date(2019, 1, 1), datetime.date(2021, 12, 31)),
    *(datetime.date(year, 2, 29) for year in (1992, 2000, 2016, 2024)),
    *(datetime.date(year, 3, 1) for year in (1900, 2000, 2100)),
    datetime.date(1, 1, 1),
    datetime.date(1, 1, 7),
    datetime.date(1969, 12, 31),
    datetime.date(1970, 1, 1),
    datetime.date(1989, 1, 7),
    datetime.date(9999, 12, 31),
]


@pytest.mark.parametrize("precision", PRECISIONS)
def test_arrow_periods_are_the_python_periods(precision: str):
    starts = period_starts(pa.array(DAYS, pa.date32()), pa.array([precision] * len(DAYS), pa.string()))
    assert starts.to_pylist() == [period_start(day, precision) for day in DAYS]


def test_arrow_periods_with_mixed_precisions():
    """One block holds events of every precision: each row gets its own period."""
    chosen = random.Random(23).choices(PRECISIONS, k=len(DAYS))
    starts = period_starts(pa.array(DAYS, pa.date32()), pa.array(chosen, pa.string()))
    assert starts.to_pylist() == [
        period_start(day, precision) for day, precision in zip(DAYS, chosen, strict=True)
    ]
    mondays = {
        start.weekday()
        for start, precision in zip(starts.to_pylist(), chosen, strict=True)
        if precision == "week"
    }
    assert mondays == {0}


# CountIncrements without the database


def block(rows: list[tuple[str, str, str, datetime.date, str, int | None]]) -> pa.Table:
    names = ("country", "region", "category", "date", "date_precision", "fatalities_best")
    return pa.table(
        {name: [row[at] for row in rows] for at, name in enumerate(names)},
        schema=pa.schema(
            [
                ("country", pa.string()),
                ("region", pa.string()),
                ("category", pa.string()),
                ("date", pa.date32()),
                ("date_precision", pa.string()),
                ("fatalities_best", pa.int64()),
            ]
        ),
    )


STATE = "armed-conflict-state-based"
ONE_SIDED = "armed-conflict-one-sided"
JAN_3 = datetime.date(2013, 1, 3)  # a Thursday


def test_increments_add_up_periods_across_blocks():
    increments = CountIncrements()
    increments.add(
        block([("SYR", "", STATE, JAN_3, "day", 2), ("RUS", "east-european", STATE, JAN_3, "week", 5)])
    )
    increments.add(block([]))
    increments.add(
        block(
            [
                ("SYR", "", STATE, JAN_3, "day", None),  # unknown fatalities count as none
                ("RUS", "east-european", STATE, datetime.date(2012, 12, 31), "week", 1),  # the same week
                ("RUS", "east-european", ONE_SIDED, datetime.date(2013, 1, 20), "month", 3),
                ("SYR", "", STATE, datetime.date(2013, 7, 4), "year", 4),
            ]
        )
    )
    assert sorted(increments.totals(public=True)) == [
        ("RUS", "east-european", ONE_SIDED, datetime.date(2013, 1, 1), "month", 1, 3, 1, 3),
        ("RUS", "east-european", STATE, datetime.date(2012, 12, 31), "week", 2, 6, 2, 6),
        ("SYR", "", STATE, datetime.date(2013, 1, 1), "year", 1, 4, 1, 4),
        ("SYR", "", STATE, JAN_3, "day", 2, 2, 2, 2),
    ]
    assert [row[5:] for row in sorted(increments.totals(public=False))] == [
        (1, 3, 0, 0),
        (2, 6, 0, 0),
        (1, 4, 0, 0),
        (2, 2, 0, 0),
    ]


def test_many_blocks_are_compacted_without_losing_a_count():
    generator = random.Random(7)
    increments = CountIncrements()
    expected: Counter = Counter()
    dead: Counter = Counter()
    for _ in range(COMPACT_AFTER * 3 + 5):
        rows = []
        for _ in range(generator.randint(1, 30)):
            country = generator.choice(["SYR", "RUS", "AFG", "TJK"])
            category = generator.choice([STATE, ONE_SIDED, "armed-conflict-non-state"])
            precision = generator.choice(PRECISIONS)
            day = datetime.date(2020, 1, 1) + datetime.timedelta(days=generator.randint(0, 400))
            fatalities = generator.randint(0, 50)
            rows.append((country, f"region-of-{country}", category, day, precision, fatalities))
            key = (country, f"region-of-{country}", category, period_start(day, precision), precision)
            expected[key] += 1
            dead[key] += fatalities
        increments.add(block(rows))
        assert len(increments.keys) < COMPACT_AFTER
    assert sorted(increments.totals(public=True)) == sorted(
        (*key, count, dead[key], count, dead[key]) for key, count in expected.items()
    )


def test_python_rows_count_as_a_table_does():
    rows = [
        ("SYR", "", STATE, JAN_3, "day", 2),
        ("RUS", "east-european", STATE, JAN_3, "week", None),
    ]
    from_table, from_rows = CountIncrements(), CountIncrements()
    from_table.add(block(rows))
    names = ("country", "region", "category", "date", "date_precision", "fatalities_best")
    from_rows.add_rows([dict(zip(names, row, strict=True)) for row in rows])
    from_rows.add_rows([])
    assert list(from_rows.totals(public=True)) == list(from_table.totals(public=True))


# With the database


def test_apply_without_public_keeps_public_counts_at_zero():
    increments = CountIncrements()
    increments.add(block([("ZZA", "", STATE, JAN_3, "day", 2), ("ZZA", "", STATE, JAN_3, "day", 3)]))
    increments.apply(public=False)
    assert sorted(EventCount.objects.filter(country="ZZA").values_list(*COUNT_COLUMNS)) == [
        ("ZZA", "", STATE, JAN_3, "day", 2, 5, 0, 0)
    ]


def test_apply_adds_to_a_stored_count():
    """An upsert: a period already counted is added to, never replaced or doubled."""
    EventCount.objects.create(
        country="ZZA",
        region="",
        category=STATE,
        date=JAN_3,
        date_precision="day",
        events=4,
        fatalities=10,
        public_events=1,
        public_fatalities=7,
    )
    increments = CountIncrements()
    increments.add(
        block(
            [("ZZA", "", STATE, JAN_3, "day", 2), ("ZZA", "", STATE, datetime.date(2013, 1, 9), "month", 1)]
        )
    )
    increments.apply(public=True)
    assert sorted(EventCount.objects.filter(country="ZZA").values_list(*COUNT_COLUMNS)) == [
        ("ZZA", "", STATE, datetime.date(2013, 1, 1), "month", 1, 1, 1, 1),
        ("ZZA", "", STATE, JAN_3, "day", 5, 12, 2, 9),
    ]


def test_the_counts_of_an_import_equal_a_full_recount(actor):
    import_ged(SAMPLE, actor=actor)
    imported = stored_counts()
    assert {row[4] for row in imported} == set(PRECISIONS)
    assert sum(row[5] for row in imported) == 1000
    assert all(row[5] == row[7] and row[6] == row[8] for row in imported)  # the sample is public
    assert recounted() == imported


def write_records(path: Path, count: int) -> Path:
    """The sample's header and first ``count`` records (records, not lines: values hold line breaks)."""
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records[: count + 1])
    return path


@pytest.mark.parametrize("small_blocks", [False, True], ids=["one-block", "small-blocks"])
def test_a_second_import_adds_to_the_counts_of_the_first(
    actor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, small_blocks: bool
):
    """New events in blocks with known ones (counted row by row) or alone (counted by the block)."""
    if small_blocks:
        monkeypatch.setattr(ged_blocks, "READ_BYTES", 65_536)
        monkeypatch.setattr(ged_blocks, "ROWS_PER_BLOCK", 100)
    first = import_ged(write_records(tmp_path / "first.csv", 500), actor=actor)
    assert first.added == 500
    assert sum(row[5] for row in stored_counts()) == 500
    second = import_ged(SAMPLE, actor=actor)
    assert (second.added, second.unchanged, second.updated) == (500, 500, 0)
    counted = stored_counts()
    assert sum(row[5] for row in counted) == 1000
    assert recounted() == counted

"""Synthetic UCDP GED events with the real sample's distributions, for benchmarks.

Each synthetic row is a real sample row (drawn at random, so countries, types of violence, date and
place precisions and fatalities follow the sample), given a new id and a date shifted within its
year. All 49 columns of the GED schema are kept.

    python benchmarks/generate_ged.py 1000000 /tmp/ged-1m.csv
"""

from __future__ import annotations

import csv
import datetime
import random
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[1] / "src" / "accord" / "data" / "demo" / "ged-23.1-sample.csv"


def generate(count: int, out: Path, seed: int = 23) -> None:
    """Write ``count`` synthetic rows to ``out``."""
    randomness = random.Random(seed)
    with SAMPLE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns = reader.fieldnames or []
        rows = list(reader)
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        for number in range(count):
            row = dict(randomness.choice(rows))
            start = datetime.date.fromisoformat(row["date_start"][:10])
            end = datetime.date.fromisoformat(row["date_end"][:10])
            shift = datetime.timedelta(days=randomness.randrange(0, 300))
            new_start = min(start + shift, datetime.date(start.year, 12, 31))
            row["id"] = str(10_000_000 + number)
            row["date_start"] = new_start.isoformat()
            row["date_end"] = max(new_start, min(end + shift, datetime.date(start.year, 12, 31))).isoformat()
            writer.writerow(row)


if __name__ == "__main__":
    generate(int(sys.argv[1]), Path(sys.argv[2]))

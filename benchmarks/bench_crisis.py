"""Benchmarks of the Crisis Response Center's hot paths, each beside a baseline measured in the same run.

1. Importing synthetic GED events (the real sample's distributions) with ``accord events import``:
   events per second and peak memory of the importing process, against the database's own bulk
   load of the same rows (``executemany`` in one transaction on SQLite, ``COPY`` on PostgreSQL).
2. The dashboard's API calls for a region (and a state) and a year, with the events loaded: p50/p95.
3. A backtest of every COVID-19 series of the six member states over 2020–2021.

    python benchmarks/bench_crisis.py --events 1000000            # SQLite
    ACCORD_DATABASE_URL=postgresql://… python benchmarks/bench_crisis.py --events 1000000

Prints a Markdown section for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCORD = str(Path(sys.executable).with_name("accord"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from generate_ged import generate  # noqa: E402

BASELINE_COLUMNS = (
    "source_id",
    "date",
    "date_end",
    "country",
    "category",
    "latitude",
    "longitude",
    "best",
    "low",
    "high",
    "place",
    "admin1",
    "description",
    "attributes",
)


def run_measured(arguments: list[str], environment: dict[str, str]) -> tuple[float, int, str]:
    """Run a command; return seconds, the peak resident memory of that process (bytes), and its output."""
    started = time.perf_counter()
    process = subprocess.Popen(arguments, env=environment, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    output = process.stdout.read().decode() if process.stdout else ""
    process.stdout.close()
    if status != 0:
        raise RuntimeError(f"{' '.join(arguments)} failed:\n{output[-3000:]}")
    return elapsed, usage.ru_maxrss * 1024, output


def baseline_rows(path: Path):
    """The same rows as plain tuples: what the database's own bulk load is given."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield (
                row["id"],
                row["date_start"],
                row["date_end"],
                row["country_id"],
                row["type_of_violence"],
                row["latitude"] or None,
                row["longitude"] or None,
                row["best"] or None,
                row["low"] or None,
                row["high"] or None,
                row["where_coordinates"],
                row["adm_1"],
                row["dyad_name"],
                json.dumps(
                    {"side_a": row["side_a"], "side_b": row["side_b"], "conflict_name": row["conflict_name"]}
                ),
            )


def baseline_sqlite(path: Path, folder: Path) -> float:
    """executemany in one transaction into a plain table with a primary key."""
    target = folder / "baseline.sqlite3"
    for leftover in folder.glob("baseline.sqlite3*"):
        leftover.unlink()
    database = sqlite3.connect(target)
    database.execute("PRAGMA journal_mode=WAL")
    columns = ", ".join(BASELINE_COLUMNS)
    database.execute(f"CREATE TABLE events (id INTEGER PRIMARY KEY, {columns})")
    started = time.perf_counter()
    with database:
        database.executemany(
            f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * len(BASELINE_COLUMNS))})",
            baseline_rows(path),
        )
    elapsed = time.perf_counter() - started
    database.close()
    return elapsed


def baseline_postgres(path: Path, url: str) -> float:
    """COPY into a plain table."""
    import psycopg

    with psycopg.connect(url) as database:
        database.execute("DROP TABLE IF EXISTS bench_events")
        database.execute(
            "CREATE TABLE bench_events (id bigserial PRIMARY KEY, "
            + ", ".join(f"{column} text" for column in BASELINE_COLUMNS)
            + ")"
        )
        started = time.perf_counter()
        with (
            database.cursor() as cursor,
            cursor.copy(f"COPY bench_events ({', '.join(BASELINE_COLUMNS)}) FROM STDIN") as copy,
        ):
            for row in baseline_rows(path):
                copy.write_row(row)
        database.commit()
        elapsed = time.perf_counter() - started
        database.execute("DROP TABLE bench_events")
    return elapsed


def fresh_database(folder: Path, url: str, environment: dict[str, str]) -> None:
    """An empty Accord for each import: a new SQLite file, or PostgreSQL's crisis tables emptied."""
    if url:
        import psycopg

        with psycopg.connect(url) as database:
            exists = database.execute("SELECT to_regclass('crisis_event') IS NOT NULL").fetchone()[0]
            if exists:
                database.execute("TRUNCATE crisis_event, crisis_eventcount")
    else:
        shutil.rmtree(folder / "data", ignore_errors=True)
    subprocess.run(
        [ACCORD, "setup", "--no-demo-admin", "--no-demo-data"],
        env=environment,
        check=True,
        capture_output=True,
    )
    os.sync()  # the previous run's writes are on disk before this one is timed


def percentiles(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[max(0, round(0.95 * len(ordered)) - 1)]


def api_timings(environment: dict[str, str], requests: int) -> dict[str, tuple[float, float]]:
    """Time the dashboard's API calls in a Django process of its own (test client, no network)."""
    code = f"""
import json, time, django, os
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
calls = {{
  "counts, central-asian, 2019": "/api/v1/crisis/counts?region=central-asian&start=2019-01-01&end=2019-12-31",
  "map, central-asian, 2019": "/api/v1/crisis/map?region=central-asian&start=2019-01-01&end=2019-12-31",
  "counts, Syria, 2019": "/api/v1/crisis/counts?country=SYR&start=2019-01-01&end=2019-12-31",
  "map, Syria, 2019": "/api/v1/crisis/map?country=SYR&start=2019-01-01&end=2019-12-31",
}}
results = {{}}
for name, path in calls.items():
    client.get(path)
    samples = []
    for _ in range({requests}):
        started = time.perf_counter()
        response = client.get(path)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    results[name] = samples
print(json.dumps(results))
"""
    output = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DJANGO_SETTINGS_MODULE": "accord.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return {
        name: percentiles(samples) for name, samples in json.loads(output.strip().splitlines()[-1]).items()
    }


def backtest_timing(environment: dict[str, str]) -> tuple[float, int, int]:
    """Backtest every COVID-19 series of the six member states over 2020–2021, in one process."""
    code = """
import json, time, datetime, django
django.setup()
from accord.crisis.models import Series
from accord.crisis.alerts import backtest
members = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
series = list(Series.objects.filter(key__startswith="covid.", country__in=members))
started = time.perf_counter()
alerts = sum(len(backtest(item, datetime.date(2020, 1, 1), datetime.date(2021, 12, 31))) for item in series)
print(json.dumps([time.perf_counter() - started, len(series), alerts]))
"""
    output = subprocess.run(
        [sys.executable, "-c", code],
        env={**environment, "DJANGO_SETTINGS_MODULE": "accord.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    seconds, count, alerts = json.loads(output.strip().splitlines()[-1])
    return seconds, count, alerts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--workdir", default="")
    parser.add_argument("--repeat", type=int, default=3, help="imports (medians shown)")
    options = parser.parse_args()
    folder = Path(options.workdir or tempfile.mkdtemp(prefix="accord-bench-"))
    folder.mkdir(parents=True, exist_ok=True)
    events_file = folder / f"ged-{options.events}.csv"
    if not events_file.exists():
        generate(options.events, events_file)
    url = os.environ.get("ACCORD_DATABASE_URL", "")
    database = "PostgreSQL" if url.startswith("postgres") else "SQLite"
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    environment["ACCORD_DATA_DIR"] = str(folder / "data")
    if url:
        environment["ACCORD_DATABASE_URL"] = url
    imports, peaks, baselines = [], [], []
    for _ in range(options.repeat):
        fresh_database(folder, url, environment)
        seconds, peak, _ = run_measured(
            [ACCORD, "events", "import", "ucdp-ged", str(events_file), "--json"], environment
        )
        imports.append(seconds)
        peaks.append(peak)
        baselines.append(baseline_postgres(events_file, url) if url else baseline_sqlite(events_file, folder))
    seconds, baseline, peak = statistics.median(imports), statistics.median(baselines), max(peaks)
    subprocess.run(
        [
            ACCORD,
            "series",
            "import",
            "jhu-covid",
            str(ROOT / "src/accord/data/demo/countries-aggregated.csv"),
        ],
        env=environment,
        check=True,
        capture_output=True,
    )
    api = api_timings(environment, options.requests)
    backtest_seconds, series_count, alert_count = backtest_timing(environment)
    rate = options.events / seconds
    print(
        f"### {database}, {options.events:,} events — {datetime.date.today()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print("| measure | Accord | baseline | ratio |\n|---|---|---|---|")
    print(
        f"| import (`accord events import`, whole process), median of {options.repeat} | "
        f"{rate:,.0f} events/s ({seconds:.1f} s) | "
        f"{options.events / baseline:,.0f} rows/s ({baseline:.1f} s, {'COPY' if url else 'executemany'}) | "
        f"{baseline / seconds:.2f} |"
    )
    print(
        f"| the {options.repeat} imports, slowest to fastest | "
        f"{', '.join(f'{options.events / value:,.0f}/s' for value in sorted(imports, reverse=True))} | "
        f"{', '.join(f'{options.events / value:,.0f}/s' for value in sorted(baselines, reverse=True))} | |"
    )
    print(f"| peak memory of the import (largest of {options.repeat}) | {peak / 2**20:,.0f} MB | | |")
    for name, (p50, p95) in api.items():
        print(f"| API {name} | p50 {p50:.1f} ms, p95 {p95:.1f} ms | | |")
    print(
        f"| backtest of {series_count} member-state series, 2020–2021 ({alert_count} alerts) | "
        f"{backtest_seconds:.2f} s | | |"
    )


if __name__ == "__main__":
    main()

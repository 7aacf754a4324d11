"""Benchmark of the early-warning scorecard (``accord alerts evaluate``), beside limits measured in
the same run.

1. The scorecard over every member state's COVID-19 series with every method, in one process (the
   series read through Django, every method replayed, episodes and onsets scored), and the time per
   method.
2. The floor under it: the same points read with the database driver alone (one query per series)
   and a vectorized numpy pass over them (a 7-day rolling mean and deviation with a two-day lag, the
   arithmetic of EARS C2) — the least any method must cost.
3. If ``Rscript`` with the ``surveillance`` package is here: R's ``farringtonFlexible`` on the same
   series with the same settings as the port (weekly for every series; the configured daily settings
   for the deaths), the whole Rscript process, against the port's time on the same counts.

    python benchmarks/bench_scorecard.py                  # SQLite in a fresh data folder
    ACCORD_DATABASE_URL=postgresql://… python benchmarks/bench_scorecard.py

Prints a Markdown section for benchmarks/RESULTS.md. Nothing here is asserted: timings vary.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PERIOD_WORDS = {"week": "weekly", "day": "daily"}
ACCORD = [sys.executable, "-c", "from accord.cli import main; main()"]  # this checkout's code

MEASURE = r"""
import csv, json, math, subprocess, sys, tempfile, time
from pathlib import Path
import django
django.setup()
import numpy as np
from django.db import connection
from accord.crisis import early_warning, scorecard
from accord.crisis.alerts import current_members, method_for, series_days
from accord.crisis.farrington import FarringtonSettings, daily_counts, farrington_flexible, weekly_counts
from accord.crisis.models import Series

with_r = sys.argv[1] == "1"
members = current_members()
series = list(Series.objects.filter(key__startswith="covid.", country__in=members).order_by("country", "key"))
result = {"series": len(series), "points": 0}

started = time.perf_counter()
scores = scorecard.member_scorecard()
result["scorecard"] = time.perf_counter() - started
result["episodes"] = scorecard.totals(scores)["configured"]["episodes"]

per_method = {}
loaded = {(item.country, item.key): series_days(item) for item in series}
result["points"] = sum(len(days) for days in loaded.values())
onsets = scorecard.shipped_onsets()
for name in scorecard.methods_to_score():
    started = time.perf_counter()
    for (state, key), days in loaded.items():
        scorecard.score(state, key, days, method_for(key, name), onsets)
    per_method[name] = time.perf_counter() - started
result["per_method"] = per_method

started = time.perf_counter()
with connection.cursor() as cursor:
    for item in series:
        cursor.execute(
            "SELECT date, value FROM crisis_seriespoint WHERE series_id = %s AND NOT revision ORDER BY date",
            [item.pk],
        )
        values = np.array([row[1] for row in cursor.fetchall()], dtype=float)
        windows = np.lib.stride_tricks.sliding_window_view(values, 7)[:-3]
        mean, sd = windows.mean(axis=1), np.maximum(windows.std(axis=1, ddof=1), 0.5)
        statistic = (values[9:] - mean) / sd
result["floor"] = time.perf_counter() - started

def columns(period):
    out = {}
    for (state, key), days in loaded.items():
        if period == "day" and key != "covid.deaths":
            continue
        out[f"{state}:{key}"] = (weekly_counts(days) if period == "week" else daily_counts(days))[0]
    return out

settings_of = lambda config: (config.alpha, config.extra)
runs = [("week", FarringtonSettings.from_config(*settings_of(method_for("covid.confirmed", "farrington"))))]
deaths = method_for("covid.deaths")
if deaths.method == "farrington":
    runs.append(("day", FarringtonSettings.from_config(*settings_of(deaths))))
result["r"] = []
for period, settings in runs:
    counts = columns(period)
    started = time.perf_counter()
    for values in counts.values():
        farrington_flexible(values, settings)
    ours = time.perf_counter() - started
    entry = {"period": period, "series": len(counts), "ours": ours, "r": None,
             "settings": f"b={settings.b}, w={settings.w}, alpha={settings.alpha}, freq={settings.freq}"}
    if with_r:
        folder = Path(tempfile.mkdtemp())
        with (folder / "counts.csv").open("w", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(list(counts))
            for row in zip(*counts.values()):
                writer.writerow("NA" if math.isnan(value) else repr(value) for value in row)
        arguments = [settings.b, settings.w, settings.no_periods, settings.excluded, settings.alpha,
                     settings.threshold_method, settings.freq]
        started = time.perf_counter()
        subprocess.run(["Rscript", sys.argv[2], str(folder / "counts.csv"), str(folder / "r.csv"),
                        *map(str, arguments)], check=True, capture_output=True)
        entry["r"] = time.perf_counter() - started
    result["r"].append(entry)
print(json.dumps(result))
"""


def r_available() -> bool:
    if shutil.which("Rscript") is None:
        return False
    return subprocess.run(["Rscript", "-e", "library(surveillance)"], capture_output=True).returncode == 0


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs (medians shown)")
    parser.add_argument("--workdir", default="")
    options = parser.parse_args()
    folder = Path(options.workdir or tempfile.mkdtemp(prefix="accord-bench-scorecard-"))
    url = os.environ.get("ACCORD_DATABASE_URL", "")
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    environment["ACCORD_DATA_DIR"] = str(folder / "data")
    environment["PYTHONPATH"] = str(ROOT / "src")
    if url:
        environment["ACCORD_DATABASE_URL"] = url
    subprocess.run([*ACCORD, "setup"], env=environment, check=True, capture_output=True)
    with_r = r_available()
    script = str(ROOT / "tests" / "crisis" / "r" / "farrington.R")
    runs = []
    for _ in range(options.repeat):
        output = subprocess.run(
            [sys.executable, "-c", MEASURE, "1" if with_r else "0", script],
            env={**environment, "DJANGO_SETTINGS_MODULE": "accord.settings", "PYTHONWARNINGS": "ignore"},
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        runs.append(json.loads(output.strip().splitlines()[-1]))
    report(runs, "PostgreSQL" if url.startswith("postgres") else "SQLite", with_r)


def median(runs: list[dict], *path) -> float:
    values = []
    for run in runs:
        value = run
        for part in path:
            value = value[part]
        values.append(value)
    return statistics.median(values)


def report(runs: list[dict], database: str, with_r: bool) -> None:
    first = runs[0]
    print(
        f"### Scorecard, {database} — {datetime.date.today()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print(
        f"{first['series']} member-state series, {first['points']:,} daily points; "
        f"median of {len(runs)} runs.\n"
    )
    print("| measure | Accord | limit | ratio |\n|---|---|---|---|")
    scorecard, floor = median(runs, "scorecard"), median(runs, "floor")
    print(
        f"| `accord alerts evaluate` (every series × {len(first['per_method'])} methods, "
        f"{first['episodes']} configured episodes) | {scorecard:.2f} s | driver read + numpy C2: "
        f"{floor * 1000:.1f} ms | {scorecard / floor:,.0f}× |"
    )
    for name in first["per_method"]:
        seconds = median(runs, "per_method", name)
        print(f"| {name}, every series | {seconds:.3f} s | | {seconds / floor:,.0f}× the floor |")
    for index, entry in enumerate(first["r"]):
        ours = median(runs, "r", index, "ours")
        period = PERIOD_WORDS[entry["period"]]
        label = f"Farrington port, {period}, {entry['series']} series ({entry['settings']})"
        if with_r:
            theirs = median(runs, "r", index, "r")
            print(
                f"| {label} | {ours:.2f} s | R farringtonFlexible (Rscript): {theirs:.2f} s | "
                f"R {theirs / ours:.1f}× slower |"
            )
        else:
            print(f"| {label} | {ours:.2f} s | (R not installed) | |")


if __name__ == "__main__":
    main()

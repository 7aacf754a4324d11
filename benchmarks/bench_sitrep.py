"""Benchmark of the daily situation report, beside a limit measured in the same run.

On the data ``accord setup`` loads (the charter, the demo GED sample, the COVID-19 series and their
alerts), for the last day of the events in the Organization's regions:

1. the morning draft of every scope (the whole area and each region: records, labels, change records);
2. drawing each scope's report (figures, lists, map and charts as SVG, the template) and its PDF,
   as approval does once for the stored files;
3. the limit: WeasyPrint alone turning the very same HTML into PDF — what no report can beat.

    python benchmarks/bench_sitrep.py [--repeat 3] [--workdir DIR]

Prints a Markdown section for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ACCORD = str(Path(sys.executable).with_name("accord"))


def set_up(data_dir: Path) -> None:
    """``accord setup`` with its demo data, in a data folder of the benchmark's own."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("ACCORD_")}
    environment["ACCORD_DATA_DIR"] = str(data_dir)
    environment["PYTHONPATH"] = str(ROOT / "src")
    subprocess.run([ACCORD, "setup", "--no-demo-admin"], env=environment, check=True, capture_output=True)


def start_django(data_dir: Path) -> None:
    os.environ["ACCORD_DATA_DIR"] = str(data_dir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def timed(work) -> tuple[float, object]:
    started = time.perf_counter()
    result = work()
    return time.perf_counter() - started, result


def last_day() -> datetime.date:
    """The last day with events in the Organization's regions (the demo data end in the past)."""
    from accord.core.access import SYSTEM_USER
    from accord.crisis.models import Event
    from accord.crisis.sitreps.content import area_states

    latest = Event.objects.restrict(SYSTEM_USER).filter(country__in=area_states(SYSTEM_USER)).first()
    return latest.date if latest else datetime.date.today()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--workdir", default="")
    options = parser.parse_args()
    folder = Path(options.workdir or tempfile.mkdtemp(prefix="accord-bench-sitrep-"))
    data_dir = folder / "data"
    if not (data_dir / "accord.sqlite3").exists():
        set_up(data_dir)
    start_django(data_dir)

    import weasyprint
    from django.utils import translation

    from accord.core.access import SYSTEM_USER
    from accord.crisis import sitrep
    from accord.crisis.sitreps import services

    day = last_day()
    drafts = []
    for offset in range(options.repeat):  # a day of its own each time: every draft is made afresh
        earlier = day - datetime.timedelta(days=offset)
        seconds, reports = timed(lambda earlier=earlier: services.draft_daily(earlier))
        drafts.append(seconds)
    scopes = [report.scope for report in reports]
    rendered, pdfs, bare = {}, {}, {}
    for scope in scopes:
        region = "" if scope == "all" else scope
        html_times, pdf_times, bare_times = [], [], []
        for _ in range(options.repeat):
            with translation.override("en"):
                seconds, html = timed(
                    lambda region=region: sitrep.render_html(SYSTEM_USER, day, region, self_contained=True)
                )
            html_times.append(seconds)
            pdf_times.append(timed(lambda html=html: sitrep.pdf_of(html))[0])
            bare_times.append(timed(lambda html=html: weasyprint.HTML(string=html).write_pdf())[0])
        rendered[scope] = statistics.median(html_times)
        pdfs[scope] = statistics.median(pdf_times)
        bare[scope] = statistics.median(bare_times)

    print(
        f"### Situation report, {day} on the setup data — {datetime.date.today()} on {platform.machine()}, "
        f"{os.cpu_count()} cores, Python {platform.python_version()}, WeasyPrint {weasyprint.__version__}\n"
    )
    print(f"| measure (median of {options.repeat}) | Accord | limit | ratio |\n|---|---|---|---|")
    print(
        f"| morning draft, all {len(scopes)} scopes (records, labels, change records) | "
        f"{statistics.median(drafts) * 1000:.0f} ms | | |"
    )
    for scope in scopes:
        total = rendered[scope] + pdfs[scope]
        print(
            f"| {scope}: the report drawn (HTML {rendered[scope] * 1000:.0f} ms) and its PDF "
            f"| {total * 1000:.0f} ms | WeasyPrint alone on the same HTML {bare[scope] * 1000:.0f} ms "
            f"| {total / bare[scope]:.2f} |"
        )
    whole = sum(rendered.values()) + sum(pdfs.values())
    print(
        f"| every scope drawn and printed (what approving all of them renders) | {whole * 1000:.0f} ms "
        f"| {sum(bare.values()) * 1000:.0f} ms | {whole / sum(bare.values()):.2f} |"
    )


if __name__ == "__main__":
    main()

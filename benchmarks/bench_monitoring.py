"""Benchmark of media monitoring end to end, beside text extraction alone measured in the same run.

The corpus (``benchmarks/monitoring_corpus.py``, whose docstring says exactly how it is made) is
article-like items cut from the three English texts Accord ships — HTML pages with four sites'
boilerplate, plain text files and one-entry RSS documents, with exact and near republications —
plus the Russian passages of the monitoring gold set (``tests/monitoring/gold/ru-*.txt``, each also
republished once in another form), spread over 30 days: an original on a drawn day, its copies
within two days after it.

Each item goes the whole way a real one goes, as a fetch takes it in
(:func:`accord.monitoring.fetching.take_in_all` on a fresh ``accord setup`` SQLite database, its
texts read in the reader processes while the batch before is stored): decoding, extraction,
normalisation, language, person names removed, exact and near-duplicate look-up, entities,
categories and figures, the items, their tags and their batch's change record stored, their stories
found, started or merged. Then the signals of the 30 days are counted and the early-warning method
runs on every media series. The rate is items / (all of that).

The limit beside it: trafilatura alone (the extraction library's bare speed, with Accord's options)
on the same HTML pages, in the same run.

    python benchmarks/bench_monitoring.py [--items 1000] [--workdir DIR]

Prints a Markdown section for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import random
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from bench_monitoring_text import trafilatura_alone  # noqa: E402
from bench_sitrep import set_up, start_django  # noqa: E402
from monitoring_corpus import SITES, CorpusItem, _page, build_corpus  # noqa: E402

GOLD = ROOT / "tests" / "monitoring" / "gold"
DAYS = 30


def russian_items(first_number: int) -> list[CorpusItem]:
    """The gold set's Russian passages as originals, each also republished once as an HTML page."""
    items = []
    for offset, path in enumerate(sorted(GOLD.glob("ru-*.txt"))):
        text = path.read_text(encoding="utf-8")
        paragraphs = tuple(" ".join(part.split()) for part in text.split("\n\n") if part.strip())
        title = " ".join(paragraphs[0].split()[:8]).rstrip(",;:")
        number = first_number + 2 * offset
        plain = CorpusItem(
            number, "original", None, "", "text", path.name, "text/plain", text.encode(), title, paragraphs
        )
        page = _page(random.Random(number), SITES[number % len(SITES)], title, paragraphs, number)
        copy = CorpusItem(
            number + 1,
            "exact",
            number,
            "republished",
            "html",
            f"{path.stem}.html",
            "text/html",
            page.encode(),
            title,
            paragraphs,
        )
        items += [plain, copy]
    return items


def dated(items: list[CorpusItem], seed: int = 2026) -> dict[int, datetime.datetime]:
    """A publication moment for every item: originals on a drawn day of the last 30, copies within
    two days after their original (never after now)."""
    rng = random.Random(seed)
    today = datetime.date.today()
    when: dict[int, datetime.datetime] = {}
    for item in items:
        if item.of is None or item.of not in when:
            day = today - datetime.timedelta(days=rng.randrange(DAYS))
            when[item.number] = datetime.datetime.combine(day, datetime.time(8), tzinfo=datetime.UTC)
        else:
            later = when[item.of] + datetime.timedelta(hours=rng.randrange(48))
            when[item.number] = min(later, datetime.datetime.now(datetime.UTC))
    return when


def deliveries(item: CorpusItem, published: datetime.datetime) -> list:
    """What a source hands over for one corpus item: a file's bytes, or a feed's entry."""
    from dataclasses import replace

    from accord.monitoring.fetching import entry_deliveries
    from accord.monitoring.text.feeds import parse_feed
    from accord.monitoring.uploads import delivery_of_bytes

    if item.form == "rss":
        found = entry_deliveries(parse_feed(item.data), prefix=f"{item.number}:")
    else:
        found = [replace(delivery_of_bytes(item.name, item.data), external_id=f"{item.number}:{item.name}")]
    return [replace(delivery, published=published) for delivery in found]


def whole_pipeline(items: list[CorpusItem]) -> tuple[float, float, Counter, int]:
    """Seconds to take every item in, seconds to count the signals and run the early warning, the
    items by status, and the stories made."""
    from accord.core.audit import Actor, save_with_record
    from accord.core.runs import start_run
    from accord.monitoring import fetching, signals
    from accord.monitoring.models import Item, Source, Story

    actor = Actor.system("benchmark")
    source = Source(key=f"bench-{int(time.time())}", name="Benchmark wire", kind=Source.Kind.UPLOAD)
    save_with_record(source, actor=actor, fields={"classification": 0, "releasability": "everyone"})
    when = dated(items)
    run = start_run(fetching.RUN_KIND, actor, subject=source.key)
    started = time.perf_counter()
    delivered = [delivery for item in items for delivery in deliveries(item, when[item.number])]
    fetching.take_in_all(source, delivered, actor=actor, run=run, total=len(delivered))
    statuses: Counter = Counter(Item.objects.filter(source=source).values_list("status", flat=True))
    taken = time.perf_counter() - started
    started = time.perf_counter()
    today = datetime.date.today()
    signals.refresh_signals(today - datetime.timedelta(days=DAYS), today, actor=actor)
    counted = time.perf_counter() - started
    stories = Story.objects.filter(items__source=source).distinct().count()
    return taken, counted, statuses, stories


def warm_up(items: list[CorpusItem]) -> None:
    """Load what a running worker has loaded (the lexicon, the rules, the language dictionaries, the
    Russian model): a few items of each language cleaned, nothing stored."""
    from accord.monitoring.intake import clean
    from accord.monitoring.models import Source

    source = Source(key="warm-up", name="warm-up", kind=Source.Kind.UPLOAD)
    from accord.monitoring.readers import BatchReading
    from accord.monitoring.understanding.knowledge import current_knowledge

    sample = [item for item in items if item.form != "rss"]
    russian = [item for item in sample if item.name.startswith("ru-")]
    for item in sample[:5] + russian[:2]:
        for delivery in deliveries(item, datetime.datetime.now(datetime.UTC)):
            clean(source, delivery)  # each of these reads: a refusal here would fail the benchmark
    # The readers started and their models loaded, as in a worker that has fetched before.
    now = datetime.datetime.now(datetime.UTC)
    batch = [delivery for item in sample[:12] + russian[:4] for delivery in deliveries(item, now)]
    BatchReading(batch, "", current_knowledge().lexicon, parallel=True).results()


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--workdir", default="")
    options = parser.parse_args()
    folder = Path(options.workdir or tempfile.mkdtemp(prefix="accord-bench-monitoring-"))
    data_dir = folder / "data"
    if not (data_dir / "accord.sqlite3").exists():
        set_up(data_dir)
    start_django(data_dir)

    english = build_corpus(options.items)
    items = english + russian_items(len(english))
    pages = [item.data.decode("utf-8") for item in items if item.form == "html"]
    warm_up(items)
    trafilatura_alone(pages[:20])
    alone = trafilatura_alone(pages)
    taken, counted, statuses, stories = whole_pipeline(items)
    total = taken + counted
    count = sum(statuses.values())
    print(
        f"### Media monitoring (`benchmarks/bench_monitoring.py`), SQLite — {datetime.date.today()} on "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}\n"
    )
    print(
        f"{len(items)} corpus items ({len(english)} English, {len(items) - len(english)} Russian), "
        f"{count} deliveries; {statuses.get('processed', 0)} processed, {statuses.get('duplicate', 0)} "
        f"copies, {statuses.get('failed', 0)} refused; {stories} stories.\n"
    )
    print("| measure | items | seconds | items/s |\n|---|---|---|---|")
    limit = f"{len(pages)} | {alone:.2f} | {len(pages) / alone:.0f}"
    print(f"| trafilatura alone, the HTML pages (the limit) | {limit} |")
    print(f"| taking in (text → item, tags, copy or story) | {count} | {taken:.2f} | {count / taken:.0f} |")
    print(f"| signals of {DAYS} days counted and early warning run | | {counted:.2f} | |")
    print(f"| **whole pipeline** | {count} | {total:.2f} | **{count / total:.0f}** |")
    print(f"\nWhole pipeline / trafilatura alone: {(count / total) / (len(pages) / alone):.2f}")


if __name__ == "__main__":
    main()

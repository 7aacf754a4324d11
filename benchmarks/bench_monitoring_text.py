"""Benchmark of the monitoring text pipeline, beside trafilatura alone on the same HTML in the same run.

On the corpus of ``benchmarks/monitoring_corpus.py`` (article-like items made from the CSTO texts
shipped with Accord: HTML pages with boilerplate, plain text files and RSS documents, with exact
republications and near-duplicates at stated shares), measured in one run:

1. the limit: trafilatura alone extracting each HTML page (``bare_extraction`` with the very options
   Accord uses), given the decoded page: the library's own speed on the same HTML;
2. the whole text pipeline on every item, in order: decode → extract (trafilatura for pages, the
   feed parser and the fragment reader for RSS) → normalise → language → exact key → MinHash
   signature → exact and near-duplicate look-up against every item before it, then adding it;
3. what deduplication found, against how the corpus was made.

    python benchmarks/bench_monitoring_text.py [--items 1000] [--seed 2026] [--repeat 3]

Prints a Markdown section for benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import os
import platform
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))

from monitoring_corpus import CorpusItem, build_corpus, shingle_jaccard  # noqa: E402


def trafilatura_alone(pages: list[str]) -> float:
    """Seconds trafilatura takes on ``pages``, with the options of Accord's extraction."""
    import trafilatura

    started = time.perf_counter()
    for page in pages:
        trafilatura.bare_extraction(
            page,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    return time.perf_counter() - started


def prepared_of(item: CorpusItem):
    """The pipeline's one-item part: what a source delivered → text, language, fingerprints."""
    from accord.monitoring.text.feeds import parse_feed
    from accord.monitoring.text.pipeline import prepare, prepare_entry

    if item.form == "rss":
        feed = parse_feed(item.data)
        entry = feed.entries[0]
        return prepare_entry(entry.html, title=entry.title, declared_language=entry.language)
    return prepare(item.data, name=item.name, content_type=item.content_type)


def pipeline(items: list[CorpusItem]) -> tuple[float, dict[int, int], Counter]:
    """Seconds for the whole pipeline on ``items`` in order; the story each was counted in (the
    number of the first item of that story); refusals by code.

    As a monitoring service would: an item whose exact key is known joins that story; else one
    whose signature is near a story's first item joins it; else it starts a story of its own.
    """
    from accord.monitoring.text.dedup import NearDuplicates
    from accord.monitoring.text.errors import TextError

    exact: dict[str, int] = {}
    near = NearDuplicates()
    story: dict[int, int] = {}
    refused: Counter = Counter()
    started = time.perf_counter()
    for item in items:
        try:
            prepared = prepared_of(item)
        except TextError as error:
            refused[error.code] += 1
            continue
        found = exact.get(prepared.exact_key)
        if found is None:
            found = near.find(prepared.sketch)
        if found is None:
            story[item.number] = item.number
            near.add(str(item.number), prepared.sketch)
        else:
            story[item.number] = story[int(found)]
        exact.setdefault(prepared.exact_key, item.number)
    return time.perf_counter() - started, story, refused


def quality(items: list[CorpusItem], story: dict[int, int]) -> list[tuple[str, str]]:
    """Rows saying what deduplication found, against how each item was made."""
    by_number = {item.number: item for item in items}

    def joined_its_original(item: CorpusItem) -> bool:
        return item.number in story and story[item.number] == story.get(item.of)

    rows = []
    for role, label in (
        ("exact", "exact copies counted in their original's story"),
        ("near", "near copies counted in their original's story"),
    ):
        copies = [item for item in items if item.role == role]
        rows.append((label, f"{sum(map(joined_its_original, copies))} of {len(copies)}"))
    near = [item for item in items if item.role == "near"]
    alike = [item for item in near if shingle_jaccard(item.text, by_number[item.of].text) >= 0.8]
    rows.append(
        (
            "… near copies whose 5-shingles' Jaccard with the original is ≥ 0.8",
            f"{sum(map(joined_its_original, alike))} of {len(alike)}",
        )
    )
    originals = [item for item in items if item.role == "original"]
    merged = [item for item in originals if story.get(item.number, item.number) != item.number]
    truly = [item for item in merged if shingle_jaccard(item.text, by_number[story[item.number]].text) >= 0.8]
    rows.append(
        (
            "originals merged into an earlier story (of which ≥ 0.8 alike by 5-shingles' Jaccard)",
            f"{len(merged)} of {len(originals)} ({len(truly)})",
        )
    )
    rows.append(("stories counted / stories made", f"{len(set(story.values()))} / {len(originals)}"))
    return rows


def warm_up(items: list[CorpusItem]) -> None:
    """Load trafilatura, feedparser and the English dictionary once, outside every measure."""
    for item in items[:20]:
        with contextlib.suppress(Exception):  # a refusal here is counted in the measured run
            prepared_of(item)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()

    import trafilatura

    from accord.monitoring.text.decode import decode

    items = build_corpus(options.items, seed=options.seed)
    pages = [item for item in items if item.form == "html"]
    decoded = [decode(item.data) for item in pages]
    warm_up(items)
    bare, whole, html_only = [], [], []
    for _ in range(options.repeat):
        bare.append(trafilatura_alone(decoded))
        seconds, story, refused = pipeline(items)
        whole.append(seconds)
        html_only.append(pipeline(pages)[0])
    bare_s, whole_s, html_s = (statistics.median(values) for values in (bare, whole, html_only))
    forms = Counter(item.form for item in items)
    roles = Counter(item.role for item in items)
    size = statistics.mean(len(item.data) for item in items) / 1024

    print(
        f"### Monitoring text pipeline (`benchmarks/bench_monitoring_text.py`) — {datetime.date.today()} "
        f"on {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"trafilatura {trafilatura.__version__}\n"
    )
    print(
        f"{len(items)} items (seed {options.seed}; {forms['html']} HTML pages, {forms['text']} text files, "
        f"{forms['rss']} RSS documents; {roles['original']} originals, {roles['exact']} exact "
        f"republications, {roles['near']} near-duplicates; {size:.1f} KB on average); medians of "
        f"{options.repeat}.\n"
    )
    print("| measure | Accord | limit | ratio |\n|---|---|---|---|")
    print(
        f"| HTML pages: whole pipeline vs trafilatura alone on the same pages ({len(pages)}) "
        f"| {len(pages) / html_s:,.0f} items/s ({html_s * 1000:,.0f} ms) "
        f"| {len(pages) / bare_s:,.0f} items/s ({bare_s * 1000:,.0f} ms) | {html_s / bare_s:.2f} |"
    )
    print(
        f"| every item: whole pipeline with deduplication ({len(items)}) "
        f"| {len(items) / whole_s:,.0f} items/s ({whole_s * 1000:,.0f} ms) | | |"
    )
    print("\n| deduplication (first run) | found |\n|---|---|")
    for label, value in quality(items, story):
        print(f"| {label} | {value} |")
    if refused:
        print(
            f"| items refused (by code) | {', '.join(f'{code} {count}' for code, count in refused.items())} |"
        )


if __name__ == "__main__":
    main()

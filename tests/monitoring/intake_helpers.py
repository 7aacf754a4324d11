"""What the intake tests share: monitoring folders of their own, feeds written as real RSS, users."""

from __future__ import annotations

import datetime
from pathlib import Path
from xml.sax.saxutils import escape

GOOD_TEXT = (
    "The Collective Security Treaty Organization held a meeting of its Permanent Council in Moscow. "
    "The representatives of the member states discussed the situation on the border of Tajikistan and "
    "Afghanistan and agreed to strengthen the joint exercises of the collective rapid reaction forces. "
    "The council also approved the plan of consultations for the next year."
)
GERMAN_TEXT = (
    "Die Organisation des Vertrags über kollektive Sicherheit hat heute in Moskau eine Sitzung des "
    "Ständigen Rates abgehalten. Die Vertreter der Mitgliedstaaten erörterten die Lage an der Grenze "
    "und vereinbarten, die gemeinsamen Übungen der schnellen Eingreiftruppen zu verstärken."
)


# Processing an item to the end (tags, figures, its story) needs the analysis modules of other
# subjects; until they are merged, a test of that outcome is skipped, naming what is missing.
def own_roots(settings, tmp_path: Path) -> Path:
    """A monitoring folder of the test's own, the only one monitoring may read."""
    root = tmp_path / "monitoring"
    root.mkdir()
    settings.MONITORING_FOLDERS = [root]
    return root


def rss(entries: list[dict], *, title: str = "Wire") -> bytes:
    """An RSS 2.0 document with these entries (guid, link, title, html, published)."""
    items = []
    for entry in entries:
        published = entry.get("published", datetime.datetime(2026, 11, 30, 9, tzinfo=datetime.UTC))
        items.append(
            "<item>"
            f'<guid isPermaLink="false">{escape(entry["guid"])}</guid>'
            f"<link>{escape(entry.get('link', 'https://news.example/' + entry['guid']))}</link>"
            f"<title>{escape(entry.get('title', entry['guid']))}</title>"
            f"<pubDate>{published.strftime('%a, %d %b %Y %H:%M:%S +0000')}</pubDate>"
            f"<description>{escape(entry['html'])}</description>"
            "</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>https://news.example/</link><description>news</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode("utf-8")


def paragraph_html(text: str) -> str:
    return f"<html><body><article><h1>Title</h1><p>{escape(text)}</p></article></body></html>"


def three_entry_feed() -> bytes:
    """One German entry, one of 6 MB and one good English one."""
    big = "<p>" + ("The council met again. " * 280_000) + "</p>"
    return rss(
        [
            {"guid": "german", "title": "Sitzung", "html": paragraph_html(GERMAN_TEXT)},
            {"guid": "huge", "title": "Huge", "html": big},
            {"guid": "good", "title": "Council meets", "html": paragraph_html(GOOD_TEXT)},
        ]
    )

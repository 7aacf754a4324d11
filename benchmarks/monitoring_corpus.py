"""A corpus of article-like items for benchmarking the monitoring text pipeline, with its truth.

How the corpus is made (``build_corpus(n, seed=…, exact_share=…, near_share=…)``):

1. The three English texts shipped with Accord (``src/accord/data/csto/sources/seed-000.txt``,
   ``seed-002.txt``, ``seed-004.txt``: an interview, statements and a speech about the CSTO) are cut
   into paragraphs at blank lines; paragraphs of fewer than 20 words (headings, datelines,
   salutations) are left out, which leaves 76 paragraphs.
2. Items are made one after another with ``random.Random(seed)``. Each item is, by a draw, an exact
   republication (share ``exact_share``, default 0.15) or a near-duplicate (share ``near_share``,
   default 0.15) of an original drawn from the originals made before it, or else a new original.
   The first item is always an original.
3. An original is 3 to 8 consecutive paragraphs of one text (as many as the text has from the
   drawn start); its title is the first eight words of its first paragraph. The window is drawn
   up to five times until it shares less than half of its words with every earlier original's
   window; when none does, the last one drawn is kept, and when it shares at least 0.8 of its
   words with an earlier original it is stated as a copy of that original (``exact`` when it is
   the very same window, else ``near``; ``change`` ``drawn alike``), because it is one.
4. An exact republication has the same title and text as its original, in another form and with
   another site's boilerplate. A near-duplicate is its original with one sentence changed (a
   sentence of a paragraph replaced by a sentence of another paragraph) or, for originals of four or
   more paragraphs, one paragraph dropped (one or the other by an even draw).
5. Each item is drawn in one of three forms: 50% an HTML page in UTF-8 (one of four sites'
   boilerplate: navigation, a cookie banner, related links, a footer, scripts, styles and HTML
   comments around an ``<article>``), 30% a plain text file (its title on the first line, then the
   paragraphs parted by blank lines; one text file in three in Windows-1252), 20% an RSS 2.0
   document with the item as its one entry (the paragraphs as HTML in its ``description``).

The three texts hold only about 150 windows that are mutually less than half alike, so in a corpus
of more than a few hundred items most items are copies (1,000 items with the default shares: 146
originals, 396 exact and 458 near copies, 542 of them drawn alike). Originals may still overlap each
other by less than 0.8 of their words (related stories, which a deduplicator must keep apart).
The truth stated for each item is how it was
made (``role``: ``original``, ``exact`` or ``near``; ``of``: the number of the original it copies);
:func:`shingle_jaccard` gives the exact similarity of two items' texts, for a benchmark to tell a
deduplicator's mistake from two originals that really are near-duplicates of each other.
"""

from __future__ import annotations

import contextlib
import functools
import html
import random
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SOURCES = [ROOT / "src/accord/data/csto/sources" / f"seed-00{number}.txt" for number in (0, 2, 4)]
LEAST_WORDS = 20
# An original shares less than this share of its words with every earlier one, when it can be drawn
# so; a window drawn at least ALIKE as an earlier original's is stated as a copy of it.
DISTINCT = 0.5
ALIKE = 0.8
TRIES = 5
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"“])")


@dataclass(frozen=True)
class CorpusItem:
    """One item as a source would deliver it, and how it was made."""

    number: int
    role: str  # original, exact, near
    of: int | None  # the original an exact or near copy copies
    change: str  # "", "republished", "sentence changed", "paragraph dropped"
    form: str  # html, text, rss
    name: str
    content_type: str
    data: bytes
    title: str
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)


SITES = (
    ("Regional Security Review", "review.example.local", ("World", "Defence", "Politics", "Opinion")),
    ("Eurasia Daily Monitor", "eurasia.example.local", ("News", "Analysis", "Regions", "Archive")),
    ("Central Asia Wire", "caw.example.local", ("Home", "Kazakhstan", "Kyrgyzstan", "Tajikistan")),
    ("Defence Bulletin", "bulletin.example.local", ("Latest", "Forces", "Exercises", "Subscribe")),
)


def paragraphs_of_sources() -> list[list[str]]:
    """Each source text's paragraphs of at least :data:`LEAST_WORDS` words."""
    found = []
    for path in SOURCES:
        parts = (" ".join(part.split()) for part in re.split(r"\n\s*\n", path.read_text(encoding="utf-8")))
        found.append([part for part in parts if len(part.split()) >= LEAST_WORDS])
    return found


def build_corpus(
    n: int = 1000, *, seed: int = 2026, exact_share: float = 0.15, near_share: float = 0.15
) -> list[CorpusItem]:
    """``n`` items made as this module's docstring says, the same for the same arguments."""
    rng = random.Random(seed)
    texts = paragraphs_of_sources()
    items: list[CorpusItem] = []
    originals: list[CorpusItem] = []
    windows: list[tuple[int, int, int]] = []  # each original's text, first and last paragraph + 1
    for number in range(n):
        draw = rng.random()
        if originals and draw < exact_share:
            source = rng.choice(originals)
            item = _dressed(
                rng, number, "exact", source.number, "republished", source.title, source.paragraphs
            )
        elif originals and draw < exact_share + near_share:
            source = rng.choice(originals)
            change, paragraphs = _changed(rng, source.paragraphs, texts)
            item = _dressed(rng, number, "near", source.number, change, source.title, paragraphs)
        else:
            window, alike, overlap = _distinct_window(rng, texts, windows)
            which, start, stop = window
            paragraphs = tuple(texts[which][start:stop])
            if alike is not None and overlap >= ALIKE:
                source = originals[alike]
                role = "exact" if windows[alike] == window else "near"
                item = _dressed(rng, number, role, source.number, "drawn alike", source.title, paragraphs)
            else:
                title = " ".join(paragraphs[0].split()[:8]).rstrip(",;:")
                item = _dressed(rng, number, "original", None, "", title, paragraphs)
                originals.append(item)
                windows.append(window)
        items.append(item)
    return items


def shingle_jaccard(first: str, second: str, size: int = 5) -> float:
    """The exact Jaccard similarity of two texts' sets of word ``size``-shingles (lower case)."""
    one, other = _shingle_set(first, size), _shingle_set(second, size)
    return len(one & other) / len(one | other) if one or other else 1.0


def _shingle_set(text: str, size: int) -> set[tuple[str, ...]]:
    words = re.findall(r"[^\W_]+", text.lower())
    if len(words) <= size:
        return {tuple(words)} if words else set()
    return {tuple(words[start : start + size]) for start in range(len(words) - size + 1)}


def _distinct_window(
    rng: random.Random, texts: list[list[str]], windows: list[tuple[int, int, int]]
) -> tuple[tuple[int, int, int], int | None, float]:
    """A window of 3 to 8 consecutive paragraphs sharing under :data:`DISTINCT` of its words with
    every earlier original's, drawn up to :data:`TRIES` times; else the last drawn, with the
    earlier original most alike and how alike (the share of words of the two windows' union that
    both hold)."""
    for _attempt in range(TRIES):
        which = rng.randrange(len(texts))
        start = rng.randrange(0, max(1, len(texts[which]) - 3))
        window = (which, start, min(start + rng.randint(3, 8), len(texts[which])))
        overlaps = [(_overlap(texts, window, other), index) for index, other in enumerate(windows)]
        overlap, alike = max(overlaps, default=(0.0, None))
        if overlap < DISTINCT:
            return window, None, overlap
    return window, alike, overlap


@functools.cache
def _word_counts(texts: tuple[tuple[str, ...], ...]) -> list[list[int]]:
    return [[len(paragraph.split()) for paragraph in paragraphs] for paragraphs in texts]


def _overlap(texts: list[list[str]], one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    if one[0] != other[0]:
        return 0.0
    words = _word_counts(tuple(map(tuple, texts)))[one[0]]
    shared = sum(words[max(one[1], other[1]) : min(one[2], other[2])])
    union = sum(words[min(one[1], other[1]) : max(one[2], other[2])])
    return shared / union if union else 0.0


def _changed(
    rng: random.Random, paragraphs: tuple[str, ...], texts: list[list[str]]
) -> tuple[str, tuple[str, ...]]:
    if len(paragraphs) >= 4 and rng.random() < 0.5:
        dropped = rng.randrange(1, len(paragraphs))  # the first paragraph (the lead) stays
        return "paragraph dropped", paragraphs[:dropped] + paragraphs[dropped + 1 :]
    where = rng.randrange(len(paragraphs))
    sentences = SENTENCE_END.split(paragraphs[where])
    other = SENTENCE_END.split(rng.choice(rng.choice(texts)))
    sentences[rng.randrange(len(sentences))] = rng.choice(other)
    changed = list(paragraphs)
    changed[where] = " ".join(sentences)
    return "sentence changed", tuple(changed)


def _dressed(
    rng: random.Random,
    number: int,
    role: str,
    of: int | None,
    change: str,
    title: str,
    paragraphs: tuple[str, ...],
) -> CorpusItem:
    draw = rng.random()
    site = rng.choice(SITES)
    if draw < 0.5:
        data = _page(rng, site, title, paragraphs, number).encode("utf-8")
        form, name, content_type = "html", f"item-{number}.html", "text/html; charset=utf-8"
    elif draw < 0.8:
        text = title + "\n\n" + "\n\n".join(paragraphs) + "\n"
        data = text.encode("utf-8")
        if rng.random() < 1 / 3:
            with contextlib.suppress(UnicodeEncodeError):  # a text with Cyrillic words stays in UTF-8
                data = text.encode("cp1252")
        form, name, content_type = "text", f"item-{number}.txt", ""
    else:
        data = _rss(site, title, paragraphs, number).encode("utf-8")
        form, name, content_type = "rss", f"item-{number}.rss", "application/rss+xml"
    return CorpusItem(number, role, of, change, form, name, content_type, data, title, paragraphs)


def _page(rng: random.Random, site: tuple, title: str, paragraphs: tuple[str, ...], number: int) -> str:
    name, host, sections = site
    escaped = html.escape(title)
    nav = "".join(f'<li><a href="/{section.lower()}">{section}</a></li>' for section in sections)
    body = "\n".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)
    related = "".join(
        f'<li><a href="/story/{rng.randrange(10**6)}">{headline}</a></li>'
        for headline in rng.sample(
            [
                "Border guards meet to discuss cooperation",
                "New equipment delivered to the air defence units",
                "Ministers sign a protocol on military training",
                "Parliamentary assembly holds its autumn session",
                "Experts discuss information security threats",
                "Drills held at a mountain training ground",
            ],
            3,
        )
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{escaped} | {name}</title>
<meta property="og:title" content="{escaped}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body {{ font-family: Georgia, serif; }} nav li {{ display: inline; margin: 0 1em; }}</style>
<script>window.analytics = {{ site: "{host}", page: {number} }}; function track(e) {{ return e; }}</script>
</head>
<body>
<!-- site header: {name} -->
<header><a class="logo" href="https://{host}/">{name}</a>
<nav><ul>{nav}<li><a href="/login">Sign in</a></li></ul></nav>
<div class="cookies">This site uses cookies to analyse traffic.
By continuing you accept our cookie policy.</div>
</header>
<main>
<article>
<h1>{escaped}</h1>
{body}
</article>
<!-- advertisement slot {rng.randrange(100)} -->
<aside><h2>Read also</h2><ul>{related}</ul></aside>
</main>
<footer><p>&copy; {name}. All rights reserved. Reproduction only with a link to the source.</p>
<p><a href="/about">About us</a> | <a href="/contacts">Contacts</a> |
<a href="/advertising">Advertising</a></p></footer>
<script src="https://{host}/static/app.{rng.randrange(10**6)}.js"></script>
<script>track("view-{number}");</script>
</body>
</html>
"""


def _rss(site: tuple, title: str, paragraphs: tuple[str, ...], number: int) -> str:
    name, host, _sections = site
    body = "".join(f"<p>{html.escape(part)}</p>" for part in paragraphs)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>{html.escape(name)}</title><link>https://{host}/</link><language>en</language>
<item><title>{html.escape(title)}</title><link>https://{host}/story/{number}</link>
<guid>https://{host}/story/{number}</guid><pubDate>Mon, 01 Jun 2020 10:00:00 +0000</pubDate>
<description>{html.escape(body)}</description></item>
</channel></rss>
"""

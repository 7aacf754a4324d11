"""News feeds (RSS 2.0, RSS 1.0, Atom) read from their bytes, and fetching a source's address.

feedparser is only ever given the feed's bytes (as a stream), never an address: given a string that
looks like a URL it would fetch it itself, with no size limit and no timeout. Fetching is
:func:`fetch`'s: http(s) and file:// addresses (an air-gapped network's own servers and shares), a
timeout, and at most ``max_bytes`` read.
"""

from __future__ import annotations

import calendar
import datetime
import hashlib
import io
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext_lazy as _

from accord.monitoring.text.errors import TextError, empty
from accord.monitoring.text.limits import MAX_FEED_BYTES, check_size, read_limited

SCHEMES = ("http", "https", "file")
USER_AGENT = "Accord-monitoring/1.0"


@dataclass(frozen=True)
class FeedEntry:
    """One entry: ``guid`` stable across fetches (the entry's id, else its link, else a hash of its
    title and date); ``html`` its content, else its summary, as the feed gives it (HTML or text)."""

    guid: str
    link: str
    title: str
    published: datetime.datetime | None
    html: str
    language: str = ""


@dataclass(frozen=True)
class Feed:
    """A feed's title, language (``""`` when it names none), entries, and what was wrong with it
    but did not stop it being read (``warnings``: a bozo feed that still has entries)."""

    title: str
    language: str
    entries: list[FeedEntry]
    warnings: list[str] = field(default_factory=list)


def parse_feed(data: bytes, *, address: str = "") -> Feed:
    """The feed in ``data``; ``malformed-feed`` when it is no feed or broken beyond any entry."""
    if not data.strip():
        raise empty(_("feed"))
    check_size(len(data), MAX_FEED_BYTES, _("feed"))
    import feedparser

    headers = {"content-type": "application/xml"}
    if address:
        headers["content-location"] = address
    try:
        parsed = feedparser.parse(io.BytesIO(data), response_headers=headers, resolve_relative_uris=True)
    except Exception as error:  # feedparser's parsers raise many kinds; each means a broken feed here
        raise _malformed(type(error).__name__) from error
    problem = str(parsed.get("bozo_exception") or "") if parsed.get("bozo") else ""
    if not parsed.entries and (problem or not parsed.get("version")):
        raise _malformed(problem or "no RSS or Atom root element")
    language = _language(parsed.feed.get("language", ""))
    entries = [_entry(entry, language) for entry in parsed.entries]
    return Feed(parsed.feed.get("title", "").strip(), language, entries, [problem] if problem else [])


def fetch(address: str, *, timeout: float = 20, max_bytes: int = MAX_FEED_BYTES) -> bytes:
    """The bytes at ``address`` (http, https or file), at most ``max_bytes`` of them.

    Refuses other schemes, and says why an address could not be read (``unreachable``) or was too
    large (``too-large``, from its Content-Length when it gives one, else from the bytes read).
    """
    scheme = address.split(":", 1)[0].lower() if ":" in address else ""
    if scheme not in SCHEMES:
        raise TextError(
            "unreachable",
            _(
                "Accord does not fetch the address %(address)s: only http, https and file addresses "
                "are read. Give the feed's full address, starting with http:// or https://."
            ),
            address=address,
        )
    request = urllib.request.Request(address, headers={"User-Agent": USER_AGENT})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            length = response.headers.get("Content-Length") if response.headers else None
            if length and length.isdigit():
                check_size(int(length), max_bytes, _("feed"))
            return read_limited(response, max_bytes, _("feed"))
    except urllib.error.HTTPError as error:
        error.close()  # it holds the answer's open connection
        raise _unreachable(address, f"HTTP {error.code} {error.reason}") from error
    except urllib.error.URLError as error:
        raise _unreachable(address, str(error.reason)) from error
    except (TimeoutError, OSError, ValueError) as error:
        raise _unreachable(address, str(error) or type(error).__name__) from error


def _entry(entry: Any, feed_language: str) -> FeedEntry:
    link = entry.get("link", "") or ""
    title = (entry.get("title", "") or "").strip()
    published = _when(entry.get("published_parsed") or entry.get("updated_parsed"))
    contents = entry.get("content") or []
    body = contents[0] if contents else entry.get("summary_detail") or {}
    html = (contents[0].get("value", "") if contents else entry.get("summary", "")) or ""
    language = _language(body.get("language") or "") or feed_language
    guid = entry.get("id", "") or link or _hash_of(title, published)
    return FeedEntry(guid, link, title, published, html, language)


def _when(parsed: Any) -> datetime.datetime | None:
    """feedparser's UTC time tuple as an aware datetime."""
    if not parsed:
        return None
    try:
        return datetime.datetime.fromtimestamp(calendar.timegm(parsed), tz=datetime.UTC)
    except (OverflowError, ValueError, TypeError):
        return None


def _language(tag: str) -> str:
    return (tag or "").strip().lower().replace("_", "-").split("-")[0]


def _hash_of(title: str, published: datetime.datetime | None) -> str:
    return "sha256:" + hashlib.sha256(f"{title}|{published}".encode()).hexdigest()


def _malformed(reason: str) -> TextError:
    return TextError(
        "malformed-feed",
        _(
            "This is not a readable news feed (%(reason)s), and no entry could be taken from it. Check "
            "that the address is the feed's (RSS or Atom), not a web page's."
        ),
        reason=reason[:200],
    )


def _unreachable(address: str, reason: str) -> TextError:
    return TextError(
        "unreachable",
        _("Accord could not read %(address)s: %(reason)s. Check the address and that the server is up."),
        address=address,
        reason=reason[:200],
    )

"""An article's title, text, date and declared language, from an HTML page or a plain text file.

HTML goes through trafilatura, which keeps the article and drops the page around it (menus, cookie
banners, related links, footers, scripts); it is asked to favour precision (a line of boilerplate
kept is worse for deduplication and tagging than a line of article lost) and is only ever given the
page as a string: it never fetches anything. Paragraphs come out parted by a blank line, the text
in :func:`~accord.monitoring.text.normalise.normalise`'s spelling.
"""

from __future__ import annotations

import datetime
import html as html_module
import re
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any

from django.utils.translation import gettext_lazy as _

from accord.monitoring.text.decode import decode, refuse_binary
from accord.monitoring.text.errors import TextError, empty
from accord.monitoring.text.limits import MAX_ITEM_BYTES, MIN_TEXT_CHARS, check_size
from accord.monitoring.text.normalise import join_digit_groups, normalise


@dataclass(frozen=True)
class Extracted:
    """What one item says: ``text`` in paragraphs parted by ``"\\n\\n"``; ``language_hint`` the
    language the page declares for itself (``""`` when none), to be checked against the words."""

    title: str
    text: str
    published: datetime.date | None = None
    language_hint: str = ""


HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml", ".php", ".asp", ".aspx")
TEXT_SUFFIXES = (".txt", ".text", ".md")
REFUSED_SUFFIXES = (".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".jpg", ".jpeg", ".png", ".zip")
REFUSED_MEDIA = ("application/pdf", "application/msword", "application/zip", "application/octet-stream")
HEAD_CHARS = 65536
TAG = re.compile(r"<\s*(?:!doctype\s+html|html|head|body|p|div|article|title|br|meta)\b", re.IGNORECASE)
FEED_ROOT = re.compile(r"<\s*(?:rss|feed|rdf:RDF)\b", re.IGNORECASE)
HTML_LANG = re.compile(r"<html\b[^>]*?\blang\s*=\s*[\"']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)", re.IGNORECASE)
OG_LOCALE = re.compile(
    r"<meta\b[^>]*?(?:property|name)\s*=\s*[\"']og:locale[\"'][^>]*?content\s*=\s*[\"']([A-Za-z_-]{2,10})"
    r"|<meta\b[^>]*?content\s*=\s*[\"']([A-Za-z_-]{2,10})[\"'][^>]*?(?:property|name)\s*=\s*[\"']og:locale[\"']",
    re.IGNORECASE,
)
CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", re.IGNORECASE)
TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
# A first line that reads as a headline: not too long, no full stop at its end.
HEADLINE_CHARS = 200


def extract_html(data: bytes | str, *, address: str = "", charset: str = "") -> Extracted:
    """The article of an HTML page (``address`` helps trafilatura with relative links and dates;
    ``charset`` is the one an HTTP header declared, if any)."""
    page = _as_text(data, _("page"), charset)
    head = page[:HEAD_CHARS]
    if not TAG.search(head):
        raise TextError(
            "not-html",
            _(
                "This is not an HTML page: it has no HTML tags. If it is plain text, give it as a .txt "
                "file; if it is a feed, add its address as a source instead."
            ),
        )
    document = _trafilatura(join_digit_groups(page), address)
    title = _clean_line(_field(document, "title")) or _page_title(head)
    paragraphs = [normalise(line) for line in (_field(document, "text") or "").split("\n")]
    paragraphs = [part for part in paragraphs if part]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]
    text = "\n\n".join(paragraphs)
    _require_text(text)
    return Extracted(title, text, _date(_field(document, "date")), language_hint(head))


def extract_plain(data: bytes | str, *, charset: str = "") -> Extracted:
    """The text of a plain text file; its first line is the title when it reads as a headline."""
    text = _as_text(data, _("text"), charset)
    lines = text.lstrip().replace("\r\n", "\n").split("\n")
    first, rest = lines[0].strip(), "\n".join(lines[1:])
    title = ""
    if len(first) <= HEADLINE_CHARS and not first.endswith((".", ",", ";", ":")) and rest.strip():
        title, text = normalise(first), rest
    text = normalise(_paragraphs_by_line(text))
    _require_text(text)
    return Extracted(title, text)


def extract_any(data: bytes | str, *, name: str = "", content_type: str = "", address: str = "") -> Extracted:
    """The article of ``data``, read as HTML or plain text by its content type, its name's suffix,
    or (when neither says) by what it starts with."""
    kind = kind_of(data, name=name, content_type=content_type)
    charset = CHARSET.search(content_type)
    declared = charset.group(1) if charset else ""
    if kind == "html":
        return extract_html(data, address=address, charset=declared)
    return extract_plain(data, charset=declared)


def kind_of(data: bytes | str, *, name: str = "", content_type: str = "") -> str:
    """``html`` or ``text``; refuses ``unsupported-type`` for documents Accord does not read as items."""
    media = content_type.split(";")[0].strip().lower()
    suffix = PurePosixPath(name.lower().split("?")[0]).suffix
    if suffix in REFUSED_SUFFIXES or media in REFUSED_MEDIA or media.startswith("image/"):
        raise _unsupported(suffix or media)
    head = data[:HEAD_CHARS] if isinstance(data, str) else data[:HEAD_CHARS].decode("latin-1")
    is_feed = "rss" in media or "atom" in media or suffix in (".rss", ".atom")
    if is_feed or ((suffix == ".xml" or media.endswith("/xml")) and FEED_ROOT.search(head)):
        raise TextError(
            "unsupported-type",
            _("This is a news feed (RSS or Atom), not an article. Add its address as a source instead."),
        )
    if "html" in media or suffix in HTML_SUFFIXES:
        return "html"
    if media == "text/plain" or suffix in TEXT_SUFFIXES:
        return "text"
    if FEED_ROOT.search(head[:2048]):
        raise TextError(
            "unsupported-type",
            _("This is a news feed (RSS or Atom), not an article. Add its address as a source instead."),
        )
    return "html" if TAG.search(head) else "text"


def language_hint(head: str) -> str:
    """The language a page declares: its ``<html lang>``, else its ``og:locale`` (``ru_RU`` → ``ru``)."""
    found = HTML_LANG.search(head)
    if found:
        return found.group(1).lower().replace("_", "-").split("-")[0]
    found = OG_LOCALE.search(head)
    if found:
        return (found.group(1) or found.group(2)).lower().replace("_", "-").split("-")[0]
    return ""


def _as_text(data: bytes | str, what, charset: str = "") -> str:
    """``data`` as text, its size refused before anything is parsed."""
    if isinstance(data, str):
        if len(data) > MAX_ITEM_BYTES:  # each character is at least a byte: refused without encoding
            check_size(len(data), MAX_ITEM_BYTES, what)
        check_size(len(data.encode("utf-8", errors="replace")), MAX_ITEM_BYTES, what)
        if "\x00" in data[:4096]:
            refuse_binary(data[:4096].encode("utf-8", errors="replace"))
        text = data
    else:
        check_size(len(data), MAX_ITEM_BYTES, what)
        text = decode(data, charset)
    if not text.strip():
        raise empty(what)
    return text


def _trafilatura(page: str, address: str) -> Any:
    import trafilatura

    try:
        return trafilatura.bare_extraction(
            page,
            url=address or None,
            favor_precision=True,
            with_metadata=True,
            include_comments=False,
            include_tables=True,
            deduplicate=False,
            # Only dates the page states as its own (meta tags, time elements, its address): the
            # extensive search takes any year in the text, «Взаимодействие-2018» → 1 January 2018.
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except Exception as error:  # trafilatura and lxml raise many kinds; each means the same here
        raise TextError(
            "no-text",
            _(
                "The page could not be read as HTML (%(reason)s). Save the page again or give its text "
                "as a .txt file."
            ),
            reason=type(error).__name__,
        ) from error


def _field(document: Any, name: str) -> str:
    if document is None:
        return ""
    value = document.get(name) if isinstance(document, dict) else getattr(document, name, None)
    return value or ""


def _page_title(head: str) -> str:
    found = TITLE.search(head)
    return _clean_line(html_module.unescape(re.sub(r"<[^>]+>", "", found.group(1)))) if found else ""


def _clean_line(line: str) -> str:
    return normalise(line).replace("\n", " ")


def _date(value: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value[:10]) if value else None
    except ValueError:
        return None


def _paragraphs_by_line(text: str) -> str:
    """A text with no blank lines written one paragraph a line: each line that ends a sentence ends
    its paragraph (lines wrapped in the middle of a sentence still join)."""
    if re.search(r"\n[ \t]*\n", text):
        return text
    return re.sub(r"(?<=[.!?:\"»”)])[ \t]*\n", "\n\n", text)


def _require_text(text: str) -> None:
    if len(text) < MIN_TEXT_CHARS:
        raise TextError(
            "no-text",
            _(
                "No article text was found: %(count)d characters of text, fewer than %(least)d. The page "
                "may be an index, an error page or a page drawn by scripts; give the article's own page "
                "or its text as a .txt file."
            ),
            count=len(text),
            least=MIN_TEXT_CHARS,
        )


def _unsupported(kind: str) -> TextError:
    return TextError(
        "unsupported-type",
        _(
            "Accord does not read %(kind)s files as articles. Give the article as an HTML page or a plain "
            "text file (copy its text into a .txt file)."
        ),
        kind=kind or "?",
    )


BLOCK_END = re.compile(r"</(?:p|div|h[1-6]|li|blockquote|tr|section|article)\s*>|<br\s*/?>", re.IGNORECASE)
DROPPED = re.compile(r"<(script|style|noscript)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL)
ANY_TAG = re.compile(r"<[^>]*>")


def extract_fragment(fragment: str, *, title: str = "") -> Extracted:
    """The text of a feed entry's HTML (a few paragraphs, no page around them to drop).

    trafilatura, made to find an article among a page's boilerplate, may find nothing in a short
    fragment, so a fragment is read plainly: scripts and comments dropped, each block a paragraph,
    entities resolved.
    """
    check_size(len(fragment), MAX_ITEM_BYTES, _("entry"))
    text = ANY_TAG.sub(" ", BLOCK_END.sub("\n\n", DROPPED.sub(" ", fragment)))
    text = normalise(html_module.unescape(text))
    _require_text(text)
    return Extracted(_clean_line(title), text)

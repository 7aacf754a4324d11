"""Bytes into text: the byte-order mark, the declared charset, UTF-8, then the legacy Russian codings.

Sources on an air-gapped network include old Russian sites still serving Windows-1251 or KOI8-R,
often with no charset declared, or a wrong one. The order here: a BOM is certain; then strict UTF-8
(Cyrillic in UTF-8 is never valid by chance, while every byte string "decodes" in a single-byte
coding, so a page declaring KOI8-R but saved as UTF-8 is read as UTF-8); then whichever reads most like
language (:func:`plausibility`) of the declared charset (the HTTP header's, or the page's own
``<meta charset>``/``<?xml encoding?>``), cp1251, KOI8-R and cp1252 — the declared one on a tie, so
a page saying KOI8-R but saved in cp1251 is still read right. Binary files (a PDF, an image, an
office document given as text) are refused with ``undecodable`` before any of this.
"""

from __future__ import annotations

import codecs
import re

from django.utils.translation import gettext_lazy as _

from accord.monitoring.text.errors import TextError, empty

# What a binary file starts with, and what to call it in the refusal.
MAGIC = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF8", "GIF"),
    (b"PK\x03\x04", "ZIP / DOCX / XLSX"),
    (b"\xd0\xcf\x11\xe0", "DOC / XLS"),
    (b"\x1f\x8b", "GZIP"),
    (b"RIFF", "RIFF (WEBP, WAV, AVI)"),
)
BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
DECLARED = re.compile(
    rb"""(?:<meta[^>]+charset\s*=\s*["']?|<\?xml[^>]+encoding\s*=\s*["'])([A-Za-z0-9_.:-]{2,40})""",
    re.IGNORECASE,
)
FALLBACKS = ("cp1251", "koi8_r", "cp1252")
# The commonest lower-case letters of Russian and of West-European text: a text decoded in the
# right coding is mostly made of them; decoded in a wrong one it is mostly capitals and symbols.
COMMON_RUSSIAN = frozenset("оеаинтсрвлкмдпуяыьгзбчйжшхюцэщфё")
COMMON_LATIN = frozenset("etaoinshrdlcumwfgypbvkéèàüöäñçßáíóú")
SNIFF_BYTES = 4096
WORDS = re.compile(r"[^\W\d_]+")
MIXED_CASE = re.compile(r"[^\W\d_](?<=[a-zа-яё])[A-ZА-ЯЁ]")


def decode(data: bytes, declared: str = "") -> str:
    """The text of ``data``; ``declared`` is a charset named from outside (an HTTP header).

    Refuses ``empty`` for no bytes and ``undecodable`` for binary data.
    """
    if not data.strip():
        raise empty(_("text"))
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return _decode_or_refuse(data, encoding)
    refuse_binary(data)
    text = _try(data, "utf-8")
    if text is not None:
        return text
    said = [text for text in (_try(data, declared), _try(data, declared_in(data))) if text is not None]
    guessed = [data.decode(encoding, errors="replace") for encoding in FALLBACKS]
    return max(said + guessed, key=plausibility)  # the first of equals: a declared charset


def refuse_binary(data: bytes) -> None:
    """Refuse a file that is not text: a known binary signature, or NUL bytes in its start."""
    head = data[:SNIFF_BYTES]
    for magic, kind in MAGIC:
        if head.startswith(magic):
            raise TextError(
                "undecodable",
                _(
                    "This is a %(kind)s file, not a text. Give the article as an HTML page or a plain "
                    "text file (copy its text into a .txt file)."
                ),
                kind=kind,
            )
    if b"\x00" in head:
        raise TextError(
            "undecodable",
            _(
                "This file holds binary data (NUL bytes), not a text. Give the article as an HTML page "
                "or a plain text file."
            ),
        )


def declared_in(data: bytes) -> str:
    """The charset the document names for itself in its first bytes (``""`` when none)."""
    found = DECLARED.search(data[:SNIFF_BYTES])
    return found.group(1).decode("ascii").lower() if found else ""


def plausibility(text: str) -> float:
    """How much ``text``'s words with non-ASCII letters read like words of one language.

    A word mixing Latin and Cyrillic letters (``Cafй``: cp1252 read as cp1251) or with a capital
    after a small letter (``сВЕМХЪ``: cp1251 read as KOI8-R, whose cases are the other way round)
    counts nothing; any other counts the share of its non-ASCII letters that are common letters.
    """
    scores = [_word_score(word) for word in WORDS.findall(text) if not word.isascii()]
    return sum(scores) / len(scores) if scores else 1.0


def _word_score(word: str) -> float:
    latin = any("a" <= char.lower() <= "z" or char in COMMON_LATIN for char in word)
    cyrillic = any("\u0400" <= char <= "\u04ff" for char in word)
    if (latin and cyrillic) or MIXED_CASE.search(word):
        return 0.0
    unusual = [char.lower() for char in word if ord(char) > 127]
    return sum(char in COMMON_RUSSIAN or char in COMMON_LATIN for char in unusual) / len(unusual)


def _try(data: bytes, encoding: str) -> str | None:
    if not encoding:
        return None
    try:
        return data.decode(encoding)
    except (LookupError, UnicodeDecodeError):
        return None


def _decode_or_refuse(data: bytes, encoding: str) -> str:
    text = _try(data, encoding)
    if text is None:
        raise TextError(
            "undecodable",
            _(
                "The file says it is %(encoding)s but its bytes are not. Save it again as UTF-8 and "
                "give it anew."
            ),
            encoding=encoding.upper(),
        )
    return text

"""The whole text pipeline for one item, from what a source delivered to what is stored and compared.

decode → extract (HTML, plain text or a feed entry's fragment) → normalise (done by extraction) →
language (English or Russian, else refused) → exact key → signature. A near-duplicate look-up is the
caller's (:class:`~accord.monitoring.text.dedup.NearDuplicates`, built from stored signatures).
Every refusal is a :class:`~accord.monitoring.text.errors.TextError`.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from accord.monitoring.text.dedup import (
    NUM_PERM,
    exact_key_of_words,
    minhash_of_words,
    signature_bytes,
    words_of,
)
from accord.monitoring.text.extract import Extracted, extract_any, extract_fragment
from accord.monitoring.text.language import require_supported


@dataclass(frozen=True)
class Prepared:
    """An item ready to store: its text, language and fingerprints (``sketch`` the MinHash itself,
    for a look-up; ``signature`` its bytes, for the database)."""

    title: str
    text: str
    published: datetime.date | None
    language: str
    exact_key: str
    signature: bytes
    sketch: Any


def prepare(
    data: bytes | str,
    *,
    name: str = "",
    content_type: str = "",
    address: str = "",
    declared_language: str = "",
    num_perm: int = NUM_PERM,
) -> Prepared:
    """An uploaded or fetched document (an HTML page or a text file) prepared."""
    extracted = extract_any(data, name=name, content_type=content_type, address=address)
    return prepare_extracted(extracted, declared_language or extracted.language_hint, num_perm)


def prepare_entry(
    html: str, *, title: str = "", declared_language: str = "", num_perm: int = NUM_PERM
) -> Prepared:
    """A feed entry's content (``FeedEntry.html``) prepared."""
    return prepare_extracted(extract_fragment(html, title=title), declared_language, num_perm)


def prepare_extracted(
    extracted: Extracted, declared_language: str = "", num_perm: int = NUM_PERM
) -> Prepared:
    """What extraction found, its language checked and its fingerprints made (its words cut once)."""
    language = require_supported(extracted.text, declared_language)
    words = words_of(extracted.text, normalised=True)
    sketch = minhash_of_words(words, num_perm)

    return Prepared(
        extracted.title,
        extracted.text,
        extracted.published,
        language,
        exact_key_of_words(words),
        signature_bytes(sketch),
        sketch,
    )

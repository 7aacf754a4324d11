"""The whole pipeline for one item: a page, a text file and a feed entry prepared, others refused."""

from __future__ import annotations

import pytest

from accord.monitoring.text.dedup import NearDuplicates, exact_key, signature_from_bytes
from accord.monitoring.text.errors import TextError
from accord.monitoring.text.extract import extract_fragment
from accord.monitoring.text.pipeline import prepare, prepare_entry
from tests.monitoring.text.texts import ENGLISH, GERMAN, RUSSIAN, fixture


def test_a_page_is_prepared_with_its_language_and_fingerprints():
    prepared = prepare(fixture("article.html"), name="article.html")
    assert prepared.language == "en"
    assert prepared.title == "CSTO forces hold joint exercise in Tajikistan"
    assert prepared.exact_key == exact_key(prepared.text)
    assert signature_from_bytes(prepared.signature).jaccard(prepared.sketch) == 1.0


def test_the_same_story_as_a_page_and_as_a_text_file_is_one_story():
    page = prepare(fixture("article.html"))
    text = prepare(
        ("CSTO forces hold joint exercise in Tajikistan\n\n" + page.text).encode("cp1252"), name="a.txt"
    )
    assert text.exact_key == page.exact_key


def test_a_feed_entry_is_read_plainly_and_found_again_as_a_near_duplicate():
    entry = "".join(f"<p>{part}</p>" for part in RUSSIAN.split("\n\n")) + "<script>x()</script><!-- ad -->"
    prepared = prepare_entry(entry, title="Учения ОДКБ", declared_language="ru")
    assert prepared.language == "ru"
    assert prepared.text.count("\n\n") == 2 and "x()" not in prepared.text
    index = NearDuplicates()
    index.add("entry", prepared.sketch)
    republished = prepare(RUSSIAN.replace("на весну", "на осень").encode("cp1251"), name="copy.txt")
    assert index.find(republished.sketch) == "entry"


def test_a_text_in_another_language_is_refused():
    with pytest.raises(TextError) as refused:
        prepare(GERMAN.encode(), name="story.txt")
    assert refused.value.code == "unsupported-language"


def test_a_fragment_too_short_to_be_an_article_is_no_text():
    with pytest.raises(TextError) as refused:
        extract_fragment("<p>Read more…</p>")
    assert refused.value.code == "no-text"
    assert extract_fragment(f"<div>{ENGLISH}</div>").text.startswith("The joint exercise")

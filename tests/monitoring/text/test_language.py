"""The language of a text, offline: English and Russian read, others refused by name."""

from __future__ import annotations

import pytest

from accord.monitoring.text.errors import TextError
from accord.monitoring.text.language import SUPPORTED, identify, require_supported
from tests.monitoring.text.texts import ENGLISH, GERMAN, RUSSIAN, UKRAINIAN


def test_english_and_russian_are_told():
    assert identify(ENGLISH).code == "en"
    assert identify(RUSSIAN).code == "ru"
    assert identify(RUSSIAN).share > 0.6
    assert "Cyrillic" in identify(RUSSIAN).reason


def test_ukrainian_is_not_taken_for_russian_nor_german_for_english():
    assert identify(UKRAINIAN).code == "uk"
    assert identify(GERMAN).code == "de"


def test_an_english_article_with_a_russian_caption_is_english():
    text = ENGLISH + "\n\nПодпись: учения ОДКБ в Таджикистане."
    assert identify(text).code == "en"


def test_a_text_without_letters_is_no_language():
    guess = identify("2018 — 1500 / 200 !!!")
    assert guess.code == "" and guess.share == 0


def test_supported_languages_are_returned():
    assert SUPPORTED == ("en", "ru")
    assert require_supported(RUSSIAN) == "ru"
    assert require_supported(ENGLISH, declared="ru") == "en"  # the words outweigh a wrong tag


def test_a_declared_language_decides_when_the_words_cannot():
    assert require_supported("CSTO CRRF", declared="en-GB") == "en"


@pytest.mark.parametrize(("text", "named"), [(UKRAINIAN, "uk"), (GERMAN, "de")])
def test_other_languages_are_refused_naming_what_was_found(text, named):
    with pytest.raises(TextError) as refused:
        require_supported(text)
    assert refused.value.code == "unsupported-language"
    assert f"({named}:" in str(refused.value)


def test_a_text_in_no_language_is_refused():
    with pytest.raises(TextError) as refused:
        require_supported("1500 / 200")
    assert refused.value.code == "unsupported-language"

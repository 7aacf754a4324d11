"""Which language a text is in, offline and fast enough to run on every item.

Two steps. The script first: the share of Cyrillic and of Latin letters in a sample of the text
(the first :data:`SAMPLE_CHARS` characters) picks the family, so a text is its majority script (an
English article with a Russian caption stays English). Then the words: simplemma's dictionaries
tell how many of the sample's words are words of each candidate language. The cheap case is tried
first — one dictionary, Accord's own language of that script — and the other candidates (Ukrainian,
Bulgarian; German, French …) are only consulted when it does not clearly win, or, for Cyrillic, when
the letters say it may be Ukrainian (і, ї, є, ґ) or not Russian (no ы or э). simplemma loads a
language's dictionary on its first use (a few seconds each), then keeps it; a 5 KB text then takes
about 0.3 ms.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.utils.translation import gettext_lazy as _

from accord.monitoring.text.errors import TextError

SUPPORTED = ("en", "ru")
CYRILLIC_CANDIDATES = ("ru", "uk", "bg", "mk")
LATIN_CANDIDATES = ("en", "de", "fr", "es", "it", "pl", "tr", "nl", "pt")
SAMPLE_CHARS = 1500
# A language's share of the sample's words it must reach to win with its own dictionary alone.
CLEAR_SHARE = 0.6
# Below this share of words recognised, the text says too little to be sure of any language.
LEAST_SHARE = 0.3
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
UKRAINIAN_LETTERS = re.compile(r"[іїєґІЇЄҐ]")
RUSSIAN_LETTERS = re.compile(r"[ыэЫЭ]")


@dataclass(frozen=True)
class LanguageGuess:
    """A language code (``""`` when none could be told), how sure (the share of words known in it,
    0–1) and why, in words for the item's page."""

    code: str
    share: float
    reason: str


def identify(text: str) -> LanguageGuess:
    """The language of ``text`` (its majority language), from a sample of its start."""
    sample = text[:SAMPLE_CHARS]
    cyrillic = len(CYRILLIC.findall(sample))
    latin = len(LATIN.findall(sample))
    if cyrillic + latin == 0:
        return LanguageGuess("", 0.0, "no Cyrillic or Latin letters")
    if cyrillic >= latin:
        script = f"Cyrillic {cyrillic / (cyrillic + latin):.0%} of letters"
        return _by_words(sample, "ru", CYRILLIC_CANDIDATES, script, _maybe_not_russian(sample))
    script = f"Latin {latin / (cyrillic + latin):.0%} of letters"
    return _by_words(sample, "en", LATIN_CANDIDATES, script, False)


def require_supported(text: str, declared: str = "") -> str:
    """The language of ``text`` when Accord reads it (``en`` or ``ru``); ``unsupported-language`` else.

    What the words say wins when they are clear; ``declared`` (a feed's or a page's own language tag,
    ``ru-RU`` → ``ru``) decides when they are not (a short text, many names).
    """
    guess = identify(text)
    stated = declared.strip().lower().replace("_", "-").split("-")[0]
    if guess.code in SUPPORTED and guess.share >= LEAST_SHARE:
        return guess.code
    if guess.share < LEAST_SHARE and stated in SUPPORTED:
        return stated
    if guess.code and guess.share >= LEAST_SHARE:
        raise TextError(
            "unsupported-language",
            _(
                "The text is in a language Accord does not read (%(found)s: %(reason)s). Accord reads "
                "English and Russian: give a version in one of them."
            ),
            found=guess.code,
            reason=guess.reason,
        )
    raise TextError(
        "unsupported-language",
        _(
            "Accord could not tell the language of this text (%(reason)s). Accord reads English and "
            "Russian: check that the text is one of them and has whole sentences."
        ),
        reason=guess.reason,
    )


def _by_words(sample: str, own: str, candidates: tuple[str, ...], script: str, doubt: bool) -> LanguageGuess:
    if not doubt:
        share = detector((own,)).proportion_in_each_language(sample).get(own, 0.0)
        if share >= CLEAR_SHARE:
            return LanguageGuess(own, round(share, 3), f"{script}; {share:.0%} of words {own}")
    shares = detector(candidates).proportion_in_each_language(sample)
    ranked = sorted(((share, code) for code, share in shares.items() if code != "unk"), reverse=True)
    if not ranked or ranked[0][0] == 0:
        return LanguageGuess("", 0.0, f"{script}; no known words")
    (best, code), runner = ranked[0], ranked[1] if len(ranked) > 1 else (0.0, "")
    return LanguageGuess(
        code, round(best, 3), f"{script}; {best:.0%} of words {code}, {runner[0]:.0%} {runner[1]}"
    )


def _maybe_not_russian(sample: str) -> bool:
    return bool(UKRAINIAN_LETTERS.search(sample)) or not RUSSIAN_LETTERS.search(sample)


@cache
def detector(candidates: tuple[str, ...]) -> Any:
    """simplemma's detector for ``candidates``, its dictionaries shared by every detector."""
    from simplemma import LanguageDetector

    return LanguageDetector(candidates, lemmatization_strategy=_strategy())


@cache
def _strategy() -> Any:
    """Words looked up as written in each language's dictionary of forms: twice as fast as
    simplemma's default (which also tries affixes and hyphens), and as sure on whole sentences."""
    from simplemma.strategies import DictionaryLookupStrategy
    from simplemma.strategies.dictionaries import DefaultDictionaryFactory

    return DictionaryLookupStrategy(dictionary_factory=DefaultDictionaryFactory(cache_max_size=16))

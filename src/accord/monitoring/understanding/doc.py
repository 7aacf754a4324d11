"""A text cut into words once, each with its place in the text and its lemma, for every reader after.

Russian inflects names («в Таджикистане», «учений»): matching on lemmas lets one entry in the place
list or the rules file find every form. Lemmas come from pymorphy3 for Russian (its dictionary, with
guesses for unknown words) and simplemma for English; both work from files installed with them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any, NamedTuple

from razdel import sentenize

# Words as razdel cuts them (``Взаимодействие-2018``, ``1,500``, ``28.06.2019``, ``e-mail`` one word
# each; ``S.V.`` two), punctuation left out: a regular expression does it ten times faster than
# razdel's tokenizer, which is the cost of reading a text once the lemmas are cached.
WORD = re.compile(r"\d+(?:[.,]\d+)+(?:-\w+)*|\w+(?:-\w+)*", re.UNICODE)


class Token(NamedTuple):
    """One word of the text: as written, in lower case, its lemma, and where it stands (a named
    tuple: a text has hundreds of words, and a tuple is made three times faster than a dataclass)."""

    text: str
    lower: str
    lemma: str
    start: int
    stop: int


@dataclass(frozen=True)
class Doc:
    """A text, its language, its words (punctuation left out) and its sentences as spans."""

    text: str
    language: str
    tokens: tuple[Token, ...]
    sentences: tuple[tuple[int, int], ...]

    def lemmas(self) -> list[str]:
        """The lemmas in order."""
        return [token.lemma for token in self.tokens]

    def words_at(self, start: int, stop: int) -> str:
        """The text between two offsets, as written."""
        return self.text[start:stop]

    def sentence_of(self, offset: int) -> tuple[int, int]:
        """The span of the sentence holding ``offset`` (the whole text when none does)."""
        for start, stop in self.sentences:
            if start <= offset < stop:
                return start, stop
        return 0, len(self.text)


@cache
def russian_morphology() -> Any:
    """pymorphy3's analyser, loaded once per process (about a second, 15 MB)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=200_000)
def lemma_of(word: str, language: str) -> str:
    """The dictionary form of a lower-case word (the word itself when nothing better is known)."""
    if language == "ru" and re.search("[а-яё]", word):
        return russian_morphology().parse(word)[0].normal_form.replace("ё", "е")
    if language == "en" and word.isalpha():
        import simplemma

        return simplemma.lemmatize(word, lang="en").lower()
    return word


def make_doc(text: str, language: str) -> Doc:
    """Cut ``text`` into words and sentences and find each word's lemma."""
    tokens = tuple(
        Token(word, lower, lemma_of(lower, language), found.start(), found.end())
        for found in WORD.finditer(text)
        for word in (found.group(),)
        for lower in (word.lower(),)
    )
    sentences = tuple((piece.start, piece.stop) for piece in sentenize(text))
    return Doc(text, language, tokens, sentences)

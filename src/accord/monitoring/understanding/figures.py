"""Figures a text gives: "about 600 people", «320 млн рублей», "over 4 tonnes of drugs".

A figure is a number (digits with their thousands written either way, or a small number in words),
perhaps scaled (thousand, млн), perhaps qualified before it (about, более, up to), followed — after at
most two other words — by a unit of the bilingual vocabulary in ``data/csto/monitoring/units.yaml``.
A number with no unit is not a figure: years, dates, times, article numbers are left out that way;
ordinals (65th, 18-летие), parts of names (Interaction-2020), ranges (2021–2025) and percentages by
their form. Each figure is about the operation tagged in its sentence, else the category with the most
words there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from accord.core.ingest import load_yaml_data
from accord.monitoring.understanding.categories import phrase_at
from accord.monitoring.understanding.doc import Doc, Token
from accord.monitoring.understanding.rulebook import LANGUAGES, Phrase, phrase_of
from accord.monitoring.understanding.shapes import Figure, Tag

UNITS_FILE = Path(__file__).resolve().parents[2] / "data" / "csto" / "monitoring" / "units.yaml"
MAX_FILLERS = 2
DIGITS = re.compile(
    r"(?<![\w.,:/–-])"
    r"(\d{1,3}(?:(?:,|[  \u202f])\d{3})+(?![\d])|\d+(?:[.,]\d+)?)"
    r"(?![\w%:/]|[.,]\d|[-–]\w|\s*%|\s*(?:percent|per cent|процент))"
)
SCALES = {
    "thousand": 1e3,
    "тысяча": 1e3,
    "тыс": 1e3,
    "million": 1e6,
    "mln": 1e6,
    "миллион": 1e6,
    "млн": 1e6,
    "billion": 1e9,
    "bln": 1e9,
    "миллиард": 1e9,
    "млрд": 1e9,
}
WORD_NUMBERS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10,
    "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "hundred": 100, "hundreds": 0,
    "два": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7, "восемь": 8, "девять": 9,
    "десять": 10, "одиннадцать": 11, "двенадцать": 12, "пятнадцать": 15, "двадцать": 20, "тридцать": 30,
    "сорок": 40, "пятьдесят": 50, "сто": 100, "двести": 200, "триста": 300, "пятьсот": 500,
}  # fmt: skip
QUALIFIERS = {
    "about": [
        "about", "around", "approximately", "some", "nearly", "almost", "roughly",
        "около", "порядка", "примерно", "приблизительно", "почти",
    ],
    "more-than": [
        "more than", "over", "above", "in excess of", "at least",
        "более", "свыше", "больше", "не менее", "более чем", "не меньше",
    ],
    "less-than": ["less than", "fewer than", "under", "below", "менее", "меньше", "не более чем"],
    "up-to": ["up to", "as many as", "до", "не более", "вплоть до"],
}  # fmt: skip
YEAR_BEFORE = {"in", "since", "until", "by", "from", "of", "в", "с", "до", "к", "по", "от", "за", "году"}
FILLER_STOP = {
    "of", "and", "or", "to", "in", "on", "at", "from", "for", "by", "the", "a", "with", "year", "years",
    "и", "или", "в", "на", "с", "по", "из", "к", "от", "за", "год", "г", "лет",
}  # fmt: skip


@dataclass(frozen=True)
class Vocabulary:
    """Units by key with their phrases per language, and qualifier phrases per language."""

    units: dict[str, dict[str, tuple[Phrase, ...]]]
    qualifiers: dict[str, dict[str, tuple[Phrase, ...]]]


def lemmatised(words: dict[str, list[str]]) -> dict[str, tuple[Phrase, ...]]:
    """Phrases per language as lemmas (a qualifier list serves both languages)."""
    return {language: tuple(phrase_of(text, language) for text in words[language]) for language in LANGUAGES}


@cache
def vocabulary() -> Vocabulary:
    """The shipped unit vocabulary, lemmatised once per process."""
    data = load_yaml_data(UNITS_FILE)["units"]
    units = {key: lemmatised(words) for key, words in data.items()}
    qualifiers = {key: lemmatised(dict.fromkeys(LANGUAGES, texts)) for key, texts in QUALIFIERS.items()}
    return Vocabulary(units, qualifiers)


@dataclass(frozen=True)
class Number:
    """A number found in the text: its value and the tokens it spans (first, last+1)."""

    value: float
    first: int
    last: int


def number_at_offsets(doc: Doc) -> dict[int, tuple[float, int]]:
    """Numbers written in digits: by the index of their first token, (value, end offset in the text)."""
    starts = {token.start: index for index, token in enumerate(doc.tokens)}
    found: dict[int, tuple[float, int]] = {}
    for match in DIGITS.finditer(doc.text):
        index = starts.get(match.start())
        if index is None:
            continue
        written = match.group(1)
        found[index] = (digits_value(written, doc.language), match.end())
    return found


def digits_value(written: str, language: str) -> float:
    """``1,500`` / ``1 500`` → 1500; ``2.5`` / ``2,5`` → 2.5 (a comma before three digits groups thousands
    in English; in Russian a comma is the decimal mark)."""
    compact = re.sub(r"[  \u202f]", "", written)
    if re.fullmatch(r"\d{1,3}(,\d{3})+", compact) and language == "en":
        return float(compact.replace(",", ""))
    return float(compact.replace(",", "."))


def read_number(doc: Doc, index: int, digits: dict[int, tuple[float, int]]) -> Number | None:
    """The number starting at token ``index`` (digits or a word), with a scale word after it."""
    tokens = doc.tokens
    if index in digits:
        value, end = digits[index]
        last = index
        while last + 1 < len(tokens) and tokens[last + 1].stop <= end:
            last += 1
        last += 1
    elif WORD_NUMBERS.get(tokens[index].lemma):
        value, last = float(WORD_NUMBERS[tokens[index].lemma]), index + 1
    else:
        return None
    if last < len(tokens) and tokens[last].lemma.rstrip(".") in SCALES:
        value *= SCALES[tokens[last].lemma.rstrip(".")]
        last += 1
    return Number(value, index, last)


RANGE_WORDS = {"to", "or", "and", "до", "или", "и", "-", "–"}


def ends_a_range(doc: Doc, index: int, digits: dict[int, tuple[float, int]]) -> bool:
    """Whether the number at ``index`` closes a range ("six to eight", «от 5 до 10»): not one figure."""
    if index < 2 or doc.tokens[index - 1].lower not in RANGE_WORDS:
        return False
    before = doc.tokens[index - 2]
    return (index - 2) in digits or before.lemma in WORD_NUMBERS or before.text.isdigit()


def looks_like_year(doc: Doc, number: Number) -> bool:
    """A bare four-digit number from 1900 to 2099 after "in", «в», «до» … is a year, not a count."""
    token = doc.tokens[number.first]
    if not (token.text.isdigit() and len(token.text) == 4 and 1900 <= int(token.text) <= 2099):
        return False
    return number.first > 0 and doc.tokens[number.first - 1].lower in YEAR_BEFORE


def punctuation_between(doc: Doc, at: int) -> bool:
    """Whether punctuation stands between word ``at`` and the one before (the dot of «тыс.» aside)."""
    gap = doc.text[doc.tokens[at - 1].stop : doc.tokens[at].start].strip()
    return bool(gap) and not (gap == "." and doc.tokens[at - 1].lemma in SCALES)


def unit_after(doc: Doc, start: int) -> tuple[str, int] | None:
    """The unit named at ``start`` or after at most two other words: its key and the token after it."""
    tokens = doc.tokens
    units = vocabulary().units
    for skip in range(MAX_FILLERS + 1):
        at = start + skip
        if at >= len(tokens):
            return None
        if punctuation_between(doc, at):  # another phrase
            return None
        best: tuple[int, str] | None = None
        for key, phrases in units.items():
            for phrase in phrases[doc.language]:
                if phrase_at(tokens, at, phrase) and (best is None or len(phrase) > best[0]):
                    best = (len(phrase), key)
        if best is not None:
            return best[1], at + best[0]
        token = tokens[at]
        if not token.text.isalpha() or token.lemma in FILLER_STOP or token.lemma in WORD_NUMBERS:
            return None
    return None


def qualifier_before(doc: Doc, index: int) -> tuple[str, int]:
    """The qualifier written just before token ``index`` (``""`` when none) and where it begins."""
    best = ("", index)
    for key, phrases in vocabulary().qualifiers.items():
        for phrase in phrases[doc.language]:
            first = index - len(phrase)
            if first >= 0 and phrase_at(doc.tokens, first, phrase) and first < best[1]:
                best = (key, first)
    return best


def tags_in(tags: list[Tag], start: int, stop: int) -> list[tuple[Tag, int]]:
    """The tags with words in the span, each with how many."""
    counted = []
    for tag in tags:
        count = sum(1 for span in tag.spans if start <= span[0] < stop)
        if count:
            counted.append((tag, count))
    return counted


def about_of(doc: Doc, tags: list[Tag], offset: int) -> str:
    """The operation tagged in the sentence at ``offset``, else the category with the most words there."""
    start, stop = doc.sentence_of(offset)
    present = tags_in(tags, start, stop)
    for tag, _count in present:
        if tag.kind == "operation":
            return tag.key
    categories = [(count, tag.key) for tag, count in present if tag.kind == "category"]
    if not categories:
        return ""
    best = max(count for count, _key in categories)
    return next(key for count, key in categories if count == best)


def find_figures(doc: Doc, tags: list[Tag]) -> list[Figure]:
    """Every figure of the text, in order, with its unit, qualifier and what it is about."""
    digits = number_at_offsets(doc)
    found: list[Figure] = []
    index = 0
    while index < len(doc.tokens):
        number = read_number(doc, index, digits)
        counts = number and not looks_like_year(doc, number) and not ends_a_range(doc, index, digits)
        unit = unit_after(doc, number.last) if counts else None
        if number is None or unit is None or number.value <= 0:
            index += 1
            continue
        qualifier, first = qualifier_before(doc, index)
        start, stop = doc.tokens[first].start, doc.tokens[unit[1] - 1].stop
        found.append(
            Figure(
                value=number.value,
                unit=unit[0],
                about=about_of(doc, tags, doc.tokens[index].start),
                qualifier=qualifier,
                words=doc.text[start:stop],
                span=(start, stop),
            )
        )
        index = unit[1]
    return found


def figure_tokens(doc: Doc, figure: Figure) -> list[Token]:
    """The words of a figure (for highlighting)."""
    return [token for token in doc.tokens if figure.span[0] <= token.start < figure.span[1]]

"""No dossiers on private persons: every person's name is taken out of a text before it is stored.

The texts in the database, the search index and the tags then hold no person's name; a public
official keeps the post ("Secretary General [name]", tagged ``post:secretary-general``).

Russian names are slovnet's PER spans. English has no model here, so names are found by rules:

- one to three capitalised words after a title or a post ("Mr", "President", "Minister", "General",
  "spokesman", "Secretary General" …);
- words starting with a given name of the shipped list (``given-names.yaml``), with the capitalised
  words after it ("Valery Semerikov", "Valery Anatolyevich");
- patronymics (…ovich, …evna; …ович, …евна) and initials ("V. A. Semerikov", "S.V. Zas");
- then every other mention of a surname found so ("Semerikov said").

The given-name and patronymic rules run on Russian too, behind the model. A name of the lexicon
(a state, a place, a body, a post, a training, an operation) is never removed: "Brotherhood" is not
a person and "Georgia" is a state.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils import translation
from django.utils.translation import gettext

from accord.monitoring.understanding.doc import Doc, Token, make_doc
from accord.monitoring.understanding.lexicon import Lexicon, Match, is_acronym, shipped_lexicon
from accord.monitoring.understanding.ner import Span, remember_spans, russian_spans

Range = tuple[int, int]

PATRONYMIC = re.compile(
    r"^[A-ZА-ЯЁ][a-zа-яё]+(?:ovich|evich|ovna|evna|ichna|ович|евич|овн|евн|ичн)[a-zа-яё]{0,3}$"
)
INITIALS = re.compile(r"\b(?:[A-ZА-ЯЁ]\.\s?){1,2}(?=[A-ZА-ЯЁ][a-zа-яё])")
TRAILING_INITIALS = re.compile(r"(?<=[a-zа-яё]) (?:[A-ZА-ЯЁ]\.\s?[A-ZА-ЯЁ]\.)")
MAX_NAME_WORDS = 3
ABBREVIATED_TITLES = frozenset({"mr", "mrs", "ms", "dr", "prof", "gen", "col", "lt", "г-н", "г-жа"})
EN_TITLES_WORDS = """
    mr mrs ms miss dr prof professor president minister general colonel col gen lt lieutenant major
    captain admiral marshal sergeant chairman chairwoman chairperson spokesman spokeswoman spokesperson
    secretary secretary-general ambassador commander director deputy envoy premier senator governor
    mayor ombudsman chief emir sheikh king queen prince
"""
EN_TITLES = frozenset(EN_TITLES_WORDS.split())
RU_TITLES_WORDS = """
    президент министр генерал полковник подполковник генерал-лейтенант генерал-майор генерал-полковник
    председатель секретарь посол командующий глава руководитель генсек генсекретарь премьер
    премьер-министр замминистра директор господин госпожа
"""
RU_TITLES = frozenset(RU_TITLES_WORDS.split())
NOT_NAMES_WORDS = """
    the a an in on at of and for to from with by as he she it they we i you this that these those his
    her their our its but or if when while after before during since also however then there here so
    ministry minister council committee staff assembly army forces force state states republic
    federation organization organisation union nations treaty security defence defense affairs office
    general secretary deputy acting chairman president prime chief commander service agency centre
    center department government parliament day group mission delegation headquarters january february
    march april may june july august september october november december monday tuesday wednesday
    thursday friday saturday sunday в на по с и но а это он она они мы я вы его ее их наш совет комитет
    министерство управление служба штаб агентство центр организация республика федерация государство
    правительство парламент ассамблея миссия делегация группа
"""
NOT_NAMES = frozenset(NOT_NAMES_WORDS.split())


@dataclass(frozen=True)
class Redacted:
    """A text with every person's name replaced, how many names were replaced, and where they stood
    in the original text (so that offsets found later can be mapped back)."""

    text: str
    count: int
    removed: tuple[Range, ...] = ()


def name_placeholder(language: str) -> str:
    """What stands in a text where a person's name was ("[name]", «[имя]»)."""
    with translation.override(language):
        return gettext("[name]")


@cache
def given_names(language: str) -> frozenset[str]:
    """The shipped given names of one language, in lower case."""
    from accord.monitoring.understanding.datafiles import given_names_file

    names = getattr(given_names_file(), language)
    return frozenset(name.lower().replace("ё", "е") for name in names)


def remove_person_names(
    text: str,
    language: str,
    *,
    lexicon: Lexicon | None = None,
    spans: list[Span] | None = None,
    doc: Doc | None = None,
    matches: list[Match] | None = None,
) -> Redacted:
    """``text`` with each person's name replaced by :func:`name_placeholder`.

    ``lexicon`` says which words are never names (the shipped files' lexicon when None); ``spans``
    are slovnet's spans of a Russian text when the caller has them; ``doc`` the text already cut and
    ``matches`` the lexicon's matches in it, when the caller has them too (each is found once).
    """
    doc = doc or make_doc(text, language)
    lexicon = lexicon or shipped_lexicon()
    if matches is None:
        matches = lexicon.match(doc)
    protected = {index for match in matches for index in range(match.token_start, match.token_stop)}
    finder = NameFinder(doc, protected)
    if language == "ru":
        if spans is None:
            spans = russian_spans(text)
        finder.add_spans(span for span in spans if span.type == "PER")
    finder.find()
    ranges = merged(doc.text, finder.ranges())
    redacted = replaced(doc.text, ranges, name_placeholder(language))
    if language == "ru" and spans is not None:
        remember_spans(redacted.text, shifted_spans(spans, ranges, len(name_placeholder(language))))
    return redacted


class NameFinder:
    """The tokens of a text that are persons' names, gathered rule by rule."""

    def __init__(self, doc: Doc, protected: set[int]) -> None:
        self.doc = doc
        self.protected = protected
        self.found: set[int] = set()
        self.surnames: set[str] = set()
        self.sentence_starts = {start for start, _ in doc.sentences}
        self.given = given_names(doc.language)
        self.titles = RU_TITLES if doc.language == "ru" else EN_TITLES

    def add_spans(self, spans: object) -> None:
        """The tokens inside the model's PER spans; their last words are surnames to look for again."""
        for span in spans:  # type: ignore[attr-defined]
            inside = [i for i, token in enumerate(self.doc.tokens) if span.start <= token.start < span.stop]
            self.take(inside, surname=True)

    def find(self) -> None:
        """Every rule, then every other mention of the surnames found."""
        tokens = self.doc.tokens
        for index, token in enumerate(tokens):
            if self.is_title_word(index) and not self.is_title_word(index + 1):
                self.take_after_title(index)
            if index in self.protected or index in self.found:
                continue
            if self.is_given_name(index) or PATRONYMIC.match(token.text):
                self.take_name_from(index)
        self.take_initials()
        self.take_surnames_again()

    def is_given_name(self, index: int) -> bool:
        token = self.doc.tokens[index]
        if not token.text[:1].isupper() or is_acronym(token.text):
            return False
        known = token.lower.replace("ё", "е") in self.given or token.lemma in self.given
        if not known:
            return False
        # A given name alone at the start of a sentence may be a word ("Vera", «Надежда»).
        return token.start not in self.sentence_starts or self.could_be_name(index + 1)

    def could_be_name(self, index: int) -> bool:
        """A capitalised word, not a known name, not a common word, in the same sentence."""
        if index >= len(self.doc.tokens) or index in self.protected:
            return False
        token = self.doc.tokens[index]
        return (
            token.text[:1].isupper()
            and not is_acronym(token.text)
            and token.lower not in NOT_NAMES
            and token.lemma not in NOT_NAMES
            and token.start not in self.sentence_starts
        )

    def take_name_from(self, index: int) -> None:
        """A given name or patronymic and the capitalised words after it (the whole name)."""
        run = [index]
        while len(run) < MAX_NAME_WORDS and self.could_be_name(run[-1] + 1) and self.adjacent(run[-1]):
            run.append(run[-1] + 1)
        self.take(run, surname=len(run) > 1)

    def take_after_title(self, index: int) -> None:
        """Up to three capitalised words after a title (past one known name, as "Secretary General
        CSTO"); a title followed by a lower-case word or the end of the sentence names nobody."""
        position = index + 1
        if position >= len(self.doc.tokens) or not self.adjacent(index, after_title=True):
            return
        while position in self.protected and position + 1 < len(self.doc.tokens) and self.adjacent(position):
            position += 1
        run: list[int] = []
        while (
            len(run) < MAX_NAME_WORDS
            and self.could_be_name(position)
            and not self.is_title_word(position)
            and (not run or self.adjacent(run[-1]))
        ):
            run.append(position)
            position += 1
        self.take(run, surname=True)

    def is_title_word(self, index: int) -> bool:
        if index >= len(self.doc.tokens):
            return False
        token = self.doc.tokens[index]
        return (
            token.lower in self.titles or token.lemma in self.titles or token.lower in ("acting", "general")
        )

    def adjacent(self, index: int, *, after_title: bool = False) -> bool:
        """Whether only spaces on one line (or an abbreviated title's dot: "Mr. ") stand between a
        token and the next."""
        tokens = self.doc.tokens
        if index + 1 >= len(tokens):
            return False
        gap = self.doc.text[tokens[index].stop : tokens[index + 1].start]
        if after_title and tokens[index].lower in ABBREVIATED_TITLES:
            gap = gap.removeprefix(".")
        return not gap.strip() and "\n" not in gap

    def take_initials(self) -> None:
        """ "V. A. Semerikov", "S.V. Zas", "Semerikov V.A."."""
        starts = {token.start: index for index, token in enumerate(self.doc.tokens)}
        for found in INITIALS.finditer(self.doc.text):
            index = starts.get(found.end())
            if (index is not None and self.could_be_name(index)) or (
                index is not None and index in self.found
            ):
                self.take(
                    [i for i, t in enumerate(self.doc.tokens) if found.start() <= t.start < found.end()]
                )
                self.take([index], surname=True)
        for found in TRAILING_INITIALS.finditer(self.doc.text):
            before = [i for i, token in enumerate(self.doc.tokens) if token.stop == found.start()]
            if before and self.could_be_name(before[0]):
                inside = [i for i, t in enumerate(self.doc.tokens) if found.start() <= t.start < found.end()]
                self.take(before + inside)
                self.take(before, surname=True)

    def take_surnames_again(self) -> None:
        """Every other capitalised mention of a surname found (in any of its forms)."""
        for index, token in enumerate(self.doc.tokens):
            if (
                index not in self.protected
                and token.text[:1].isupper()
                and surname_key(token) in self.surnames
            ):
                self.found.add(index)

    def take(self, indices: list[int], *, surname: bool = False) -> None:
        indices = [index for index in indices if index not in self.protected]
        self.found.update(indices)
        if surname and indices:
            last = self.doc.tokens[indices[-1]]
            if last.lower.replace("ё", "е") not in self.given and not PATRONYMIC.match(last.text):
                self.surnames.add(surname_key(last))

    def ranges(self) -> list[Range]:
        return [(self.doc.tokens[index].start, self.doc.tokens[index].stop) for index in sorted(self.found)]


def shifted_spans(spans: list[Span], ranges: list[Range], placeholder: int) -> list[Span]:
    """The places and organizations of the text, where they stand once the names are replaced (a span
    that held a name is dropped), so that the model need not run again on the text without names."""
    result = []
    for span in spans:
        if span.type == "PER" or any(start < span.stop and span.start < stop for start, stop in ranges):
            continue
        shift = sum(placeholder - (stop - start) for start, stop in ranges if stop <= span.start)
        result.append(Span(span.type, span.start + shift, span.stop + shift))
    return result


def surname_key(token: Token) -> str:
    """A surname as looked for again: its lemma (Russian inflects), without an English ``'s``."""
    return re.sub(r"['’]s$", "", token.lemma)


def merged(text: str, ranges: list[Range]) -> list[Range]:
    """Ranges of one name joined: only spaces, or an initial's dot, between them."""
    result: list[Range] = []
    for start, stop in sorted(ranges):
        if result:
            gap = text[result[-1][1] : start]
            after_initial = re.search(r"(^|[.\s])\w$", text[result[-1][0] : result[-1][1]]) and re.fullmatch(
                r"\.\s?", gap
            )
            if not gap.strip() or after_initial:
                result[-1] = (result[-1][0], max(stop, result[-1][1]))
                continue
        result.append((start, stop))
    return [trailing_dot(text, start, stop) for start, stop in result]


def trailing_dot(text: str, start: int, stop: int) -> Range:
    """An initial's dot belongs to the name ("Semerikov V.A." loses the last dot too)."""
    if stop - start >= 1 and text[stop : stop + 1] == "." and re.search(r"(^|[\s.])\w$", text[start:stop]):
        return start, stop + 1
    return start, stop


def replaced(text: str, ranges: list[Range], placeholder: str) -> Redacted:
    """The text with each range replaced by the placeholder."""
    pieces: list[str] = []
    position = 0
    for start, stop in ranges:
        pieces += [text[position:start], placeholder]
        position = stop
    pieces.append(text[position:])
    return Redacted("".join(pieces), len(ranges), tuple(ranges))

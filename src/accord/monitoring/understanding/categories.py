"""Threat categories by rules that explain themselves, MedISys-style, over lemmas.

A rule fires in a sentence holding one of its ``any`` terms, every one of its ``all`` terms and none of
its ``none`` terms (or when an entity tag it names was found: ``operation:channel`` implies drug
trafficking). A category is tagged when the summed weight of its fired rules reaches its threshold;
the tag names every rule that fired (``rules:terrorism/1+terrorism/3``) and the words that made it.

The rules in force are the last version saved on the rules page, or the shipped file as version 0.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from accord.monitoring.understanding.doc import Doc, Token
from accord.monitoring.understanding.rulebook import Phrase, Rule, Rules, parse_rules, shipped_rules_text
from accord.monitoring.understanding.shapes import Tag

__all__ = ["Rules", "find_categories", "parse_rules", "rules_in_force"]

Span = tuple[int, int]


@dataclass(frozen=True)
class Firing:
    """One rule that fired: the words and where they stand."""

    rule: Rule
    words: tuple[str, ...]
    spans: tuple[Span, ...]


def phrase_at(tokens: tuple[Token, ...], index: int, phrase: Phrase) -> bool:
    """Whether ``phrase`` (lemmas, the last perhaps a ``prefix*``) starts at ``tokens[index]``."""
    if index + len(phrase) > len(tokens):
        return False
    for offset, wanted in enumerate(phrase):
        token = tokens[index + offset]
        if wanted.startswith("="):
            if token.lower != wanted[1:]:
                return False
        elif wanted.endswith("*"):
            stem = wanted[:-1]
            if not (token.lemma.startswith(stem) or token.lower.startswith(stem)):
                return False
        elif token.lemma != wanted and token.lower != wanted:
            return False
    return True


@dataclass(frozen=True)
class Sentence:
    """A sentence's words, and where each lemma and each word as written stands (to find terms fast)."""

    tokens: tuple[Token, ...]
    positions: dict[str, tuple[int, ...]]


def sentence_of_tokens(tokens: tuple[Token, ...]) -> Sentence:
    positions: dict[str, list[int]] = {}
    for index, token in enumerate(tokens):
        positions.setdefault(token.lemma, []).append(index)
        if token.lower != token.lemma:
            positions.setdefault(token.lower, []).append(index)
    return Sentence(tokens, {key: tuple(found) for key, found in positions.items()})


def candidates(sentence: Sentence, first: str) -> Iterable[int]:
    """Where a phrase beginning with ``first`` may start."""
    if first.endswith("*"):
        return range(len(sentence.tokens))
    return sentence.positions.get(first.removeprefix("="), ())


def occurrences(sentence: Sentence, phrases: Iterable[Phrase]) -> list[Span]:
    """Every place in the sentence where one of ``phrases`` stands, as (first, last+1) token indexes."""
    found = []
    for phrase in phrases:
        for index in candidates(sentence, phrase[0]):
            if phrase_at(sentence.tokens, index, phrase):
                found.append((index, index + len(phrase)))
    return sorted(found)


def sentence_tokens(doc: Doc) -> list[Sentence]:
    """The doc's words grouped by sentence."""
    groups: list[list[Token]] = [[] for _ in doc.sentences] or [[]]
    bounds = list(doc.sentences) or [(0, len(doc.text))]
    position = 0
    for token in doc.tokens:
        while position < len(bounds) - 1 and token.start >= bounds[position][1]:
            position += 1
        groups[position].append(token)
    return [sentence_of_tokens(tuple(group)) for group in groups if group]


def may_occur(phrases: Iterable[Phrase], present: set[str]) -> bool:
    """Whether the first word of one of ``phrases`` is anywhere in the text (``present``: its lemmas
    and lower-case words): most rules' words are not, and are then looked for once, not per sentence."""
    return any(phrase[0].endswith("*") or phrase[0].removeprefix("=") in present for phrase in phrases)


def words_present(sentences: list[Sentence]) -> set[str]:
    """Every lemma and lower-case word of the text."""
    return {word for sentence in sentences for word in sentence.positions}


def fire_terms(
    rule: Rule, doc: Doc, sentences: list[Sentence], present: set[str] | None = None
) -> Firing | None:
    """The rule's matches by its terms in the doc's language, sentence by sentence (None: no match)."""
    terms = rule.terms.get(doc.language)
    if terms is None or not terms.any:
        return None
    if not may_occur(terms.any, words_present(sentences) if present is None else present):
        return None
    words: list[str] = []
    spans: list[Span] = []
    for sentence in sentences:
        found = occurrences(sentence, terms.any)
        if not found or (terms.none and occurrences(sentence, terms.none)):
            continue
        if any(not occurrences(sentence, (phrase,)) for phrase in terms.all):
            continue
        tokens = sentence.tokens
        for first, last in found:
            spans.append((tokens[first].start, tokens[last - 1].stop))
            words.append(doc.text[tokens[first].start : tokens[last - 1].stop])
    if not spans:
        return None
    return Firing(rule, tuple(dict.fromkeys(words)), tuple(spans))


def tag_matches(pattern: str, tag: Tag) -> bool:
    kind, _, key = pattern.partition(":")
    return tag.kind == kind and (key == "*" or tag.key == key)


def fire_tags(rule: Rule, tags: list[Tag]) -> Firing | None:
    """The rule's firing from the entity tags it names (their words), None when none was found."""
    found = [tag for tag in tags if any(tag_matches(pattern, tag) for pattern in rule.tags)]
    if not found:
        return None
    words = tuple(dict.fromkeys(word for tag in found for word in tag.words))
    spans = tuple(span for tag in found for span in tag.spans)
    return Firing(rule, words, spans)


def fire(
    rule: Rule, doc: Doc, sentences: list[Sentence], tags: list[Tag], present: set[str] | None = None
) -> Firing | None:
    """A rule fires by its terms, or else by its tags."""
    return fire_terms(rule, doc, sentences, present) or (fire_tags(rule, tags) if rule.tags else None)


def category_tag(key: str, firings: list[Firing]) -> Tag:
    """One category tag naming every rule that fired and every word that made it."""
    spans = sorted({span for firing in firings for span in firing.spans})
    words = tuple(dict.fromkeys(word for firing in firings for word in firing.words))
    return Tag(
        kind="category",
        key=key,
        rule="rules:" + "+".join(firing.rule.name for firing in firings),
        words=words,
        spans=tuple(spans),
        score=round(sum(firing.rule.weight for firing in firings), 3),
    )


def find_categories(doc: Doc, rules: Rules, tags: list[Tag]) -> list[Tag]:
    """The categories whose fired rules weigh at least their threshold, each with its rules and words."""
    sentences = sentence_tokens(doc)
    present = words_present(sentences)
    found = []
    for category in rules.categories:
        firings = [
            firing
            for rule in rules.rules_of(category.key)
            if (firing := fire(rule, doc, sentences, tags, present))
        ]
        if firings and sum(firing.rule.weight for firing in firings) >= category.threshold - 1e-9:
            found.append(category_tag(category.key, firings))
    return found


# ---------------------------------------------------------------------------------------------
# The rules in force
# ---------------------------------------------------------------------------------------------

_PARSED: dict[tuple[int, str], Rules] = {}


def rules_of_version(number: int, text: str, saved_at: str = "") -> Rules:
    """The parsed rules of one version (parsed once per process; a version is known by its number and
    the moment it was saved, so a database rebuilt under a running process is never mistaken)."""
    key = (number, saved_at)
    if key not in _PARSED:
        _PARSED[key] = parse_rules(text, file_name=f"rules v{number}" if number else "rules.yaml")
    return _PARSED[key]


def rules_in_force() -> tuple[int, Rules]:
    """The version number and rules in force: the last saved version, or the shipped file as version 0."""
    from accord.core.access import SYSTEM_USER
    from accord.monitoring.models import RulesVersion

    versions = RulesVersion.objects.restrict(SYSTEM_USER).order_by("-number")
    last = versions.values_list("number", "saved_at").first()
    if last is None:
        return 0, rules_of_version(0, shipped_rules_text())
    number, saved_at = last[0], last[1].isoformat()
    if (number, saved_at) not in _PARSED:
        text = versions.filter(number=number).values_list("text", flat=True).first() or ""
        return number, rules_of_version(number, text, saved_at)
    return number, _PARSED[(number, saved_at)]


def forget_parsed() -> None:
    """Drop the parsed versions (tests)."""
    _PARSED.clear()

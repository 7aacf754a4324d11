"""The category rules file read into plain objects, or refused whole with file, line and field.

Analysts edit the file on a page; a mistake in one rule must never leave half a rule set in force, so
every problem is collected and the file is refused with all of them (``FILE:LINE: field: reason``,
as every input file of Accord is, through :mod:`accord.core.ingest`).

Terms are written as words in either form (``terrorists``, «террористов»); they are cut and lemmatised
here the same way a text is (:mod:`.doc`), so one entry matches every inflected form. A word ending in
``*`` matches every lemma that begins with it (``наркотрафик*``); a term beginning with ``=`` matches
only the words as written (``=trainings``: the plural, which in the CSTO's English means exercises).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from razdel import tokenize

from accord.core.ingest import FileProblem, InputFileError, MarkedYaml, dotted, read_text
from accord.monitoring.understanding.doc import WORD, lemma_of
from accord.monitoring.understanding.shapes import TAG_KINDS

LANGUAGES = ("en", "ru")
SHIPPED_RULES = Path(__file__).resolve().parents[2] / "data" / "csto" / "monitoring" / "rules.yaml"
MAX_RULES_BYTES = 512 * 1024
TOP_KEYS = {"categories"}
CATEGORY_KEYS = {"key", "name", "description", "threshold", "rules"}
RULE_KEYS = {"id", "en", "ru", "weight", "tags"}
TERM_KEYS = {"any", "all", "none"}

Phrase = tuple[str, ...]  # lemmas; the last may end in "*"; "=word" is a word as written


@dataclass(frozen=True)
class Terms:
    """What a rule looks for in one language: one of ``any``, all of ``all``, none of ``none``."""

    any: tuple[Phrase, ...] = ()
    all: tuple[Phrase, ...] = ()
    none: tuple[Phrase, ...] = ()
    written: dict[str, tuple[str, ...]] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Rule:
    """One rule of a category: terms per language and/or entity tags that imply it, and its weight."""

    category: str
    id: str
    terms: dict[str, Terms]
    tags: tuple[str, ...] = ()
    weight: float = 1.0

    @property
    def name(self) -> str:
        """``terrorism/1``: how a tag names the rule."""
        return f"{self.category}/{self.id}"


@dataclass(frozen=True)
class Category:
    """A threat category: its names and description in both languages and its threshold."""

    key: str
    name: dict[str, str]
    description: dict[str, str]
    threshold: float = 1.0


@dataclass(frozen=True)
class Rules:
    """A whole rules file, parsed: the categories in order and every rule."""

    categories: tuple[Category, ...]
    rules: tuple[Rule, ...]
    text: str = field(default="", compare=False, repr=False)

    def rules_of(self, category: str) -> list[Rule]:
        return [rule for rule in self.rules if rule.category == category]


def phrase_of(text: str, language: str) -> Phrase:
    """A term's lemmas, cut and lemmatised as a text would be (a trailing ``*`` kept as a prefix mark)."""
    star = text.strip().endswith("*")
    exact = text.strip().startswith("=")
    words = [piece.text.lower() for piece in tokenize(text.strip().strip("=*")) if WORD.search(piece.text)]
    if exact:
        return tuple(f"={word}" for word in words)
    lemmas = [lemma_of(word, language) for word in words]
    if star and lemmas:
        lemmas[-1] = words[-1] + "*"
    return tuple(lemmas)


class RulesReader:
    """Reads the marked YAML into :class:`Rules`, collecting every problem with its line."""

    def __init__(self, marked: MarkedYaml) -> None:
        self.marked = marked
        self.problems: list[FileProblem] = []
        self.category_keys: set[str] = set()

    def problem(self, path: tuple[str | int, ...], message: str) -> None:
        self.problems.append(FileProblem(self.marked.file, self.marked.line_of(path), dotted(path), message))

    def unknown_keys(self, value: dict, allowed: set[str], path: tuple[str | int, ...]) -> None:
        for key in value:
            if key not in allowed:
                self.problem((*path, key), f"unknown field (expected one of {', '.join(sorted(allowed))})")

    def mapping(self, value: Any, path: tuple[str | int, ...], what: str) -> dict | None:
        if not isinstance(value, dict):
            self.problem(path, f"expected {what} (a mapping)")
            return None
        return value

    def text_list(self, value: Any, path: tuple[str | int, ...]) -> list[str]:
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            self.problem(path, "expected a list of words or phrases")
            return []
        return value

    def bilingual(self, value: Any, path: tuple[str | int, ...]) -> dict[str, str]:
        found = self.mapping(value, path, "en: and ru: texts")
        if found is None:
            return {}
        self.unknown_keys(found, set(LANGUAGES), path)
        for language in LANGUAGES:
            if not isinstance(found.get(language), str) or not found[language].strip():
                self.problem((*path, language), "required text is missing")
        return {language: str(found.get(language) or "") for language in LANGUAGES}

    def number(self, value: Any, path: tuple[str | int, ...], default: float) -> float:
        if value is None:
            return default
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1.0
        if not 0 < number <= 100:
            self.problem(path, f"{value!r} is not a number between 0 and 100")
            return default
        return number

    def read(self) -> Rules:
        top = self.mapping(self.marked.value, (), "categories:")
        if top is None:
            raise InputFileError(self.problems)
        self.unknown_keys(top, TOP_KEYS, ())
        listed = top.get("categories")
        if not isinstance(listed, list) or not listed:
            self.problem(("categories",), "expected a list of categories")
            raise InputFileError(self.problems)
        categories, rules = [], []
        for index, value in enumerate(listed):
            read = self.category(value, ("categories", index))
            if read is not None:
                categories.append(read[0])
                rules.extend(read[1])
        if self.problems:
            raise InputFileError(self.problems)
        return Rules(tuple(categories), tuple(rules))

    def category(self, value: Any, path: tuple[str | int, ...]) -> tuple[Category, list[Rule]] | None:
        found = self.mapping(value, path, "a category")
        if found is None:
            return None
        self.unknown_keys(found, CATEGORY_KEYS, path)
        key = found.get("key")
        if not isinstance(key, str) or not key.strip():
            self.problem((*path, "key"), "required field is missing")
            key = f"#{path[-1]}"
        elif key in self.category_keys:
            self.problem((*path, "key"), f"category {key!r} appears twice")
        self.category_keys.add(key)
        category = Category(
            key=key,
            name=self.bilingual(found.get("name"), (*path, "name")),
            description=self.bilingual(found.get("description"), (*path, "description")),
            threshold=self.number(found.get("threshold"), (*path, "threshold"), 1.0),
        )
        listed = found.get("rules")
        if not isinstance(listed, list) or not listed:
            self.problem((*path, "rules"), "expected a list of rules")
            return category, []
        ids: set[str] = set()
        rules = []
        for index, rule_value in enumerate(listed):
            rule = self.rule(key, rule_value, (*path, "rules", index))
            if rule is None:
                continue
            if rule.id in ids:
                self.problem((*path, "rules", index, "id"), f"rule id {rule.id!r} appears twice in {key}")
            ids.add(rule.id)
            rules.append(rule)
        return category, rules

    def rule(self, category: str, value: Any, path: tuple[str | int, ...]) -> Rule | None:
        found = self.mapping(value, path, "a rule")
        if found is None:
            return None
        self.unknown_keys(found, RULE_KEYS, path)
        rule_id = found.get("id")
        if not isinstance(rule_id, str) or not rule_id.strip() or "/" in rule_id or "+" in rule_id:
            self.problem((*path, "id"), "required: a short id without '/' or '+'")
            rule_id = f"#{path[-1]}"
        tags = tuple(self.tag_names(found.get("tags"), (*path, "tags")))
        terms: dict[str, Terms] = {}
        for language in LANGUAGES:
            if language in found:
                read = self.terms(found[language], (*path, language), language)
                if read is not None:
                    terms[language] = read
            elif not tags:
                self.problem((*path, language), "required field is missing (terms in this language)")
        return Rule(category, rule_id, terms, tags, self.number(found.get("weight"), (*path, "weight"), 1.0))

    def tag_names(self, value: Any, path: tuple[str | int, ...]) -> list[str]:
        names = self.text_list(value, path)
        for index, name in enumerate(names):
            kind, colon, key = name.partition(":")
            if not colon or kind not in TAG_KINDS or kind == "category" or not key:
                self.problem(
                    (*path, index),
                    f"{name!r} is not a tag: expected KIND:KEY (or KIND:*) with KIND one of "
                    + ", ".join(kind for kind in TAG_KINDS if kind != "category"),
                )
        return names

    def terms(self, value: Any, path: tuple[str | int, ...], language: str) -> Terms | None:
        found = self.mapping(value, path, "any:, all:, none: lists")
        if found is None:
            return None
        self.unknown_keys(found, TERM_KEYS, path)
        written = {name: tuple(self.text_list(found.get(name), (*path, name))) for name in TERM_KEYS}
        if not written["any"]:
            self.problem((*path, "any"), "must list at least one word or phrase")
        phrases = {name: tuple(phrase_of(text, language) for text in written[name]) for name in TERM_KEYS}
        for name, listed in phrases.items():
            for index, phrase in enumerate(listed):
                if not phrase:
                    self.problem((*path, name, index), "holds no word")
        return Terms(phrases["any"], phrases["all"], phrases["none"], written)


def parse_rules(text: str, *, file_name: str) -> Rules:
    """The rules in ``text``, or :class:`InputFileError` listing every problem with its line and field."""
    marked = MarkedYaml(text, file_name)
    rules = RulesReader(marked).read()
    return Rules(rules.categories, rules.rules, text)


def shipped_rules_text() -> str:
    """The rules file shipped with Accord."""
    return read_text(SHIPPED_RULES, limit=MAX_RULES_BYTES, what="rules file")

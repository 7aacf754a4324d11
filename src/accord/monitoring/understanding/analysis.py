"""What Accord understood of one text: tags (each with the rule and the words that made it) and figures.

This module fixes the shapes every part shares; :func:`analyse` puts the readers together:
entities (:mod:`.entities`), threat categories (:mod:`.categories`) and figures (:mod:`.figures`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from accord.monitoring.understanding.doc import Doc, make_doc

# What a tag may name. ``post`` is a post of the charter (a public official, linked as the post, never
# by the holder's name); no kind names a private person.
TAG_KINDS = (
    "state",
    "region",
    "place",
    "body",
    "post",
    "formation",
    "training",
    "operation",
    "organization",
    "category",
)


@dataclass(frozen=True)
class Tag:
    """One thing the text is about, and why Accord thinks so.

    ``rule`` names what made the tag (``gazetteer``, ``ner+gazetteer``, ``rules:terrorism/2`` …),
    ``words`` the words of the text it matched, as written, and ``spans`` where they stand.
    """

    kind: str
    key: str
    rule: str
    words: tuple[str, ...]
    spans: tuple[tuple[int, int], ...] = ()
    score: float = 1.0

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["words"] = list(self.words)
        data["spans"] = [list(span) for span in self.spans]
        return data


@dataclass(frozen=True)
class Figure:
    """A number the text gives, what it counts and what it belongs to.

    ``value`` is the number as a quantity (``320 million`` → 320000000), ``unit`` what it counts as a
    key of the figures' vocabulary (``people``, ``servicemen``, ``channels``, ``roubles`` …),
    ``qualifier`` how exact it is (``""``, ``about``, ``more-than``, ``less-than``, ``up-to``),
    ``about`` the category or operation key it is attached to (``""`` when none), and ``words`` the
    phrase as written.
    """

    value: float
    unit: str
    about: str
    qualifier: str
    words: str
    span: tuple[int, int] = (0, 0)

    def as_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["span"] = list(self.span)
        return data


@dataclass
class Analysis:
    """Everything understood of one text."""

    language: str
    tags: list[Tag] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)

    def keys(self, kind: str) -> list[str]:
        """The keys tagged of one kind, each once, in the order first found."""
        return list(dict.fromkeys(tag.key for tag in self.tags if tag.kind == kind))

    def as_dict(self) -> dict[str, Any]:
        return {
            "language": self.language,
            "tags": [tag.as_dict() for tag in self.tags],
            "figures": [figure.as_dict() for figure in self.figures],
        }


def analyse(text: str, language: str, knowledge: Any = None) -> Analysis:
    """Tag ``text`` (in ``language``) with entities and categories and find its figures.

    ``knowledge`` is a :class:`accord.monitoring.understanding.knowledge.Knowledge` (the lexicon and
    the rules in force); when None, the current one is read (cached per process).
    """
    from accord.monitoring.understanding import categories, entities, figures
    from accord.monitoring.understanding.knowledge import current_knowledge

    knowledge = knowledge or current_knowledge()
    doc: Doc = make_doc(text, language)
    tags = entities.find_entities(doc, knowledge.lexicon)
    tags += categories.find_categories(doc, knowledge.rules, tags)
    found = figures.find_figures(doc, tags)
    return Analysis(language, tags, found)

"""What Accord understood of one text: tags (each with the rule and the words that made it) and figures.

This module fixes the shapes every part shares; :func:`analyse` puts the readers together:
entities (:mod:`.entities`), threat categories (:mod:`.categories`) and figures (:mod:`.figures`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from accord.monitoring.understanding.doc import Doc, make_doc
from accord.monitoring.understanding.shapes import TAG_KINDS, Figure, Tag

__all__ = ["TAG_KINDS", "Analysis", "Figure", "Tag", "analyse"]


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

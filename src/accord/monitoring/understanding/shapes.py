"""The shapes every reader of a text shares: a :class:`Tag` and a :class:`Figure`.

Apart from :mod:`.analysis` so that the readers (entities, categories, figures) can build them
without importing the module that imports them (``tests/test_layers.py`` forbids import cycles);
:mod:`.analysis` re-exports both.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

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

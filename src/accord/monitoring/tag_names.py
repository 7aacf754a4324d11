"""Tags as people read them: a tag's key (``TJK``, ``csto-crrf``) as the name of what it is about,
in the reader's language where the lexicon knows one, else the key itself."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.utils.translation import get_language

if TYPE_CHECKING:
    from accord.monitoring.understanding.lexicon import NameRow


def tag_names(pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """The name of each (kind, key) Accord knows: its first name in the reader's language, else in
    the other (the charter's and the forces' records, the shipped files, the categories of the rules
    in force)."""
    from accord.monitoring.understanding.lexicon import database_rows, file_rows

    wanted = set(pairs)
    if not wanted:
        return {}
    language = "ru" if (get_language() or "en").startswith("ru") else "en"
    own: dict[tuple[str, str], str] = {}
    other: dict[tuple[str, str], str] = {}
    categories = category_rows() if any(kind == "category" for kind, _ in wanted) else []
    for row in [*database_rows(), *file_rows(), *categories]:
        pair = (row.kind, row.key)
        if pair in wanted and row.name:
            (own if row.language == language else other).setdefault(pair, row.name)
    return {pair: own.get(pair) or other[pair] for pair in wanted if pair in own or pair in other}


def category_rows() -> list[NameRow]:
    """The names of the categories of the rules in force (categories are not in the lexicon: no text
    names them, the rules find them). None when the version in force cannot be read: a page shows
    the keys then rather than fail for want of names."""
    from accord.core.ingest import InputFileError
    from accord.monitoring.understanding.categories import rules_in_force
    from accord.monitoring.understanding.lexicon import NameRow

    try:
        _, rules = rules_in_force()
    except InputFileError:
        return []
    return [
        NameRow("category", category.key, language, name)
        for category in rules.categories
        for language, name in category.name.items()
    ]

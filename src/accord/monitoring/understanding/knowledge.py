"""The lexicon and the rules in force, read once per process and again when either changes.

The rules in force are the last version saved on the rules page (a ``monitoring.RulesVersion``), or
the shipped file when none was saved; the lexicon is read from the charter, the forces data and the
shipped place and organization lists.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Knowledge:
    """What the readers match against: the lexicon and the category rules, with their versions."""

    lexicon: Any
    rules: Any
    rules_version: int = 0


# Another process (the page where analysts save the rules, another worker) may change the rules: a
# process looks for a newer version at most this often, not on every item (its own saves forget at once).
RECHECK_SECONDS = 5.0
_CACHE: dict[str, Knowledge] = {}
_CHECKED: dict[str, float] = {}


def current_knowledge() -> Knowledge:
    """The knowledge in force (cached; :func:`forget` drops it after the rules or the charter change)."""
    from accord.monitoring.understanding.categories import rules_in_force
    from accord.monitoring.understanding.lexicon import current_lexicon

    cached = _CACHE.get("current")
    if cached is not None and time.monotonic() - _CHECKED.get("current", 0.0) < RECHECK_SECONDS:
        return cached
    version, rules = rules_in_force()
    if cached is None or cached.rules_version != version:
        cached = Knowledge(current_lexicon(), rules, version)
        _CACHE["current"] = cached
    _CHECKED["current"] = time.monotonic()
    return cached


def forget() -> None:
    """Drop the cached knowledge (the next text reads it again)."""
    _CACHE.clear()
    _CHECKED.clear()

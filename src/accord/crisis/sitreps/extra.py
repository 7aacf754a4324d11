"""Sections that apps above crisis add to the situation report.

The crisis app cannot import the apps that build on it (response, for one), so they register a
section here when they are ready: its order, its template, and a function that builds its context
for the report's reader, day and region (None leaves the section out). The context's ``queryset``,
when given, names the classified records the section shows, so that the report's labels cover them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Build = Callable[[Any, datetime.date, str], "dict[str, Any] | None"]


@dataclass(frozen=True)
class ExtraSection:
    """A section of the report another app contributes."""

    order: int
    template: str
    build: Build


_sections: list[ExtraSection] = []


def register_section(section: ExtraSection) -> None:
    """Add a section to every situation report (once)."""
    if section not in _sections:
        _sections.append(section)
        _sections.sort(key=lambda item: item.order)


def built_sections(user: Any, day: datetime.date, region: str = "") -> list[dict[str, Any]]:
    """Each registered section's template and context for this reader, day and region."""
    found = []
    for section in _sections:
        context = section.build(user, day, region)
        if context is not None:
            found.append({"template": section.template, "context": context})
    return found


def section_querysets(sections: list[dict[str, Any]]) -> list[Any]:
    """The records the sections show, for the report's labels."""
    return [item["context"]["queryset"] for item in sections if "queryset" in item["context"]]

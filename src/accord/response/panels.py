"""Panels of a request's page contributed by other subjects (offers, consultations, deployments).

A subject registers a :class:`Panel` from its module ``accord.response.panel_<subject>`` (imported
when the app is ready); the request's page renders every registered panel in order, each with the
context its function builds for the user, the request and the date asked for. Subjects never edit
the request's page to add themselves.
"""

from __future__ import annotations

import datetime
import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

PANEL_MODULES = ("offers", "consultations", "deployments")


@dataclass(frozen=True)
class Panel:
    """A part of a request's page: its template and the function that builds its context."""

    order: int
    template: str
    context: Callable[[Any, Any, datetime.date | None], dict[str, Any]]


_panels: list[Panel] = []


def register(panel: Panel) -> None:
    """Add a panel to every request's page (once)."""
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda item: item.order)


def panels() -> list[Panel]:
    return list(_panels)


def load_panels() -> None:
    """Import the subjects' panel modules that exist (called when the app is ready)."""
    for name in PANEL_MODULES:
        try:
            importlib.import_module(f"accord.response.panel_{name}")
        except ModuleNotFoundError as missing:
            if missing.name != f"accord.response.panel_{name}":
                raise


def rendered_panels(user: Any, request: Any, day: datetime.date | None) -> list[tuple[str, dict[str, Any]]]:
    """Each panel's template and context for this page."""
    return [(panel.template, panel.context(user, request, day)) for panel in _panels]

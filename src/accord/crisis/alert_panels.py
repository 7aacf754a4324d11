"""Panels that apps above crisis add to an alert's page and to an alert episode's page.

The crisis app cannot import the apps that build on it (monitoring, for one), so they register a
panel here when they are ready: its order, its template, and a function that builds its context for
the page's reader and the alerts shown (one alert, or an episode's alert days). A function returns
None to leave its panel out (an alert it has nothing to say about, or nothing the reader may see).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

Build = Callable[[Any, Sequence[Any]], "dict[str, Any] | None"]


@dataclass(frozen=True)
class AlertPanel:
    """A part of an alert's page another app contributes."""

    order: int
    template: str
    build: Build


_panels: list[AlertPanel] = []


def register_panel(panel: AlertPanel) -> None:
    """Add a panel to every alert's and episode's page (once)."""
    if panel not in _panels:
        _panels.append(panel)
        _panels.sort(key=lambda item: item.order)


def unregister_panel(panel: AlertPanel) -> None:
    """Take a panel away (tests)."""
    if panel in _panels:
        _panels.remove(panel)


def built_panels(user: Any, alerts: Sequence[Any]) -> list[dict[str, Any]]:
    """Each registered panel's template and context for this reader and these alerts."""
    found = []
    for panel in _panels:
        context = panel.build(user, alerts)
        if context is not None:
            found.append({"template": panel.template, "context": context})
    return found

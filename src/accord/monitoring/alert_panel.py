"""The stories behind a media alert, as a panel of the alert's (and its episode's) page in crisis."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from accord.crisis.alert_panels import AlertPanel, register_panel

MAX_STORIES = 50


def story_address(pk: int) -> str:
    """The story's page (written by the stories' pages; linked by its path)."""
    return f"/monitoring/stories/{pk}/"


def build(user: Any, alerts: Sequence[Any]) -> dict[str, Any] | None:
    """The stories the reader may see behind these alerts (None: not a media alert, or none seen)."""
    from accord.monitoring.signals import is_media, stories_behind

    seen: dict[int, dict[str, Any]] = {}
    for alert in alerts:
        if not is_media(alert.series):
            continue
        for story in stories_behind(alert, user)[:MAX_STORIES]:
            row = seen.setdefault(
                story.pk,
                {
                    "title": story.title or f"#{story.pk}",
                    "address": story_address(story.pk),
                    "items": story.items_count,
                    "sources": story.sources_count,
                    "languages": story.languages,
                    "days": [],
                },
            )
            row["days"].append(alert.date)
    if not seen:
        return None
    return {"stories": list(seen.values())}


PANEL = AlertPanel(100, "monitoring/alert_stories_panel.html", build)


def register() -> None:
    register_panel(PANEL)

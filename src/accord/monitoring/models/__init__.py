"""The monitoring app's records: sources, items with their tags and figures, stories, rules."""

from accord.monitoring.models.items import Item, ItemFigure, ItemTag
from accord.monitoring.models.rules_versions import RulesVersion
from accord.monitoring.models.sources import Source
from accord.monitoring.models.stories import Story, StoryCitation, StoryReview, StoryTag

__all__ = [
    "Item",
    "ItemFigure",
    "ItemTag",
    "RulesVersion",
    "Source",
    "Story",
    "StoryCitation",
    "StoryReview",
    "StoryTag",
]

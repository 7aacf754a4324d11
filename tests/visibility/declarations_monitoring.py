"""The visibility harness's declarations of media monitoring: sources, items with their tags and
figures, stories with their tags, reviews and citations, and the rules' versions, with every channel
that shows them."""

from __future__ import annotations

from tests.visibility import channels as ch
from tests.visibility import factories_monitoring as make
from tests.visibility.declaration import Declaration

MONITORING_SOURCES = Declaration(
    "monitoring.source",
    "classified",
    make.sources,
    (ch.history("monitoring.source"),),
)
MONITORING_ITEMS = Declaration(
    "monitoring.item",
    "classified",
    make.items,
    (ch.history("monitoring.item"),),
)
MONITORING_ITEM_TAGS = Declaration("monitoring.itemtag", "through", make.item_tags, ())
MONITORING_ITEM_FIGURES = Declaration("monitoring.itemfigure", "through", make.item_figures, ())
MONITORING_STORIES = Declaration(
    "monitoring.story",
    "classified",
    make.stories,
    (ch.history("monitoring.story"),),
)
MONITORING_STORY_TAGS = Declaration("monitoring.storytag", "through", make.story_tags, ())
MONITORING_STORY_REVIEWS = Declaration(
    "monitoring.storyreview",
    "through",
    make.story_reviews,
    (ch.history("monitoring.storyreview"),),
)
MONITORING_STORY_CITATIONS = Declaration(
    "monitoring.storycitation",
    "through",
    make.story_citations,
    (ch.history("monitoring.storycitation"),),
)
MONITORING_RULES = Declaration(
    "monitoring.rulesversion",
    "public",
    make.rules_versions,
    (ch.history("monitoring.rulesversion"),),
)

MONITORING = (
    MONITORING_SOURCES,
    MONITORING_ITEMS,
    MONITORING_ITEM_TAGS,
    MONITORING_ITEM_FIGURES,
    MONITORING_STORIES,
    MONITORING_STORY_TAGS,
    MONITORING_STORY_REVIEWS,
    MONITORING_STORY_CITATIONS,
    MONITORING_RULES,
)

"""The visibility harness's declarations of media monitoring: sources, items with their tags and
figures, stories with their tags, reviews and citations, and the rules' versions, with every channel
that shows them."""

from __future__ import annotations

from tests.visibility import channels as ch
from tests.visibility import factories_monitoring as make
from tests.visibility.declaration import Declaration


def source_page(record) -> str:
    return f"/monitoring/sources/{record.marker}/"


def item_page(pk: int) -> str:
    return f"/monitoring/items/{pk}/"


def item_api(pk: int) -> str:
    return f"/api/v1/monitoring/items/{pk}"


MONITORING_SOURCES = Declaration(
    "monitoring.source",
    "classified",
    make.sources,
    (
        ch.page("list", "/monitoring/sources/"),
        ch.per_record("detail", source_page),
        ch.json_rows("api-list", "/api/v1/monitoring/sources", "name"),
        ch.per_record("api-detail", lambda record: f"/api/v1/monitoring/sources/{record.marker}"),
        ch.history("monitoring.source"),
    ),
)
MONITORING_ITEMS = Declaration(
    "monitoring.item",
    "classified",
    make.items,
    (
        ch.page("list", "/monitoring/items/"),
        ch.per_record("detail", lambda record: item_page(record.pk)),
        ch.json_rows("api-list", "/api/v1/monitoring/items", "title"),
        ch.per_record("api-detail", lambda record: item_api(record.pk)),
        ch.page("search", "/monitoring/search/", q="exercises", kind="items"),
        ch.history("monitoring.item"),
    ),
)
MONITORING_ITEM_TAGS = Declaration(
    "monitoring.itemtag",
    "through",
    make.item_tags,
    (ch.on_parent_page("item-page", item_page), ch.on_parent_page("api-item", item_api)),
)
MONITORING_ITEM_FIGURES = Declaration(
    "monitoring.itemfigure",
    "through",
    make.item_figures,
    (ch.on_parent_page("item-page", item_page), ch.on_parent_page("api-item", item_api)),
)


def story_page(pk: int) -> str:
    return f"/monitoring/stories/{pk}/"


def story_api(pk: int) -> str:
    return f"/api/v1/monitoring/stories/{pk}"


MONITORING_STORIES = Declaration(
    "monitoring.story",
    "classified",
    make.stories,
    (
        ch.page("queue", "/monitoring/"),
        ch.per_record("detail", lambda record: story_page(record.pk)),
        ch.json_rows("api-list", "/api/v1/monitoring/stories", "title"),
        ch.per_record("api-detail", lambda record: story_api(record.pk)),
        ch.page("search", "/monitoring/search/", q="exercises", kind="stories"),
        ch.json_rows("api-search", "/api/v1/monitoring/search", "title", q="exercises", kind="stories"),
        ch.history("monitoring.story"),
    ),
)
MONITORING_STORY_TAGS = Declaration("monitoring.storytag", "through", make.story_tags, ())
MONITORING_STORY_REVIEWS = Declaration(
    "monitoring.storyreview",
    "through",
    make.story_reviews,
    (
        ch.on_parent_page("story-page", story_page),
        ch.on_parent_page("api-story", story_api),
        ch.history("monitoring.storyreview"),
    ),
)
MONITORING_STORY_CITATIONS = Declaration(
    "monitoring.storycitation",
    "through",
    make.story_citations,
    (
        ch.on_parent_page("story-page", story_page),
        ch.on_parent_page("api-story", story_api),
        ch.history("monitoring.storycitation"),
    ),
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

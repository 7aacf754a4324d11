"""Reading stories for the pages, the API and the command line: the triage queue's filters and order,
and what one story is made of (its tags with the rules and words that made them, its figures, its
items). Everything is read through ``restrict()``: a reader sees only the stories and items they may."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Exists, IntegerField, OuterRef, Q, QuerySet, Value, When

from accord.monitoring.models import Item, ItemFigure, ItemTag, Story, StoryTag

# The queue shows what waits for a verdict first: new stories, then relevant ones, then the rest.
TRIAGE_ORDER = Case(
    When(triage=Story.Triage.NEW, then=Value(0)),
    When(triage=Story.Triage.RELEVANT, then=Value(1)),
    When(triage=Story.Triage.VERIFIED, then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)
SORTS: dict[str, list[Any]] = {
    "triage": [TRIAGE_ORDER, "-last_seen", "-id"],
    "last-seen": ["-last_seen", "-id"],
    "items": ["-items_count", "-last_seen", "-id"],
    "sources": ["-sources_count", "-last_seen", "-id"],
}
MAX_MERGES = 20  # a chain of merges longer than this is a loop


def queue(user: Any, filters: dict[str, Any]) -> QuerySet:
    """The stories the user may see (not merged away), filtered and sorted as asked."""
    stories = Story.objects.restrict(user).filter(merged_into__isnull=True)
    if filters.get("triage"):
        stories = stories.filter(triage=filters["triage"])
    for kind in ("category", "state"):
        if filters.get(kind):
            stories = stories.filter(
                Exists(StoryTag.objects.filter(story=OuterRef("pk"), kind=kind, key=filters[kind]))
            )
    if filters.get("language"):
        stories = stories.filter(languages__contains=filters["language"])
    if filters.get("start"):
        stories = stories.filter(last_seen__date__gte=filters["start"])
    if filters.get("end"):
        stories = stories.filter(first_seen__date__lte=filters["end"])
    if filters.get("faded") == "yes":
        stories = stories.filter(faded_on__isnull=False)
    elif filters.get("faded") == "no":
        stories = stories.filter(faded_on__isnull=True)
    text = (filters.get("q") or "").strip()
    if text:
        stories = stories.filter(Q(title_en__icontains=text) | Q(title_ru__icontains=text))
    order = SORTS.get(filters.get("sort") or "triage", SORTS["triage"])
    return stories.order_by(*order).prefetch_related("tags")


def current_story(user: Any, pk: int) -> tuple[Story | None, Story | None]:
    """The story by id as the user may see it, and the story it was merged into (followed to the end)."""
    visible = Story.objects.restrict(user)
    story = visible.filter(pk=pk).first()
    target = story
    for _step in range(MAX_MERGES):
        if target is None or not target.merged_into_id:
            break
        target = visible.filter(pk=target.merged_into_id).first()
    return story, target


def quoted(word: str) -> str:
    """A word as a reason shows it: Russian in «», English in ''."""
    if any("а" <= letter.lower() <= "я" or letter.lower() == "ё" for letter in word):
        return f"«{word}»"
    return f"'{word}'"


@dataclass
class TagSummary:
    """A tag of a story summed over its items: how many items, and which rules and words made it."""

    kind: str
    key: str
    items: set[int] = field(default_factory=set)
    reasons: dict[str, list[str]] = field(default_factory=dict)

    @property
    def count(self) -> int:
        return len(self.items)

    @property
    def reason_lines(self) -> list[str]:
        """``rule terrorism/2: «террористов», 'terrorist'`` for each rule."""
        return [
            f"rule {rule}: " + ", ".join(quoted(word) for word in words)
            for rule, words in self.reasons.items()
        ]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "key": self.key,
            "items": self.count,
            "reasons": [{"rule": rule, "words": words} for rule, words in self.reasons.items()],
        }


def visible_items(user: Any, story: Story) -> QuerySet:
    return Item.objects.restrict(user).filter(story=story).select_related("source")


def tag_summaries(user: Any, story: Story) -> list[TagSummary]:
    """The story's tags summed over the items the user may see, with every rule and word that made them."""
    summaries: dict[tuple[str, str], TagSummary] = {}
    tags = ItemTag.objects.filter(item__in=visible_items(user, story)).order_by("kind", "key", "rule", "id")
    for tag in tags:
        summary = summaries.setdefault((tag.kind, tag.key), TagSummary(tag.kind, tag.key))
        summary.items.add(tag.item_id)
        words = summary.reasons.setdefault(tag.rule, [])
        for word in tag.words or []:
            if str(word) not in words:
                words.append(str(word))
    return sorted(summaries.values(), key=lambda found: (found.kind, -found.count, found.key))


def figures_of(user: Any, story: Story) -> QuerySet:
    return ItemFigure.objects.filter(item__in=visible_items(user, story)).order_by("about", "unit", "-value")


def tags_by_kind(story: Story) -> dict[str, list[str]]:
    """The story's own tags (as the signals read them), by kind."""
    found: dict[str, list[str]] = defaultdict(list)
    for tag in story.tags.all():
        found[tag.kind].append(tag.key)
    return {kind: sorted(keys) for kind, keys in found.items()}


def day_of(moment: datetime.datetime | None) -> str:
    return moment.date().isoformat() if moment else ""


class Mapped:
    """A queryset whose rows are turned into answers only for the page asked (the API's pagination
    slices it and counts it, so the rows of other pages are never read)."""

    def __init__(self, queryset: QuerySet, turn: Any) -> None:
        self.queryset, self.turn = queryset, turn

    def count(self) -> int:
        return self.queryset.count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, index: slice) -> list[Any]:
        return [self.turn(row) for row in self.queryset[index]]

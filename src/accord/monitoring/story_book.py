"""Placing a batch of items in stories with the stories held in memory, written once per batch.

:mod:`accord.monitoring.stories` places one item at a time: one query for the candidates, a lock, a
save and a change record for every item. A fetch brings items by the hundred, so a batch loads the
open stories of its time window once (locked until its transaction ends, so that two workers never
lose a count), scores and grows them in memory by the same rules (the same similarity, threshold,
profiles and tags), and at the end writes each story it changed once, with one change record that
names every item that joined it or copied one of its items. A merge (rare) writes what is pending
and goes through :func:`accord.monitoring.stories.merge_stories` as it always does.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from typing import Any

from django.db.models import F

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, record_change, snapshot
from accord.core.models import ChangeRecord
from accord.monitoring import stories
from accord.monitoring.models import Item, Story, StoryTag
from accord.monitoring.understanding.analysis import Analysis

WINDOW = datetime.timedelta(days=stories.STORY_WINDOW_DAYS, hours=24)
TITLE_FIELDS = {"en": "title_en", "ru": "title_ru"}
RECORDED_FIELDS = (
    "items_count",
    "sources_count",
    "first_seen",
    "last_seen",
    "languages",
    "profile",
    "merged_into_id",
    *TITLE_FIELDS.values(),
)


def recorded_values(story: Story) -> dict[str, Any]:
    """The story's fields a batch may change, as its change record holds them."""
    values = snapshot(story)
    return {name: values[name] for name in RECORDED_FIELDS}


class StoryBook:
    """The stories one batch of items of one labelling may touch, and what the batch did to them."""

    def __init__(self, labels: dict[str, Any], moments: list[datetime.datetime], *, actor: Actor) -> None:
        self.labels = labels
        self.actor = actor
        self.open: dict[int, Story] = {}
        self.sources: dict[int, set[int]] = {}
        self.before: dict[int, dict[str, Any]] = {}
        self.joined: dict[int, list[int]] = defaultdict(list)
        self.copied: dict[int, list[int]] = defaultdict(list)
        self.tag_counts: dict[int, Counter[tuple[str, str]]] = defaultdict(Counter)
        self.created: set[int] = set()
        self.merged: dict[int, list[int]] = defaultdict(list)
        self.moved: dict[int, list[int]] = defaultdict(list)
        if moments:
            self.load(min(moments) - WINDOW, max(moments) + WINDOW)

    # --- loading -------------------------------------------------------------------------------

    def load(self, start: datetime.datetime, end: datetime.datetime) -> None:
        """The open stories of the labelling seen within the batch's window, locked, with their sources."""
        found = (
            Story.objects.restrict(SYSTEM_USER)
            .select_for_update()
            .filter(
                faded_on__isnull=True,
                merged_into__isnull=True,
                last_seen__gte=start,
                first_seen__lte=end,
                **self.labels,
            )
            .order_by("pk")  # locked in one order by every worker
        )
        for story in found:
            self.hold(story)
        self.load_sources(list(self.open))

    def hold(self, story: Story) -> None:
        """Keep a story in memory, with its values as stored (the change record's "before")."""
        self.open[story.pk] = story
        self.before[story.pk] = recorded_values(story)
        self.sources.setdefault(story.pk, set())

    def load_sources(self, pks: list[int]) -> None:
        """Which sources each of these stories already holds an item of (one query)."""
        if not pks:
            return
        rows = Item.objects.restrict(SYSTEM_USER).filter(story_id__in=pks)
        for story_id, source_id in rows.order_by().values_list("story_id", "source_id").distinct():
            self.sources.setdefault(story_id, set()).add(source_id)

    def story_for_copy(self, story_id: int) -> Story | None:
        """The story a copy joins: its original's, followed through merges, loaded when not held."""
        while True:
            story = self.open.get(story_id)
            if story is None:
                story = Story.objects.restrict(SYSTEM_USER).select_for_update().filter(pk=story_id).first()
                if story is None:
                    return None
                self.hold(story)
                self.load_sources([story.pk])
            if not story.merged_into_id:
                return story
            story_id = story.merged_into_id

    # --- placing -------------------------------------------------------------------------------

    def place(self, item: Item, analysis: Analysis) -> Story:
        """The story a new (unsaved) item joins, as :func:`accord.monitoring.stories.place` chooses it."""
        terms = stories.term_profile(item.title, item.text, item.language)
        keys = stories.tag_keys(analysis.tags)
        moment = stories.moment_of(item)
        passing = sorted(
            (-story.items_count, -score, pk)
            for pk, story in self.open.items()
            if not story.merged_into_id
            and story.faded_on is None
            and story.last_seen >= moment - WINDOW
            and story.first_seen <= moment + WINDOW
            and (score := stories.similarity(terms, item.language, keys, story.profile))
            >= stories.JOIN_THRESHOLD
        )
        if not passing:
            story = self.new_story(moment)
        else:
            story = self.open[passing[0][2]]
            for *_, pk in passing[1:]:
                story = self.merge(story, self.open[pk])
        self.grow(story, item, terms, keys)
        return story

    def new_story(self, moment: datetime.datetime) -> Story:
        """A new story of the labelling, inserted now (its id is the items' link) and recorded with
        what the batch put in it when the batch is written."""
        story = Story(first_seen=moment, last_seen=moment, **self.labels)
        story.save(force_insert=True)
        self.hold(story)
        self.before[story.pk] = None
        self.created.add(story.pk)
        return story

    def grow(self, story: Story, item: Item, terms: dict[str, float], keys: set[str]) -> None:
        """One more item in the story, in memory: counts, days, languages, title, profile and tags."""
        moment = stories.moment_of(item)
        story.items_count += 1
        self.note_source(story, item)
        story.first_seen, story.last_seen = min(story.first_seen, moment), max(story.last_seen, moment)
        story.languages = ",".join(sorted(set(filter(None, story.languages.split(","))) | {item.language}))
        story.profile = stories.grown_profile(story.profile, item.language, terms, keys)
        title_field = TITLE_FIELDS.get(item.language)
        if title_field and not getattr(story, title_field):
            setattr(story, title_field, item.title[:500])
        self.tag_counts[story.pk].update(tuple(key.split(":", 1)) for key in keys)

    def note_source(self, story: Story, item: Item) -> None:
        """Count the item's source on the story when it is the first item from that source."""
        held = self.sources.setdefault(story.pk, set())
        if item.source_id not in held:
            held.add(item.source_id)
            story.sources_count += 1

    def add_copy(self, item: Item, story: Story) -> None:
        """A copy of one of the story's items: one more source maybe, never one more item."""
        moment = stories.moment_of(item)
        self.note_source(story, item)
        story.first_seen, story.last_seen = min(story.first_seen, moment), max(story.last_seen, moment)

    def joined_item(self, story: Story, item: Item, *, copy: bool) -> None:
        """Note the saved item on its story's record."""
        (self.copied if copy else self.joined)[story.pk].append(item.pk)

    # --- merging -------------------------------------------------------------------------------

    def merge(self, into: Story, other: Story) -> Story:
        """Merge the smaller of two held stories into the larger, in memory as
        :func:`accord.monitoring.stories.merge_stories` does in the database: items moved (one update),
        counts, days, languages, titles, profile and tags added up; the smaller points to the larger."""
        larger, smaller = (into, other) if into.items_count >= other.items_count else (other, into)
        moving = Item.objects.restrict(SYSTEM_USER).filter(story_id=smaller.pk)
        self.moved[smaller.pk] += sorted(moving.values_list("pk", flat=True))
        moving.update(story_id=larger.pk)
        self.take_tags(larger, smaller)
        self.sources[larger.pk] = self.sources.get(larger.pk, set()) | self.sources.pop(smaller.pk, set())
        larger.items_count += smaller.items_count
        larger.sources_count = len(self.sources[larger.pk])
        larger.first_seen = min(larger.first_seen, smaller.first_seen)
        larger.last_seen = max(larger.last_seen, smaller.last_seen)
        languages = set(filter(None, f"{larger.languages},{smaller.languages}".split(",")))
        larger.languages = ",".join(sorted(languages))
        for field in TITLE_FIELDS.values():
            setattr(larger, field, getattr(larger, field) or getattr(smaller, field))
        larger.profile = stories.merged_profile(larger.profile, smaller.profile)
        smaller.merged_into_id, smaller.items_count, smaller.sources_count = larger.pk, 0, 0
        self.merged[larger.pk].append(smaller.pk)
        return larger

    def take_tags(self, larger: Story, smaller: Story) -> None:
        """The smaller story's tags (stored and pending) become the larger's; its own rows go."""
        stored = StoryTag.objects.restrict(SYSTEM_USER).filter(story_id=smaller.pk)
        counts = self.tag_counts[larger.pk]
        for kind, key, items in stored.values_list("kind", "key", "items"):
            counts[(kind, key)] += items
        counts.update(self.tag_counts.pop(smaller.pk, Counter()))
        stored.delete()

    # --- writing -------------------------------------------------------------------------------

    def write(self) -> None:
        """Write every story the batch changed once, with one change record naming the items that
        joined it, the copies of its items, and the stories merged into it."""
        touched = set(self.joined) | set(self.copied) | set(self.merged) | set(self.moved) | self.created
        for pk in sorted(touched):
            self.write_story(self.open[pk])
        self.write_tags()
        for bucket in (self.joined, self.copied, self.merged, self.moved):
            bucket.clear()
        self.created.clear()

    def write_story(self, story: Story) -> None:
        """One story saved with its record (a story made in this batch: its creation)."""
        after, before = recorded_values(story), self.before[story.pk]
        changed = [name for name in RECORDED_FIELDS if before is None or after[name] != before[name]]
        if not changed:
            return
        story.save(update_fields=changed)
        what = {
            "items_joined": self.joined.get(story.pk, []),
            "copies": self.copied.get(story.pk, []),
            "stories_merged_in": self.merged.get(story.pk, []),
            "items_moved_out": self.moved.get(story.pk, []),
        }
        record_change(
            actor=self.actor,
            action=ChangeRecord.Action.CREATE if before is None else ChangeRecord.Action.UPDATE,
            instance=story,
            before=before,
            after=after | {name: value for name, value in what.items() if value},
            reason=self.reason(story),
        )
        self.before[story.pk] = after

    def reason(self, story: Story) -> str:
        """What the batch did to a story, in its record's words."""
        pk = story.pk
        parts = ["a new story"] if pk in self.created else []
        if self.joined.get(pk):
            parts.append(f"items {', '.join(map(str, self.joined[pk]))} join the story")
        if self.copied.get(pk):
            parts.append(f"copies {', '.join(map(str, self.copied[pk]))} of its items")
        if self.merged.get(pk):
            parts.append(f"stories {', '.join(map(str, self.merged[pk]))} merged into it")
        if story.merged_into_id:
            parts.append(f"story {pk} merged into {story.merged_into_id}")
        return "monitoring: " + "; ".join(parts)

    def write_tags(self) -> None:
        """Add the batch's tag counts to the stories' tags: existing tags grown, new ones made."""
        counts = {pk: counter for pk, counter in self.tag_counts.items() if counter}
        if not counts:
            return
        existing = {
            (story_id, kind, key): pk
            for pk, story_id, kind, key in StoryTag.objects.restrict(SYSTEM_USER)
            .filter(story_id__in=list(counts))
            .values_list("pk", "story_id", "kind", "key")
        }
        by_increment: dict[int, list[int]] = defaultdict(list)
        new_tags = []
        for story_id, counter in counts.items():
            for (kind, key), n in counter.items():
                found = existing.get((story_id, kind, key[:120]))
                if found is not None:
                    by_increment[n].append(found)
                else:
                    new_tags.append(StoryTag(story_id=story_id, kind=kind, key=key[:120], items=n))
        for n, pks in by_increment.items():
            StoryTag.objects.filter(pk__in=pks).update(items=F("items") + n)
        StoryTag.objects.bulk_create(new_tags)
        self.tag_counts.clear()

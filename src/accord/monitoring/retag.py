"""Re-tagging the items taken in under older category rules, so that a change of the rules reaches them.

An item records the version of the rules that tagged it (``Item.rules_version``). When analysts save a
new version, the items already in keep their old categories until this work runs (a background job,
queued by the save): it reads each processed item older than the version in force, finds its categories
again in its stored title and text, replaces its category tags, moves it to the version in force and
brings its story's tags up to date. Only categories change: places, bodies and figures stay as found.

The work goes in batches of :data:`BATCH` items of one labelling, each batch one transaction with one
change record (on the rules version in force, carrying the batch's labels, so that only those who may
see the items see the record). Items already at the version in force are skipped: running it twice,
or again after a worker died, does no harm.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import QuerySet

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, record_change
from accord.core.derived import Labels
from accord.core.models import ChangeRecord
from accord.monitoring.models import Item, ItemTag, RulesVersion, Story
from accord.monitoring.understanding.knowledge import Knowledge
from accord.monitoring.understanding.shapes import Tag

BATCH = 200
CATEGORY = "category"
LABEL_FIELDS = ("classification", "releasability", "release_to")

Progress = Callable[[int, int | None], None]


@dataclass
class Retagged:
    """What a run did: items read again, those whose categories changed, and the stories refreshed."""

    version: int = 0
    items: int = 0
    changed: int = 0
    stories: set[int] = field(default_factory=set)
    batches: int = 0

    def counts(self) -> dict[str, int]:
        """The run's figures for its ``core.Run`` (updated: categories changed; unchanged: the rest)."""
        return {"updated": self.changed, "unchanged": self.items - self.changed}


def knowledge_in_force() -> Knowledge:
    """The lexicon and rules in force now (the cache read again if it lags behind the saved rules)."""
    from accord.monitoring.understanding.categories import rules_in_force
    from accord.monitoring.understanding.knowledge import current_knowledge, forget

    knowledge = current_knowledge()
    if knowledge.rules_version != rules_in_force()[0]:
        forget()
        knowledge = current_knowledge()
    return knowledge


def stale_items(version: int) -> QuerySet[Item]:
    """The processed items tagged under rules older than ``version`` (copies carry no tags of their own)."""
    return Item.objects.restrict(SYSTEM_USER).filter(status=Item.Status.PROCESSED, rules_version__lt=version)


def stale_labellings(version: int) -> list[Labels]:
    """The labellings of the stale items, each once: a batch holds items of one labelling."""
    rows = stale_items(version).order_by(*LABEL_FIELDS).values_list(*LABEL_FIELDS).distinct()
    return [Labels(*row) for row in rows]


def categories_of(item: Item, knowledge: Knowledge) -> list[Tag]:
    """The category tags the rules in ``knowledge`` give the item's stored title and text."""
    from accord.monitoring.intake import joined
    from accord.monitoring.understanding.analysis import analyse

    analysis = analyse(joined(item.title, item.text), item.language, knowledge)
    return [tag for tag in analysis.tags if tag.kind == CATEGORY]


def retag_batch(
    ids: list[int], knowledge: Knowledge, rules: RulesVersion, labels: Labels, *, actor: Actor, done: Retagged
) -> None:
    """Re-tag one batch in one transaction, with one change record naming each item's old and new
    version and categories (keys only: no text)."""
    from accord.monitoring.intake import tag_rows
    from accord.monitoring.stories import refresh_story_tags

    version = knowledge.rules_version
    with transaction.atomic():
        # Locked and read again: another run (or a retry) may have done them meanwhile.
        items = list(
            stale_items(version).select_for_update().filter(pk__in=ids).order_by("pk").defer("signature")
        )
        if not items:
            return
        old = old_categories([item.pk for item in items])
        before: dict[str, dict] = {}
        after: dict[str, dict] = {}
        rows: list[ItemTag] = []
        changed = 0
        for item in items:
            tags = categories_of(item, knowledge)
            rows += tag_rows(item, tags)
            keys = sorted({tag.key[:120] for tag in tags})
            before[str(item.pk)] = {"rules_version": item.rules_version, "categories": old.get(item.pk, [])}
            after[str(item.pk)] = {"rules_version": version, "categories": keys}
            changed += keys != old.get(item.pk, [])
        pks = [item.pk for item in items]
        ItemTag.objects.restrict(SYSTEM_USER).filter(item_id__in=pks, kind=CATEGORY).delete()
        ItemTag.objects.bulk_create(rows)
        Item.objects.restrict(SYSTEM_USER).filter(pk__in=pks).update(rules_version=version)
        story_ids = {item.story_id for item in items if item.story_id}
        # Locked, as placing an item locks the stories it joins: no count is lost between the two.
        locked = Story.objects.restrict(SYSTEM_USER).select_for_update().filter(pk__in=story_ids)
        for story in locked.order_by("pk"):
            refresh_story_tags(story)
        record_change(
            actor=actor,
            action=ChangeRecord.Action.UPDATE,
            instance=rules,
            before={"items": before, **labels.as_fields()},
            after={"items": after, "stories": sorted(story_ids), **labels.as_fields()},
            reason=f"monitoring: {len(items)} items re-tagged under rules v{version}",
        )
    done.items += len(items)
    done.changed += changed
    done.stories |= story_ids
    done.batches += 1


def old_categories(ids: list[int]) -> dict[int, list[str]]:
    """Each item's category keys as they stand, sorted."""
    found: dict[int, set[str]] = {}
    rows = ItemTag.objects.restrict(SYSTEM_USER).filter(item_id__in=ids, kind=CATEGORY)
    for item_id, key in rows.values_list("item_id", "key"):
        found.setdefault(item_id, set()).add(key)
    return {item_id: sorted(keys) for item_id, keys in found.items()}


def retag_items(*, actor: Actor, progress: Progress | None = None, batch: int = BATCH) -> Retagged:
    """Re-tag every processed item older than the rules in force, batch by batch (see the module)."""
    knowledge = knowledge_in_force()
    done = Retagged(version=knowledge.rules_version)
    rules = RulesVersion.objects.restrict(SYSTEM_USER).filter(number=knowledge.rules_version).first()
    if rules is None:  # the shipped rules (version 0): no item can be older
        return done
    total = stale_items(done.version).count()
    if progress is not None:
        progress(0, total)
    seen = 0
    for labels in stale_labellings(done.version):
        ids = list(
            stale_items(done.version).filter(**labels.as_fields()).order_by("pk").values_list("pk", flat=True)
        )
        for start in range(0, len(ids), batch):
            part = ids[start : start + batch]
            retag_batch(part, knowledge, rules, labels, actor=actor, done=done)
            seen += len(part)
            if progress is not None:
                progress(min(seen, total), total)
    return done

"""Stories, as the EMM NewsBrief groups news, but online: each new item joins the most similar recent
story of its labelling, or starts one.

Similarity of an item to a story is a weighted mean of three comparisons (:func:`similarity`):

- **text** (weight 0.5): the cosine of the item's lemma bag and the story's running centroid *in the
  item's language* (stop words out, the 50 heaviest terms kept). Only comparable when the story holds
  items of that language: an English and a Russian text share no words.
- **entities** (weight 0.4): a weighted Jaccard of the language-independent tags (places, trainings,
  operations, formations, bodies, regions, organizations, states). Places, trainings and operations
  weigh 3, a state 0.5: nearly every item names a member state, so a state shared is weak evidence
  and a training shared is strong. The union counts at least :data:`MIN_ENTITY_MASS` (one place's
  weight), so that two items sharing a lone state never look alike.
- **categories** (weight 0.1): the Jaccard of the threat categories; comparable when either side has
  one. It weighs little: two different attacks in one state share it.

A comparison that cannot be made (no text in the item's language, no category on either side) drops
out and the others' weights are renormalised: so an English and a Russian item about the same
training in the same place join on their entities. An item joins when the mean passes
:data:`JOIN_THRESHOLD` (0.4): a shared training with the same state passes on entities alone, across
languages; a shared state and category without shared words or places does not (0.4·0.17+0.1 over
0.5 is 0.33). Texts of one language need some shared vocabulary besides.

Candidates come from one query (same labels, not faded, not merged, last item within
:data:`STORY_WINDOW_DAYS` of the item's day); profiles are small dicts kept on the story, so scoring
costs no query per candidate.
"""

from __future__ import annotations

import datetime
import math
import re
from collections import Counter
from typing import Any

from django.db import transaction
from django.db.models import F, Q

from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, record_change, save_with_record
from accord.monitoring.models import Item, ItemTag, Story, StoryTag
from accord.monitoring.understanding.analysis import Analysis, Tag

STORY_WINDOW_DAYS = 3  # an item joins a story whose last item is at most this many days from its own
FADE_DAYS = 7  # a story without a new item for this long fades and takes no more
PROFILE_TERMS = 50
JOIN_THRESHOLD = 0.4
WEIGHTS = {"text": 0.5, "entities": 0.4, "categories": 0.1}
ENTITY_WEIGHTS = {
    "place": 3.0,
    "training": 3.0,
    "operation": 3.0,
    "formation": 2.0,
    "body": 1.5,
    "organization": 1.5,
    "region": 1.0,
    "post": 1.0,
    "state": 0.5,
}
MIN_ENTITY_MASS = 3.0
TITLE_WEIGHT = 2.0  # a word of the title counts as two of the text

WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string."""
    return frozenset(words.split())


STOP_WORDS = {
    "en": word_set(
        "the and for are was were been being have has had not but with from this that these those they "
        "them their there which who whom what when where will would shall should can could may might "
        "must also into onto over under about after before than then its our your his her she him you "
        "all any each other such some more most very only own same just said say says one two three "
        "new year day week today yesterday according per via out off upon while during against between "
        "within without because again further once here why how both few nor too"
    ),
    "ru": word_set(
        "и в во не что он на я с со как а то все она так его но да ты к у же вы за бы по только ее мне "
        "было вот от меня еще нет о из ему теперь когда даже ну вдруг ли если уже или ни быть был него "
        "до вас нибыть опять уж вам ведь там потом себя ничто ей может они тут где есть надо ней для мы "
        "тебя их чем была сам чтоб без будто чего раз тоже себе под будет ж тогда кто этот того потому "
        "этого какой совсем ним здесь этом один почти мой тем чтобы нее сейчас были куда зачем всех "
        "никогда можно при наконец два об другой хоть после над больше тот через эти нас про всего них "
        "какая много разве три эту моя впрочем хорошо свою этой перед иногда лучше чуть том нельзя такой "
        "им более всегда конечно всю между который также год день заявить сообщить стать свой весь "
        "это оно также"
    ),
}


# --- profiles ----------------------------------------------------------------------------------------


def term_profile(title: str, text: str, language: str) -> dict[str, float]:
    """The item's lemma bag: the :data:`PROFILE_TERMS` heaviest lemmas, unit length."""
    from accord.monitoring.understanding.doc import lemma_of

    stop = STOP_WORDS.get(language, frozenset())
    counts: Counter[str] = Counter()
    for weight, part in ((TITLE_WEIGHT, title), (1.0, text)):
        for word in WORD.findall(part.lower()):
            lemma = lemma_of(word, language)
            if lemma not in stop and word not in stop and len(lemma) > 2:
                counts[lemma] += weight
    return top_terms({term: 1.0 + math.log(count) for term, count in counts.items()})


def top_terms(weights: dict[str, float]) -> dict[str, float]:
    """The heaviest terms, unit length, rounded so that a profile stays small."""
    kept = sorted(weights.items(), key=lambda pair: (-pair[1], pair[0]))[:PROFILE_TERMS]
    norm = math.sqrt(sum(value * value for _, value in kept)) or 1.0
    return {term: round(value / norm, 4) for term, value in kept}


def cosine(left: dict[str, float], right: dict[str, float]) -> float:
    """The cosine of two term profiles (both kept at unit length by :func:`top_terms`: a dot product)."""
    if len(left) > len(right):
        left, right = right, left
    return min(1.0, sum(value * right.get(term, 0.0) for term, value in left.items()))


def tag_keys(tags: list[Tag]) -> set[str]:
    """The item's tags as ``kind:key`` (each once)."""
    return {f"{tag.kind}:{tag.key}" for tag in tags}


def entity_similarity(item_keys: set[str], story_keys: set[str]) -> float:
    """Weighted Jaccard of the entity tags; the union weighs at least one place."""

    def mass(keys: set[str]) -> float:
        return sum(ENTITY_WEIGHTS.get(key.split(":", 1)[0], 0.0) for key in keys)

    union = mass(item_keys | story_keys)
    if union == 0:
        return 0.0
    return mass(item_keys & story_keys) / max(union, MIN_ENTITY_MASS)


def category_keys(keys: set[str] | Any) -> set[str]:
    return {key for key in keys if key.startswith("category:")}


def similarity(terms: dict[str, float], language: str, keys: set[str], profile: dict[str, Any]) -> float:
    """How alike an item (its terms, language and tag keys) and a story (its profile) are, 0 to 1."""
    scores: dict[str, float] = {}
    story_terms = (profile.get("text") or {}).get(language)
    if story_terms and terms:
        scores["text"] = cosine(terms, story_terms)
    story_keys = set(profile.get("tags") or {})
    scores["entities"] = entity_similarity(keys - category_keys(keys), story_keys - category_keys(story_keys))
    item_categories, story_categories = category_keys(keys), category_keys(story_keys)
    if item_categories or story_categories:
        union = item_categories | story_categories
        scores["categories"] = len(item_categories & story_categories) / len(union)
    total = sum(WEIGHTS[name] for name in scores)
    return sum(WEIGHTS[name] * value for name, value in scores.items()) / total if total else 0.0


# --- placing an item ---------------------------------------------------------------------------------


def moment_of(item: Item) -> datetime.datetime:
    """When the item counts: published, else received."""
    return item.published or item.received_at


def analysis_of(item: Item) -> Analysis:
    """The item's stored tags as an analysis (for items placed again, or made without the pipeline)."""
    tags = [
        Tag(kind, key, rule, tuple(words))
        for kind, key, rule, words in ItemTag.objects.restrict(SYSTEM_USER)
        .filter(item=item)
        .values_list("kind", "key", "rule", "words")
    ]
    return Analysis(item.language, tags)


def candidates(item: Item) -> list[tuple[int, int, dict[str, Any]]]:
    """The open stories of the item's labels whose last item is within the window of its day, as (id,
    items, profile): one query, no story built that is not joined."""
    moment = moment_of(item)
    window = datetime.timedelta(days=STORY_WINDOW_DAYS, hours=24)
    return list(
        Story.objects.restrict(SYSTEM_USER)
        .filter(
            classification=item.classification,
            releasability=item.releasability,
            release_to=item.release_to,
            faded_on__isnull=True,
            merged_into__isnull=True,
            last_seen__gte=moment - window,
            first_seen__lte=moment + window,
        )
        .values_list("pk", "items_count", "profile")
    )


@transaction.atomic
def place(item: Item, analysis: Analysis | None = None, *, actor: Actor) -> Story:
    """Put a new item in the most similar recent story of its labels, or in a new story.

    When the item passes the threshold for several stories, they are one story: the smaller ones
    merge into the largest, which takes the item.
    """
    analysis = analysis if analysis is not None else analysis_of(item)
    terms = term_profile(item.title, item.text, item.language)
    keys = tag_keys(analysis.tags)
    passing = sorted(
        (-items, -score, pk)
        for pk, items, profile in candidates(item)
        if (score := similarity(terms, item.language, keys, profile)) >= JOIN_THRESHOLD
    )
    if not passing:
        story = new_story(item, actor=actor)
    else:
        # Locked until the item is in: two workers joining one story never lose a count.
        found = Story.objects.restrict(SYSTEM_USER).select_for_update().in_bulk([pk for *_, pk in passing])
        story = found[passing[0][2]]
        for *_, pk in passing[1:]:
            merge_stories(story, found[pk], actor=actor)
    join(story, item, terms, keys, actor=actor)
    return story


def new_story(item: Item, *, actor: Actor) -> Story:
    """An empty story of the item's labels, seen when the item was."""
    moment = moment_of(item)
    story = Story(
        first_seen=moment,
        last_seen=moment,
        classification=item.classification,
        releasability=item.releasability,
        release_to=item.release_to,
    )
    save_with_record(story, actor=actor, reason="monitoring: a new story")
    return story


def join(story: Story, item: Item, terms: dict[str, float], keys: set[str], *, actor: Actor) -> None:
    """Add a new item to a story: counts, days, languages, titles, profile and tags."""
    new_source = (
        not Item.objects.restrict(SYSTEM_USER)
        .filter(story=story, source_id=item.source_id)
        .exclude(pk=item.pk)
        .exists()
    )
    profile = grown_profile(story.profile, item.language, terms, keys)
    moment = moment_of(item)
    fields: dict[str, Any] = {
        "items_count": story.items_count + 1,
        "sources_count": story.sources_count + (1 if new_source else 0),
        "first_seen": min(story.first_seen, moment),
        "last_seen": max(story.last_seen, moment),
        "languages": ",".join(sorted(set(filter(None, story.languages.split(","))) | {item.language})),
        "profile": profile,
    }
    title_field = {"en": "title_en", "ru": "title_ru"}.get(item.language)
    if title_field and not getattr(story, title_field):
        fields[title_field] = item.title[:500]
    # The story's record names the item: the item's link to it is derived, like its tags, and not
    # recorded apart (a third of the cost of placing an item).
    save_with_record(story, actor=actor, reason=f"monitoring: item {item.pk} joins the story", fields=fields)
    Item.objects.restrict(SYSTEM_USER).filter(pk=item.pk).update(story=story)
    item.story = story
    count_tags(story, keys)


def move_item(item: Item, story: Story, *, actor: Actor, reason: str) -> None:
    """Put an item in a story, the change on the record as the one field that changed (an item's full
    snapshot holds its text: writing it twice for one link would be most of the cost of a story)."""
    before = item.story_id
    if before == story.pk:
        return
    Item.objects.restrict(SYSTEM_USER).filter(pk=item.pk).update(story=story)
    item.story = story
    record_change(
        actor=actor,
        action="update",
        instance=item,
        before={"story": before},
        after={"story": story.pk},
        reason=reason,
    )


def grown_profile(
    profile: dict[str, Any], language: str, terms: dict[str, float], keys: set[str]
) -> dict[str, Any]:
    """The story's profile with one more item: the language's centroid moved, the tags counted."""
    text = dict(profile.get("text") or {})
    counts = dict(profile.get("n") or {})
    seen = counts.get(language, 0)
    if terms:
        centroid = dict(text.get(language) or {})
        for term in set(centroid) | set(terms):
            centroid[term] = (centroid.get(term, 0.0) * seen + terms.get(term, 0.0)) / (seen + 1)
        text[language] = top_terms(centroid)
        counts[language] = seen + 1
    tags = dict(profile.get("tags") or {})
    for key in keys:
        tags[key] = tags.get(key, 0) + 1
    return {"text": text, "n": counts, "tags": tags}


def count_tags(story: Story, keys: set[str]) -> None:
    """One more item for each of these tags of the story (derived rows: the story's record holds them)."""
    pairs = {tuple(key.split(":", 1)) for key in keys}
    existing = {
        (kind, key): pk
        for pk, kind, key in StoryTag.objects.restrict(SYSTEM_USER)
        .filter(story=story)
        .values_list("pk", "kind", "key")
    }
    grown = [existing[pair] for pair in pairs if pair in existing]
    if grown:
        StoryTag.objects.filter(pk__in=grown).update(items=F("items") + 1)
    StoryTag.objects.bulk_create(
        StoryTag(story=story, kind=kind, key=key[:120], items=1)
        for kind, key in pairs
        if (kind, key) not in existing
    )


@transaction.atomic
def add_copy(item: Item, *, actor: Actor) -> Story | None:
    """A copy of an item already in (another site republishing): one more source, never one more item."""
    story = Story.objects.restrict(SYSTEM_USER).select_for_update().filter(pk=item.story_id).first()
    if story is None:
        return None
    while story.merged_into_id:  # the original's story merged since: follow it
        story = Story.objects.restrict(SYSTEM_USER).select_for_update().get(pk=story.merged_into_id)
        move_item(item, story, actor=actor, reason="monitoring: the item's story")
    new_source = (
        not Item.objects.restrict(SYSTEM_USER)
        .filter(story=story, source_id=item.source_id)
        .exclude(pk=item.pk)
        .exists()
    )
    moment = moment_of(item)
    fields = {
        "sources_count": story.sources_count + (1 if new_source else 0),
        "first_seen": min(story.first_seen, moment),
        "last_seen": max(story.last_seen, moment),
    }
    save_with_record(
        story, actor=actor, reason="monitoring: a copy of one of the story's items", fields=fields
    )
    return story


# --- merging and fading ------------------------------------------------------------------------------


@transaction.atomic
def merge_stories(into: Story, other: Story, *, actor: Actor) -> Story:
    """Move ``other``'s items into ``into`` and recompute it; ``other`` stays as a pointer to ``into``."""
    if into.pk == other.pk or other.merged_into_id:
        return into
    reason = f"monitoring: story {other.pk} merged into {into.pk}"
    # The items move in one update; the merged story's record names them (one record, not one each).
    moving = Item.objects.restrict(SYSTEM_USER).filter(story=other)
    moved = sorted(moving.values_list("pk", flat=True))
    moving.update(story=into)
    profile = merged_profile(into.profile, other.profile)
    fields = {
        "profile": profile,
        "first_seen": min(into.first_seen, other.first_seen),
        "last_seen": max(into.last_seen, other.last_seen),
        "title_en": into.title_en or other.title_en,
        "title_ru": into.title_ru or other.title_ru,
    }
    save_with_record(into, actor=actor, reason=reason, fields=fields)
    recompute(into, actor=actor, reason=reason)
    StoryTag.objects.restrict(SYSTEM_USER).filter(story=other).delete()
    items_moved = f"; items {', '.join(map(str, moved))} moved" if moved else ""
    save_with_record(
        other,
        actor=actor,
        reason=reason + items_moved,
        fields={"merged_into": into, "items_count": 0, "sources_count": 0},
    )
    return into


def merged_profile(left: dict[str, Any], right: dict[str, Any]) -> dict[str, Any]:
    """Two stories' profiles as one: the centroids weighted by their items, the tag counts added."""
    text: dict[str, dict[str, float]] = {}
    counts: dict[str, int] = {}
    for language in set(left.get("text") or {}) | set(right.get("text") or {}):
        n_left, n_right = (left.get("n") or {}).get(language, 0), (right.get("n") or {}).get(language, 0)
        a, b = (left.get("text") or {}).get(language, {}), (right.get("text") or {}).get(language, {})
        total = max(n_left + n_right, 1)
        text[language] = top_terms(
            {
                term: (a.get(term, 0.0) * n_left + b.get(term, 0.0) * n_right) / total
                for term in set(a) | set(b)
            }
        )
        counts[language] = n_left + n_right
    tags = Counter(left.get("tags") or {})
    tags.update(right.get("tags") or {})
    return {"text": text, "n": counts, "tags": dict(tags)}


def recompute(story: Story, *, actor: Actor, reason: str) -> None:
    """A story's counts, languages and tags from its items (after a merge)."""
    items = Item.objects.restrict(SYSTEM_USER).filter(story=story)
    originals = items.filter(duplicate_of__isnull=True)
    profile = dict(story.profile)
    profile["tags"] = replace_story_tags(story, originals)
    languages = sorted(set(originals.exclude(language="").values_list("language", flat=True)))
    save_with_record(
        story,
        actor=actor,
        reason=reason,
        fields={
            "items_count": originals.count(),
            "sources_count": items.values("source_id").distinct().count(),
            "languages": ",".join(languages),
            "profile": profile,
        },
    )


def replace_story_tags(story: Story, originals: Any) -> dict[str, int]:
    """The story's tag rows counted again from its original items' tags; the counts as the profile
    keeps them (``kind:key``)."""
    per_tag: Counter[tuple[str, str]] = Counter(
        (kind, key)
        for _, kind, key in set(
            ItemTag.objects.restrict(SYSTEM_USER)
            .filter(item__in=originals)
            .values_list("item_id", "kind", "key")
        )
    )
    StoryTag.objects.restrict(SYSTEM_USER).filter(story=story).delete()
    StoryTag.objects.bulk_create(
        StoryTag(story=story, kind=kind, key=key, items=n) for (kind, key), n in per_tag.items()
    )
    return {f"{kind}:{key}": n for (kind, key), n in per_tag.items()}


def refresh_story_tags(story: Story) -> None:
    """A story's tags (rows and profile counts) counted again from its items' tags, after those changed
    (the items re-tagged under new rules): derived data, without a record of its own (the work that
    changed the items' tags records it). Call inside the caller's transaction."""
    originals = Item.objects.restrict(SYSTEM_USER).filter(story=story, duplicate_of__isnull=True)
    story.profile = {**story.profile, "tags": replace_story_tags(story, originals)}
    Story.objects.restrict(SYSTEM_USER).filter(pk=story.pk).update(profile=story.profile)


@transaction.atomic
def fade_stories(today: datetime.date, *, actor: Actor) -> list[Story]:
    """Fade the open stories without a new item for :data:`FADE_DAYS`; a faded story takes no new items."""
    cutoff = datetime.datetime.combine(
        today - datetime.timedelta(days=FADE_DAYS - 1), datetime.time(), tzinfo=datetime.UTC
    )
    faded = []
    # Locked first, in one order, then read as they are once locked: a batch growing one of them
    # meanwhile is waited for, and its new items and days are not written over.
    quiet = (
        Story.objects.restrict(SYSTEM_USER)
        .select_for_update()
        .filter(Q(faded_on__isnull=True), Q(merged_into__isnull=True), last_seen__lt=cutoff)
        .order_by("pk")
    )
    for story in quiet:
        save_with_record(story, actor=actor, reason="monitoring: the story faded", fields={"faded_on": today})
        faded.append(story)
    return faded

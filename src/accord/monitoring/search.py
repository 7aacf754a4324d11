"""Search over media items and stories, restricted like every read: what ``restrict(user, "view")``
does not yield is neither found nor counted.

Words are matched on their stems, honestly and simply: each query word is brought to its lemma
(:func:`accord.monitoring.understanding.doc.lemma_of`, Russian or English by its letters) and cut to
its first letters (the lemma less its last two, at least four), and an item matches a word when its
title or text contains that stem, whatever the case — so «учения» finds «учений» and "exercises"
finds "exercise". A stem may also match an unrelated word that begins the same way (учен… in «ученый»);
a proper full-text index comes with the site-wide search. A story matches through its titles or the
texts of its items. Results are ranked by the number of query words matched, then the most recent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, QuerySet, Value, When
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from accord.monitoring.models import Item, ItemTag, Story, StoryTag
from accord.monitoring.understanding.doc import lemma_of

MAX_WORDS = 8
MIN_STEM = 4
EXCERPT = 160
WORD = re.compile(r"\w+", re.UNICODE)
CYRILLIC = re.compile("[а-яё]")


def stem_of(word: str) -> str:
    """The first letters of the word's lemma that its inflected forms share."""
    lower = word.lower().replace("ё", "е")
    lemma = lemma_of(lower, "ru" if CYRILLIC.search(lower) else "en") or lower
    if len(lemma) <= MIN_STEM:
        return lemma
    return lemma[: max(MIN_STEM, len(lemma) - 2)]


def query_stems(query: str) -> list[str]:
    """The stems of the query's words (words of one letter dropped), in order, each once."""
    words = [word for word in WORD.findall(query or "") if len(word) > 1 or word.isdigit()]
    return list(dict.fromkeys(stem_of(word) for word in words[:MAX_WORDS]))


def item_has(stem: str, prefix: str = "") -> Q:
    return Q(**{f"{prefix}title__icontains": stem}) | Q(**{f"{prefix}text__icontains": stem})


def matched_count(conditions: list[Any]) -> Any:
    """How many of the conditions a row meets (one point per query word)."""
    total: Any = Value(0)
    for condition in conditions:
        total = total + Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())
    return total


def search_items(user: Any, stems: list[str], filters: dict[str, Any]) -> QuerySet:
    """The processed items the user may see matching any stem, best first."""
    items = Item.objects.restrict(user).filter(status=Item.Status.PROCESSED).select_related("source")
    if not stems:
        return items.none()
    conditions = [item_has(stem) for stem in stems]
    any_match = conditions[0]
    for condition in conditions[1:]:
        any_match |= condition
    items = items.filter(any_match)
    for kind in ("category", "state"):
        if filters.get(kind):
            items = items.filter(
                Exists(ItemTag.objects.filter(item=OuterRef("pk"), kind=kind, key=filters[kind]))
            )
    if filters.get("start"):
        items = items.filter(published__date__gte=filters["start"])
    if filters.get("end"):
        items = items.filter(published__date__lte=filters["end"])
    return items.annotate(matched=matched_count(conditions)).order_by(
        "-matched", F("published").desc(nulls_last=True), "-id"
    )


def search_stories(user: Any, stems: list[str], filters: dict[str, Any]) -> QuerySet:
    """The stories the user may see (not merged away) matching any stem in a title or an item, best first."""
    stories = Story.objects.restrict(user).filter(merged_into__isnull=True)
    if not stems:
        return stories.none()
    visible_items = Item.objects.restrict(user).filter(story=OuterRef("pk"))
    conditions = [
        Exists(visible_items.filter(item_has(stem)))
        | Q(title_en__icontains=stem)
        | Q(title_ru__icontains=stem)
        for stem in stems
    ]
    any_match = conditions[0]
    for condition in conditions[1:]:
        any_match = any_match | condition
    stories = stories.filter(any_match)
    for kind in ("category", "state"):
        if filters.get(kind):
            stories = stories.filter(
                Exists(StoryTag.objects.filter(story=OuterRef("pk"), kind=kind, key=filters[kind]))
            )
    if filters.get("start"):
        stories = stories.filter(last_seen__date__gte=filters["start"])
    if filters.get("end"):
        stories = stories.filter(first_seen__date__lte=filters["end"])
    return stories.annotate(matched=matched_count(conditions)).order_by("-matched", "-last_seen", "-id")


def highlighted(text: str, stems: list[str], *, excerpt: bool = False) -> SafeString:
    """The text (or an excerpt around its first match) escaped, every word holding a stem marked."""
    if not stems:
        return mark_safe(escape(text[:EXCERPT] if excerpt else text))  # escaped above
    pattern = re.compile(r"\w*(?:" + "|".join(re.escape(stem) for stem in stems) + r")\w*", re.IGNORECASE)
    if excerpt:
        first = pattern.search(text)
        start = max(0, (first.start() if first else 0) - EXCERPT // 3)
        text = (
            ("…" if start else "")
            + text[start : start + EXCERPT]
            + ("…" if start + EXCERPT < len(text) else "")
        )
    pieces, last = [], 0
    for match in pattern.finditer(text):
        pieces += [escape(text[last : match.start()]), f"<mark>{escape(match.group(0))}</mark>"]
        last = match.end()
    pieces.append(escape(text[last:]))
    return mark_safe("".join(pieces))  # every piece is escaped; only <mark> is ours


@dataclass(frozen=True)
class Found:
    """One result: the record, how many query words it matched, and its title and excerpt highlighted."""

    record: Any
    matched: int
    title: SafeString
    excerpt: SafeString


def item_result(item: Item, stems: list[str]) -> Found:
    return Found(
        item, item.matched, highlighted(item.title, stems), highlighted(item.text, stems, excerpt=True)
    )


def story_result(story: Story, stems: list[str]) -> Found:
    other = story.title_ru if story.title == story.title_en else story.title_en
    return Found(story, story.matched, highlighted(story.title, stems), highlighted(other, stems))

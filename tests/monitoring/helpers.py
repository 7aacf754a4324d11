"""Stories for the signals' tests: each with words of its own, so that no two join by accident."""

from __future__ import annotations

import datetime
import string

from accord.monitoring import stories
from accord.monitoring.models import Item, Source, Story
from tests.monitoring.factory import ACTOR, make_item, moment

_made = {"count": 0}


def unique_words(number: int) -> str:
    """Three words made of letters only, different for every number."""
    letters = string.ascii_lowercase
    word = ""
    while True:
        number, rest = divmod(number, 26)
        word += letters[rest]
        if not number:
            break
    return " ".join(f"{prefix}{word}q" for prefix in ("zor", "vel", "kip"))


def make_story(
    source: Source, day: datetime.date | str, *, category: str, states: tuple[str, ...], items: int = 1
) -> Story:
    """A story of ``items`` items of ``source`` on one day, with a category and states, and a place of
    its own."""
    _made["count"] += 1
    number = _made["count"]
    words = unique_words(number)
    tags = [("category", category), ("place", f"place-{number}"), *(("state", state) for state in states)]
    story = None
    for index in range(items):
        item = make_item(
            source, f"story-{number}-{index}", title=words, text=words, published=moment(day), tags=tags
        )
        story = stories.place(item, actor=ACTOR)
    assert story is not None
    return story


def add_copies(story: Story, sources: list[Source], day: datetime.date | str) -> None:
    """Copies of the story's first item by these sources, on a day."""
    original = Item.objects.filter(story=story).order_by("id").first()
    for index, source in enumerate(sources):
        _made["count"] += 1
        copy = make_item(
            source, f"copy-{_made['count']}-{index}", title=original.title, published=moment(day)
        )
        copy.status, copy.duplicate_of, copy.story = Item.Status.DUPLICATE, original, story
        copy.save()
        stories.add_copy(copy, actor=ACTOR)

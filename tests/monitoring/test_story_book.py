"""The story book: a batch's stories grown and merged in memory end where placing the items one at a
time in the database ends, and each story the batch touched is written once."""

from __future__ import annotations

import datetime

import pytest

from accord.core.classification import Classification
from accord.core.derived import PUBLIC_LABELS, Labels
from accord.core.models import ChangeRecord
from accord.monitoring import stories
from accord.monitoring.models import Item, Source, Story, StoryTag
from accord.monitoring.story_book import StoryBook
from tests.monitoring.factory import ACTOR, make_item, make_source, moment
from tests.monitoring.test_stories import TRAINING, TRAINING_EN

pytestmark = pytest.mark.django_db

SECRET = Labels(Classification.SECRET, PUBLIC_LABELS.releasability, PUBLIC_LABELS.release_to)


def training_item(source: Source, key: str, day: str, tags: list[tuple[str, str]]) -> Item:
    """An item about the training, published on ``day``."""
    return make_item(source, key, title=TRAINING_EN[0], text=TRAINING_EN[1], published=moment(day), tags=tags)


def two_stories(name: str, labels: Labels) -> tuple[Source, Story, Story]:
    """A larger story (two items, two sources) and a smaller one (one item) about the same training,
    as if the smaller had been started before the larger was seen."""
    wire, other = make_source(f"wire-{name}", labels=labels), make_source(f"other-{name}", labels=labels)
    first = training_item(wire, f"{name}-1", "2019-10-01", TRAINING)
    big = stories.place(first, actor=ACTOR)
    second = training_item(other, f"{name}-2", "2019-10-01", TRAINING)
    stories.place(second, actor=ACTOR)
    small = stories.new_story(first, actor=ACTOR)
    third = training_item(
        wire,
        f"{name}-3",
        "2019-10-02",
        [*TRAINING, ("state", "KAZ")],
    )
    analysis = stories.analysis_of(third)
    stories.join(
        small, third, stories.term_profile(*TRAINING_EN, "en"), stories.tag_keys(analysis.tags), actor=ACTOR
    )
    big.refresh_from_db(), small.refresh_from_db()
    return wire, big, small


def state_of(story: Story) -> tuple:
    story.refresh_from_db()
    tags = sorted(StoryTag.objects.filter(story=story).values_list("kind", "key", "items"))
    return (story.items_count, story.sources_count, story.languages, story.first_seen, story.last_seen, tags)


def test_an_item_like_two_stories_merges_them_in_memory_as_in_the_database():
    wire, big, small = two_stories("db", PUBLIC_LABELS)
    fourth = training_item(wire, "db-4", "2019-10-03", TRAINING)
    assert stories.place(fourth, actor=ACTOR).pk == big.pk
    expected_big, expected_small = state_of(big), state_of(small)

    wire, big, small = two_stories("book", SECRET)
    before = ChangeRecord.objects.filter(object_type="monitoring.story").count()
    fourth = training_item(wire, "book-4", "2019-10-03", TRAINING)
    book = StoryBook(SECRET.as_fields(), [moment("2019-10-03")], actor=ACTOR)
    story = book.place(fourth, stories.analysis_of(fourth))
    fourth.story = story
    fourth.save()
    book.joined_item(story, fourth, copy=False)
    book.write()

    assert story.pk == big.pk
    assert state_of(big) == expected_big and state_of(small) == expected_small
    assert expected_big[0] == 4 and expected_small[:2] == (0, 0)
    small.refresh_from_db()
    assert small.merged_into_id == big.pk
    assert not Item.objects.filter(story=small).exists()
    records = list(ChangeRecord.objects.filter(object_type="monitoring.story").order_by("id")[before:])
    assert sorted(int(record.object_id) for record in records) == sorted([big.pk, small.pk])
    on_big = next(record for record in records if int(record.object_id) == big.pk)
    assert on_big.after["stories_merged_in"] == [small.pk]
    assert on_big.after["items_joined"] == [fourth.pk]
    assert on_big.after["profile"]["tags"]["training:interaction-2019"] == 4


def test_a_copy_of_an_item_of_a_story_merged_earlier_counts_in_the_story_it_merged_into():
    _wire, big, small = two_stories("copy", PUBLIC_LABELS)
    stories.merge_stories(big, small, actor=ACTOR)
    other_site = make_source("third-site")
    original = Item.objects.get(external_id="copy-3")
    copy = make_item(other_site, "copy-copy", title="x", published=moment("2019-10-04"))
    book = StoryBook(PUBLIC_LABELS.as_fields(), [moment("2019-10-04")], actor=ACTOR)
    story = book.story_for_copy(small.pk)
    assert story.pk == big.pk
    copy.status, copy.duplicate_of, copy.story = Item.Status.DUPLICATE, original, story
    copy.save()
    book.add_copy(copy, story)
    book.joined_item(story, copy, copy=True)
    book.write()
    big.refresh_from_db()
    assert big.sources_count == 3 and big.items_count == 3
    assert big.last_seen == moment("2019-10-04")


def test_a_faded_story_reached_through_a_copy_takes_no_new_item():
    wire, big, _small = two_stories("faded", PUBLIC_LABELS)
    Story.objects.filter(pk=big.pk).update(faded_on=datetime.date(2019, 10, 9))
    original = Item.objects.get(external_id="faded-1")
    book = StoryBook(PUBLIC_LABELS.as_fields(), [moment("2019-10-03")], actor=ACTOR)
    assert book.story_for_copy(original.story_id).pk == big.pk  # a copy still counts in its story
    new = training_item(wire, "faded-4", "2019-10-03", TRAINING)
    assert book.place(new, stories.analysis_of(new)).pk != big.pk

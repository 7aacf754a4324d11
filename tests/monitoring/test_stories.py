"""Stories: items join the most similar recent story of their labels, across languages on shared
entities; unrelated items and items of other labels never join; stories merge and fade; copies count
sources, not items."""

from __future__ import annotations

import datetime

import pytest

from accord.core.classification import Classification, Releasability
from accord.core.derived import Labels
from accord.core.models import ChangeRecord
from accord.monitoring import stories
from accord.monitoring.models import Item, Story, StoryTag
from tests.monitoring.factory import ACTOR, make_item, make_source, moment

pytestmark = pytest.mark.django_db

TRAINING = [("state", "TJK"), ("training", "interaction-2019"), ("body", "csto"), ("place", "harbmaidon")]
TRAINING_EN = (
    "CSTO forces begin the Interaction-2019 exercise at the Harbmaidon range in Tajikistan",
    "Troops of the collective rapid deployment forces arrived at the Harbmaidon training range in "
    "Tajikistan for the joint exercise Interaction-2019, the command said.",
)
TRAINING_RU = (
    "На полигоне Харбмайдон в Таджикистане начались учения ОДКБ «Взаимодействие-2019»",
    "Подразделения коллективных сил оперативного реагирования прибыли на полигон Харбмайдон "
    "в Таджикистане для участия в совместном учении «Взаимодействие-2019».",
)
DRUGS_EN = (
    "Kyrgyz border guards seize 200 kilograms of heroin near Osh",
    "Border guards of Kyrgyzstan seized a large consignment of heroin hidden in a lorry near Osh.",
)


def place(source, key, title_text, *, day="2019-10-01", language="en", tags=()):
    title, text = title_text
    item = make_item(source, key, title=title, text=text, language=language, published=moment(day), tags=tags)
    return stories.place(item, actor=ACTOR)


def test_an_english_and_a_russian_item_about_one_training_join_one_story():
    wire, tass = make_source("wire", language="en"), make_source("tass", language="ru")
    first = place(wire, "en-1", TRAINING_EN, tags=TRAINING)
    second = place(
        tass, "ru-1", TRAINING_RU, day="2019-10-02", language="ru", tags=[*TRAINING, ("state", "RUS")]
    )
    drugs = place(
        wire, "en-2", DRUGS_EN, tags=[("state", "KGZ"), ("place", "osh"), ("category", "drug-trafficking")]
    )
    assert second.pk == first.pk and drugs.pk != first.pk
    story = Story.objects.get(pk=first.pk)
    assert (story.items_count, story.sources_count, story.languages) == (2, 2, "en,ru")
    assert story.title_en == TRAINING_EN[0] and story.title_ru == TRAINING_RU[0]
    assert (story.first_seen.date(), story.last_seen.date()) == (
        datetime.date(2019, 10, 1),
        datetime.date(2019, 10, 2),
    )
    tags = dict(((tag.kind, tag.key), tag.items) for tag in StoryTag.objects.filter(story=story))
    assert tags[("training", "interaction-2019")] == 2 and tags[("state", "RUS")] == 1
    assert set(Item.objects.filter(story=story).values_list("external_id", flat=True)) == {"en-1", "ru-1"}
    assert len(story.profile["text"]["en"]) <= stories.PROFILE_TERMS
    assert ChangeRecord.objects.filter(object_type="monitoring.story", object_id=str(story.pk)).count() >= 2


def test_items_sharing_only_a_state_and_a_category_do_not_join():
    wire = make_source("wire")
    first = place(
        wire,
        "a",
        ("Explosion at a market in Dushanbe", "A blast hit a market."),
        tags=[("state", "TJK"), ("category", "terrorism")],
    )
    other = place(
        wire,
        "b",
        ("Police detain recruiters in Khujand", "Recruiters were detained by police."),
        tags=[("state", "TJK"), ("category", "terrorism")],
    )
    assert first.pk != other.pk


def test_a_story_grows_within_its_window_and_not_beyond_it():
    wire = make_source("wire")
    first = place(wire, "1", TRAINING_EN, tags=TRAINING)
    later = place(wire, "2", TRAINING_EN, day="2019-10-04", tags=TRAINING)
    too_late = place(wire, "3", TRAINING_EN, day="2019-10-12", tags=TRAINING)
    assert later.pk == first.pk and too_late.pk != first.pk
    assert Story.objects.get(pk=first.pk).items_count == 2


def test_items_of_different_labels_never_join():
    public = make_source("public-wire")
    closed = make_source("closed-wire", labels=Labels(Classification.RESTRICTED, Releasability.MEMBERS_ONLY))
    first = place(public, "p", TRAINING_EN, tags=TRAINING)
    second = place(closed, "c", TRAINING_EN, tags=TRAINING)
    assert first.pk != second.pk
    assert (second.classification, second.releasability) == (Classification.RESTRICTED, "members-only")


def test_copies_count_sources_never_items():
    wire, other = make_source("wire"), make_source("other-site")
    story = place(wire, "orig", TRAINING_EN, tags=TRAINING)
    original = Item.objects.get(external_id="orig")
    for number, source in enumerate([other, other, wire]):
        copy = make_item(source, f"copy-{number}", title=TRAINING_EN[0], published=moment("2019-10-02"))
        copy.status, copy.duplicate_of, copy.story = Item.Status.DUPLICATE, original, story
        copy.save()
        stories.add_copy(copy, actor=ACTOR)
    story.refresh_from_db()
    assert (story.items_count, story.sources_count) == (1, 2)
    assert story.last_seen.date() == datetime.date(2019, 10, 2)


def test_an_item_like_two_stories_merges_the_smaller_into_the_larger():
    wire = make_source("wire")
    big = place(wire, "1", TRAINING_EN, tags=TRAINING)
    place(wire, "2", TRAINING_EN, tags=TRAINING)
    small = stories.new_story(Item.objects.get(external_id="1"), actor=ACTOR)
    third = make_item(
        wire, "3", title=TRAINING_EN[0], text=TRAINING_EN[1], published=moment("2019-10-01"), tags=TRAINING
    )
    stories.join(
        small,
        third,
        stories.term_profile(*TRAINING_EN, "en"),
        stories.tag_keys(stories.analysis_of(third).tags),
        actor=ACTOR,
    )
    joined = place(wire, "4", TRAINING_EN, tags=TRAINING)
    big.refresh_from_db(), small.refresh_from_db()
    assert joined.pk == big.pk and small.merged_into_id == big.pk
    assert big.items_count == 4 and small.items_count == 0
    assert Item.objects.filter(story=small).count() == 0
    assert StoryTag.objects.get(story=big, kind="training").items == 4
    assert not StoryTag.objects.filter(story=small).exists()


def test_a_story_fades_after_a_quiet_week_and_takes_no_more_items():
    wire = make_source("wire")
    story = place(wire, "1", TRAINING_EN, tags=TRAINING)
    assert stories.fade_stories(datetime.date(2019, 10, 7), actor=ACTOR) == []
    assert [s.pk for s in stories.fade_stories(datetime.date(2019, 10, 8), actor=ACTOR)] == [story.pk]
    story.refresh_from_db()
    assert story.faded_on == datetime.date(2019, 10, 8)
    assert place(wire, "2", TRAINING_EN, day="2019-10-03", tags=TRAINING).pk != story.pk


def test_a_copy_of_an_item_of_a_merged_story_counts_in_the_story_it_merged_into():
    wire, other = make_source("wire"), make_source("other-site")
    into = place(wire, "1", TRAINING_EN, tags=TRAINING)
    merged = stories.new_story(Item.objects.get(external_id="1"), actor=ACTOR)
    item = make_item(wire, "2", title="x", published=moment("2019-10-01"))
    Item.objects.filter(pk=item.pk).update(story=merged)
    stories.merge_stories(into, merged, actor=ACTOR)
    copy = make_item(other, "copy", title="x", published=moment("2019-10-01"))
    copy.status, copy.duplicate_of, copy.story = Item.Status.DUPLICATE, item, merged
    copy.save()
    assert stories.add_copy(copy, actor=ACTOR).pk == into.pk
    copy.refresh_from_db(), into.refresh_from_db()
    assert copy.story_id == into.pk and into.sources_count == 2

"""Taking deliveries in by the batch: the same items, copies and stories as one at a time, one change
record for the batch with each item's digest, each story written once, and one bad item failing alone."""

from __future__ import annotations

import datetime
import hashlib
from collections import defaultdict
from pathlib import Path

import pytest

from accord.core.classification import Classification
from accord.core.derived import PUBLIC_LABELS, Labels
from accord.core.models import ChangeRecord
from accord.monitoring import copies, intake, stories
from accord.monitoring.intake import Delivery
from accord.monitoring.intake_batch import take_in, take_in_batch, text_digest
from accord.monitoring.models import Item, Source, StoryTag
from accord.monitoring.text.errors import TextError
from accord.monitoring.understanding.analysis import analyse
from accord.monitoring.understanding.knowledge import current_knowledge
from tests.monitoring.factory import ACTOR, make_source

pytestmark = pytest.mark.django_db

GOLD = Path(__file__).parent / "gold"
RESTRICTED = Labels(Classification.RESTRICTED, PUBLIC_LABELS.releasability, PUBLIC_LABELS.release_to)


@pytest.fixture(autouse=True)
def fresh_copies():
    copies.forget()
    yield
    copies.forget()


def corpus() -> list[Delivery]:
    """The gold passages over four days, each English one also republished word for word the day after,
    and two near copies (a sentence dropped): originals, copies of earlier items of the same batch, and
    items of both languages about the same things."""
    start = datetime.datetime(2026, 11, 20, 9, tzinfo=datetime.UTC)
    deliveries = []
    for number, path in enumerate(sorted(GOLD.glob("*-*.*"))):
        data = path.read_bytes()
        published = start + datetime.timedelta(hours=7 * number)
        kind = "text/html" if path.suffix == ".html" else "text/plain"
        deliveries.append(Delivery(path.name, data, name=path.name, content_type=kind, published=published))
        if path.name.startswith("en-") and number % 3 == 0:
            again = published + datetime.timedelta(days=1)
            deliveries.append(Delivery(f"again-{path.name}", data, path.name, kind, published=again))
        if number in (1, 5) and path.suffix == ".txt":
            text = path.read_text(encoding="utf-8")
            shorter = text.rsplit(".", 2)[0] + "."
            deliveries.append(
                Delivery(f"near-{path.name}", shorter.encode(), path.name, kind, published=published)
            )
    return deliveries


def grouping(source: Source) -> dict[str, object]:
    """What a source's items came to: each item's status and original, and the stories as sets of items
    with their counts and tags (by the items' ids in the source, so two sources compare)."""
    items = Item.objects.filter(source=source).select_related("duplicate_of", "story")
    statuses = {
        item.external_id: (item.status, getattr(item.duplicate_of, "external_id", None)) for item in items
    }
    members: dict[int, set[str]] = defaultdict(set)
    for item in items:
        if item.story_id:
            members[item.story_id].add(item.external_id)
    stories = {}
    for story_id, names in members.items():
        story = Item.objects.filter(story_id=story_id).first().story
        tags = sorted(StoryTag.objects.filter(story_id=story_id).values_list("kind", "key", "items"))
        stories[frozenset(names)] = (story.items_count, story.sources_count, story.languages, tags)
    return {"statuses": statuses, "stories": stories}


def one_at_a_time(source: Source, deliveries: list[Delivery]) -> None:
    """The reference: each delivery read, compared, understood and placed on its own, its story found,
    grown and merged in the database by :func:`stories.place` and :func:`stories.add_copy`."""
    for delivery in deliveries:
        if Item.objects.filter(source=source, external_id=delivery.external_id).exists():
            continue
        item = intake.new_item(source, delivery, delivery.external_id, None)
        try:
            cleaned = intake.clean(source, delivery)
        except TextError as error:
            item.status, item.error_code, item.error = Item.Status.FAILED, error.code, str(error)
            item.save()
            continue
        intake.fill_text(item, cleaned)
        original, similarity = reference_original(item, cleaned)
        if original is not None:
            item.status, item.duplicate_of, item.similarity = Item.Status.DUPLICATE, original, similarity
            item.story_id = original.story_id
            item.save()
            if item.story_id:
                stories.add_copy(item, actor=ACTOR)
            continue
        knowledge = current_knowledge()
        result = analyse(cleaned.whole, item.language, knowledge)
        item.status = Item.Status.PROCESSED
        item.save()
        intake.save_analysis(item, result)
        stories.place(item, result, actor=ACTOR)


def reference_original(item: Item, cleaned) -> tuple[Item | None, float]:
    labels = intake.labels_of(item)
    exact = (
        Item.objects.filter(exact_key=cleaned.exact_key, status=Item.Status.PROCESSED, **labels.as_fields())
        .order_by("id")
        .first()
    )
    return (exact, 1.0) if exact is not None else copies.nearest(labels, cleaned.signature)


def test_a_batch_comes_to_the_same_items_copies_and_stories_as_one_at_a_time():
    reference = make_source("one-by-one")
    batched = make_source("batched", labels=RESTRICTED)  # other labels: neither copies the other
    deliveries = corpus()
    one_at_a_time(reference, deliveries)
    results = take_in_batch(batched, deliveries, actor=ACTOR)
    assert all(new for _item, new in results)
    alone, together = grouping(reference), grouping(batched)
    assert together == alone
    statuses = [status for status, _of in together["statuses"].values()]
    assert statuses.count(Item.Status.DUPLICATE) >= 4  # word-for-word and near copies of earlier items
    assert any(len(names) > 1 for names in together["stories"])


def test_one_delivery_alone_is_a_batch_of_one():
    source = make_source()
    first = corpus()[0]
    item = take_in(source, first, actor=ACTOR)
    assert item.status == Item.Status.PROCESSED and item.story_id
    assert take_in(source, first, actor=ACTOR).pk == item.pk


def test_a_batch_leaves_one_record_naming_each_item_with_its_digest_and_one_per_story_it_changed():
    source = make_source()
    before = ChangeRecord.objects.count()
    take_in_batch(source, corpus(), actor=ACTOR)
    records = ChangeRecord.objects.filter(id__gt=0).order_by("id")[before:]
    on_source = [record for record in records if record.object_type == "monitoring.source"]
    assert len(on_source) == 1
    listed = {pk: (status, digest) for pk, status, digest in on_source[0].after["items_taken_in"]}
    items = Item.objects.filter(source=source)
    assert set(listed) == {item.pk for item in items}
    for item in items:
        status, digest = listed[item.pk]
        assert status == item.status
        assert digest == hashlib.sha256(f"{item.title}\n\n{item.text}".encode()).hexdigest()
    assert not [record for record in records if record.object_type == "monitoring.item"]
    per_story = defaultdict(list)
    for record in records:
        if record.object_type == "monitoring.story":
            per_story[int(record.object_id)].append(record)
    touched = set(items.exclude(story=None).values_list("story_id", flat=True))
    assert touched and touched <= set(per_story)
    for story_records in per_story.values():
        assert len(story_records) == 1  # made, grown and merged by the batch: written once
        after = story_records[0].after
        assert after.get("items_joined") or after.get("copies") or after.get("merged_into_id")


def test_an_item_whose_text_was_changed_no_longer_matches_its_digest():
    source = make_source()
    item, _new = take_in_batch(source, corpus()[:1], actor=ACTOR)[0]
    kept = text_digest(item)
    Item.objects.filter(pk=item.pk).update(text=item.text.replace("the", "a", 1))
    item.refresh_from_db()
    assert text_digest(item) != kept


def test_a_delivery_repeated_within_a_batch_and_delivered_again_later_is_one_item():
    source = make_source()
    first = corpus()[0]
    results = take_in_batch(source, [first, first], actor=ACTOR)
    assert [new for _item, new in results] == [True, False]
    assert results[0][0].pk == results[1][0].pk
    again = take_in_batch(source, [first], actor=ACTOR)
    assert (again[0][0].pk, again[0][1]) == (results[0][0].pk, False)
    assert Item.objects.filter(source=source).count() == 1


def test_an_unexpected_error_on_one_item_fails_that_item_alone(monkeypatch):
    from accord.monitoring.understanding import analysis

    real = analysis.analyse

    def failing_on_one(text, *args, **kwargs):
        if "Бишкек" in text or "Bishkek" in text:
            raise RuntimeError("a fault in the analysis")
        return real(text, *args, **kwargs)

    monkeypatch.setattr(analysis, "analyse", failing_on_one)
    source = make_source()
    deliveries = corpus()
    results = take_in_batch(source, deliveries, actor=ACTOR)
    failed = {item.external_id for item, _new in results if item.status == Item.Status.FAILED}
    mentioning = {
        delivery.external_id
        for delivery in deliveries
        if "Bishkek" in delivery.data.decode() or "Бишкек" in delivery.data.decode()
    }
    originals = {external_id for external_id in mentioning if not external_id.startswith(("again-", "near-"))}
    assert originals and originals <= failed <= mentioning
    assert (
        set(Item.objects.filter(source=source, error_code="internal").values_list("external_id", flat=True))
        == failed
    )
    assert len(failed) < len(results)
    assert Item.objects.filter(source=source).count() == len({item.pk for item, _new in results})
    processed = Item.objects.filter(source=source, status=Item.Status.PROCESSED)
    assert processed.exists() and all(item.story_id for item in processed)


def test_an_unexpected_error_on_a_delivery_alone_fails_it_with_the_reason(monkeypatch):
    from accord.monitoring.understanding import analysis

    def failing(*args, **kwargs):
        raise RuntimeError("a fault in the analysis")

    monkeypatch.setattr(analysis, "analyse", failing)
    item = take_in(make_source(), corpus()[0], actor=ACTOR)
    assert (item.status, item.error_code) == (Item.Status.FAILED, "internal")
    assert item.error.startswith("Accord could not take this item in")

"""The visibility harness's records of media monitoring: a source at every label with one item (its
labels), the item's tag and figure, a story of that item with its tag, a review and a citation, and a
version of the rules (see ``factories.py`` for how a factory makes its records)."""

from __future__ import annotations

from collections.abc import Iterator

from accord.core.audit import save_with_record
from accord.monitoring.models import (
    Item,
    ItemFigure,
    ItemTag,
    RulesVersion,
    Source,
    Story,
    StoryCitation,
    StoryReview,
    StoryTag,
)
from tests.visibility.factories import children_of
from tests.visibility.matrix import GRID
from tests.visibility.world import ACTOR, Record, World, labelled, marker


def sources(world: World) -> Iterator[Record]:
    """Upload sources at every label, keyed and named by their marker."""
    for labels in GRID:
        mark = marker("msrc", labels)
        source = Source(**labelled({"key": mark, "name": mark, "kind": Source.Kind.UPLOAD}, labels))
        save_with_record(source, actor=ACTOR, reason="visibility harness")
        yield Record(mark, source.pk, labels)


def items(world: World) -> Iterator[Record]:
    """One item of each source, labelled as its source, titled by its marker and dated today."""
    for parent in world.records["monitoring.source"]:
        mark = marker("mitem", parent.labels)
        source = Source.objects.get(pk=parent.pk)
        values = {
            "source": source,
            "external_id": mark,
            "title": mark,
            "text": f"{mark}: exercises of the collective forces in Tajikistan.",
            "language": "en",
            "status": Item.Status.PROCESSED,
            "exact_key": mark,
        }
        item = Item(**labelled(values, parent.labels))
        save_with_record(item, actor=ACTOR, reason="visibility harness")
        yield Record(mark, item.pk, parent.labels)


def item_tags(world: World) -> Iterator[Record]:
    def tag(item: Item, mark: str) -> ItemTag:
        return ItemTag.objects.create(item=item, kind="place", key=mark, rule="harness", words=[mark])

    return children_of(world, "monitoring.item", "mtag", tag)


def item_figures(world: World) -> Iterator[Record]:
    def figure(item: Item, mark: str) -> ItemFigure:
        return ItemFigure.objects.create(item=item, value=1500, unit="servicemen", words=mark)

    return children_of(world, "monitoring.item", "mfig", figure)


def stories(world: World) -> Iterator[Record]:
    """A story of each item, labelled as its item, titled by its marker."""
    for parent in world.records["monitoring.item"]:
        mark = marker("mstory", parent.labels)
        item = Item.objects.get(pk=parent.pk)
        values = {
            "title_en": mark,
            "first_seen": item.received_at,
            "last_seen": item.received_at,
            "items_count": 1,
            "sources_count": 1,
            "languages": "en",
        }
        story = Story(**labelled(values, parent.labels))
        save_with_record(story, actor=ACTOR, reason="visibility harness")
        save_with_record(item, actor=ACTOR, reason="visibility harness", fields={"story": story})
        yield Record(mark, story.pk, parent.labels)


def story_tags(world: World) -> Iterator[Record]:
    def tag(story: Story, mark: str) -> StoryTag:
        return StoryTag.objects.create(story=story, kind="place", key=mark)

    return children_of(world, "monitoring.story", "mstag", tag)


def story_reviews(world: World) -> Iterator[Record]:
    def review(story: Story, mark: str) -> StoryReview:
        found = StoryReview(story=story, verdict=Story.Triage.RELEVANT, note=mark, by="harness")
        save_with_record(found, actor=ACTOR, reason="visibility harness")
        return found

    return children_of(world, "monitoring.story", "mrev", review)


def story_citations(world: World) -> Iterator[Record]:
    """Each story cited in the harness's situation report of the same labels."""
    from accord.crisis.models import SituationReport

    def citation(story: Story, mark: str) -> StoryCitation:
        report = SituationReport.objects.filter(
            classification=story.classification,
            releasability=story.releasability,
            release_to=story.release_to,
        ).first()
        found = StoryCitation(story=story, report=report, note=mark, by="harness")
        save_with_record(found, actor=ACTOR, reason="visibility harness")
        return found

    return children_of(world, "monitoring.story", "mcite", citation)


def rules_versions(world: World) -> Iterator[Record]:
    """One saved version of the rules (public: the rules say nothing classified)."""
    mark = "vis-rules-version"
    number = (RulesVersion.objects.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = RulesVersion(number=number, text=f"# {mark}\n", note=mark, saved_by="harness")
    save_with_record(version, actor=ACTOR, reason="visibility harness")
    yield Record(mark, version.pk)

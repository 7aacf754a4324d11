"""Stories for the tests of what analysts do with them, written straight through ``save_with_record``
(the clustering that makes stories is tested on its own)."""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable

from accord.core.audit import save_with_record
from accord.core.derived import PUBLIC_LABELS, Labels, combined
from accord.crisis.models import SituationReport
from accord.monitoring.models import Item, Story, StoryTag
from tests.monitoring.factory import ACTOR, make_item, make_source, moment

DAY = datetime.date(2026, 11, 20)


def labels_of(record) -> Labels:
    return Labels(record.classification, record.releasability, record.release_to)


def make_story(
    items: Iterable[Item],
    *,
    title_en: str = "Exercise in Kazakhstan",
    title_ru: str = "Учения в Казахстане",
    triage: str = Story.Triage.NEW,
    note: str = "",
) -> Story:
    """A story of these items, its tags summed over them and its labels the highest of theirs."""
    items = list(items)
    labels = combined(labels_of(item) for item in items)
    story = Story(
        title_en=title_en,
        title_ru=title_ru,
        first_seen=min(item.published for item in items),
        last_seen=max(item.published for item in items),
        items_count=len(items),
        sources_count=len({item.source_id for item in items}),
        languages=",".join(sorted({item.language for item in items})),
        triage=triage,
        triage_note=note,
        **labels.as_fields(),
    )
    save_with_record(story, actor=ACTOR, reason="tests")
    counts = Counter((tag.kind, tag.key) for item in items for tag in item.tags.all())
    StoryTag.objects.bulk_create(
        StoryTag(story=story, kind=kind, key=key, items=count) for (kind, key), count in counts.items()
    )
    Item.objects.filter(pk__in=[item.pk for item in items]).update(story=story)
    return story


def simple_story(
    name: str = "s1",
    *,
    tags: Iterable[tuple[str, str]] = (("state", "KAZ"), ("category", "terrorism")),
    labels: Labels = PUBLIC_LABELS,
    day: datetime.date = DAY,
    triage: str = Story.Triage.NEW,
    note: str = "",
    title_en: str = "Exercise in Kazakhstan",
    title_ru: str = "Учения в Казахстане",
    text: str = "",
    language: str = "en",
) -> Story:
    """A story of one item of a source with these labels."""
    source = make_source(f"wire-{int(labels.classification)}-{labels.releasability}", labels=labels)
    item = make_item(
        source, f"{name}-1", title=title_en, text=text, language=language, published=moment(day), tags=tags
    )
    return make_story([item], title_en=title_en, title_ru=title_ru, triage=triage, note=note)


RESTRICTED = Labels(1, "members-only")


def draft_report(day: datetime.date = DAY, labels: Labels = RESTRICTED) -> SituationReport:
    report = SituationReport(
        report_date=day, drafted_by="tests", drafted_at=moment(day, 6), **labels.as_fields()
    )
    save_with_record(report, actor=ACTOR, reason="tests")
    return report

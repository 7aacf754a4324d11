"""The monitoring parts of the reference harness (``test_references.py``): a public story linked to a
hidden crisis, a hidden event and cited in a hidden situation report, and a public story merged into a
hidden one. The story's page and its API answer name each link only to who may see the target."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accord.core.audit import save_with_record
from accord.core.models import Run
from accord.crisis.models import Event, SituationReport
from accord.monitoring.models import Item, Source, Story, StoryCitation
from accord.response.models import Crisis
from tests.core.reference_parts import SYSTEM, P, S, Scenario

HIDDEN_CRISIS, HIDDEN_EVENT, HIDDEN_REPORT, HIDDEN_STORY = 9_810_001, 9_810_002, 9_810_003, 9_810_004
HIDDEN_SOURCE, HIDDEN_ITEM, HIDDEN_RUN = 9_820_000, 9_830_000, 9_840_000
PUBLIC = {"classification": P, "releasability": "everyone"}
SECRET = {"classification": S, "releasability": "members-only"}


def story(title: str, labels: dict, **extra) -> Story:
    now = timezone.now()
    made = Story(title_en=title, first_seen=now, last_seen=now, items_count=1, sources_count=1, **extra)
    save_with_record(made, actor=SYSTEM, fields={**labels, "triage": "verified", "triage_note": "harness"})
    return made


class MonitoringWorld:
    """The monitoring records of the harness (mixed into its world)."""

    def make_monitoring(self) -> None:
        crisis = Crisis(pk=HIDDEN_CRISIS, key="lyra-hidden-crisis", title_en="Lyra hidden crisis")
        save_with_record(crisis, actor=SYSTEM, fields={"started_on": timezone.localdate(), **SECRET})
        event = Event(pk=HIDDEN_EVENT)
        fields = {
            "source": "media",
            "source_id": "harness-hidden-story",
            "date": datetime.date(2001, 2, 3),
            "date_precision": "day",
            "place_precision": "country",
            "country": "TJK",
            "category": "terrorism",
            **SECRET,
        }
        save_with_record(event, actor=SYSTEM, fields=fields)
        report = SituationReport(
            pk=HIDDEN_REPORT, scope="lyra-hidden-scope", report_date=timezone.localdate(), drafted_by="x"
        )
        save_with_record(report, actor=SYSTEM, fields={"drafted_at": timezone.now(), **SECRET})
        self.hidden_story = story("Lyra hidden story", SECRET, pk=HIDDEN_STORY)
        self.open_story = story("Open story of the wires", PUBLIC, crisis=crisis, event=event)
        StoryCitation.objects.create(story=self.open_story, report=report, note="harness", by="x")
        self.merged_story = story("Open merged story", PUBLIC, merged_into=self.hidden_story)
        self.make_items()

    def make_items(self) -> None:
        """A public source whose last fetch is a run only its keepers see, a hidden source, and a public
        item of the hidden source (a source's labels may be raised after its items came in) that copies
        a hidden item and belongs to the hidden story."""
        run = Run(pk=HIDDEN_RUN, kind="monitoring-fetch", subject="carina-hidden-run", actor_name="x")
        run.save()
        self.open_media_source = Source(key="open-wire", name="Open wire", kind="upload", last_run=run)
        save_with_record(self.open_media_source, actor=SYSTEM, fields=PUBLIC)
        hidden_source = Source(pk=HIDDEN_SOURCE, key="carina-hidden-source", name="Carina hidden source")
        save_with_record(hidden_source, actor=SYSTEM, fields={"kind": "upload", **SECRET})
        hidden_item = Item(pk=HIDDEN_ITEM, source=hidden_source, external_id="x", status="processed")
        save_with_record(hidden_item, actor=SYSTEM, fields={"title": "Carina hidden item", **SECRET})
        self.open_media_item = Item(source=hidden_source, external_id="open", status="duplicate", run=run)
        fields = {"title": "Open item", "duplicate_of": hidden_item, "story": self.hidden_story, **PUBLIC}
        save_with_record(self.open_media_item, actor=SYSTEM, fields=fields)

    def monitoring_scenarios(self) -> dict[str, Scenario]:
        page = f"/monitoring/stories/{self.open_story.pk}/"
        api = f"/api/v1/monitoring/stories/{self.open_story.pk}"
        return {
            "monitoring.story.crisis": Scenario(
                (str(HIDDEN_CRISIS), "Lyra hidden crisis"),
                ((page, "Lyra hidden crisis"),),
                ((api, lambda answer: answer["crisis"]),),
            ),
            "monitoring.story.event": Scenario(
                (str(HIDDEN_EVENT), "2001-02-03 TJK"),
                ((page, "2001-02-03 TJK terrorism"),),
                ((api, lambda answer: answer["event"]),),
            ),
            "monitoring.storycitation.report": Scenario(
                (str(HIDDEN_REPORT), "lyra-hidden-scope"),
                ((page, "lyra-hidden-scope"),),
                ((api, lambda answer: answer["citations"][0]["report"]),),
            ),
            # A merged story's page sends the reader on to the story it joined, followed only through
            # stories the reader may see (a hidden one ends in "not found"); no answer names it.
            "monitoring.story.merged_into": Scenario((str(HIDDEN_STORY), "Lyra hidden story"), ()),
            **self.item_scenarios(),
        }

    def item_scenarios(self) -> dict[str, Scenario]:
        page = f"/monitoring/items/{self.open_media_item.pk}/"
        api = f"/api/v1/monitoring/items/{self.open_media_item.pk}"
        return {
            "monitoring.item.source": Scenario(
                (str(HIDDEN_SOURCE), "Carina hidden source", "carina-hidden-source"),
                ((page, "Carina hidden source"),),
                ((api, lambda answer: answer["source"]),),
            ),
            "monitoring.item.duplicate_of": Scenario(
                (str(HIDDEN_ITEM), "Carina hidden item"),
                ((page, "Carina hidden item"),),
                ((api, lambda answer: answer["duplicate_of"]),),
            ),
            "monitoring.item.story": Scenario(
                (str(HIDDEN_STORY), "Lyra hidden story"),
                ((page, "Lyra hidden story"),),
                ((api, lambda answer: answer["story"]),),
            ),
            # A fetch's run is its keepers' bookkeeping: no page or answer shows it to anyone else.
            "monitoring.item.run": Scenario((str(HIDDEN_RUN), "carina-hidden-run"), ()),
            "monitoring.source.last_run": Scenario((str(HIDDEN_RUN), "carina-hidden-run"), ()),
        }

"""The monitoring parts of the reference harness (``test_references.py``): a public story linked to a
hidden crisis, a hidden event and cited in a hidden situation report, and a public story merged into a
hidden one. The story's page and its API answer name each link only to who may see the target."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accord.core.audit import save_with_record
from accord.crisis.models import Event, SituationReport
from accord.monitoring.models import Story, StoryCitation
from accord.response.models import Crisis
from tests.core.reference_parts import SYSTEM, P, S, Scenario

HIDDEN_CRISIS, HIDDEN_EVENT, HIDDEN_REPORT, HIDDEN_STORY = 9_810_001, 9_810_002, 9_810_003, 9_810_004
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
        }

"""The situation report's section "Media: verified stories": the stories cited in the report of the
day and scope, each with its title in the report's language, its sources, languages, categories,
states and the analyst's note.

A section is built for a reader, a day and a region (:mod:`accord.crisis.sitreps.extra`): the report
it belongs to is the newest version of that day and scope — the draft being read or approved (an
approved report shows what it stored). Only the stories the reader may see and the report's own
labels cover are shown, so citing never raises a report's labels and a reader never learns more than
the report says.
"""

from __future__ import annotations

import datetime
from typing import Any

from accord.core.access import SYSTEM_USER
from accord.crisis.models import SituationReport
from accord.crisis.models.sitreps import WHOLE_AREA
from accord.crisis.sitreps.extra import ExtraSection, register_section
from accord.monitoring.models import Story, StoryCitation
from accord.monitoring.story_services import covers, labels_of

TEMPLATE = "monitoring/sitrep_media.html"
ORDER = 60


def report_of(day: datetime.date, region: str) -> SituationReport | None:
    """The newest version of the report of the day and scope (read as Accord: it is only a key)."""
    return (
        SituationReport.objects.restrict(SYSTEM_USER)
        .filter(report_date=day, scope=region or WHOLE_AREA)
        .defer("html", "pdf")
        .order_by("-version")
        .first()
    )


def tag_keys(story: Story, kind: str) -> list[str]:
    return sorted(tag.key for tag in story.tags.all() if tag.kind == kind)


def media_section(user: Any, day: datetime.date, region: str = "") -> dict[str, Any] | None:
    """The cited stories the reader may see and the report covers (None: no story cited)."""
    report = report_of(day, region)
    if report is None:
        return None
    visible = Story.objects.restrict(user)
    citations = (
        StoryCitation.objects.filter(report=report, story__in=visible)
        .select_related("story")
        .prefetch_related("story__tags")
        .order_by("at", "id")
    )
    shown = [citation for citation in citations if covers(labels_of(report), labels_of(citation.story))]
    if not shown:
        return None
    rows = [
        {
            "story": citation.story,
            "title": citation.story.title,
            "sources": citation.story.sources_count,
            "languages": citation.story.languages,
            "categories": tag_keys(citation.story, "category"),
            "states": tag_keys(citation.story, "state"),
            "note": citation.note,
        }
        for citation in shown
    ]
    return {"rows": rows, "queryset": Story.objects.filter(pk__in=[row["story"].pk for row in rows])}


register_section(ExtraSection(ORDER, TEMPLATE, media_section))

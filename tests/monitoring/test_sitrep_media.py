"""The situation report's section "Media: verified stories": the stories cited in the report, in its
HTML and its PDF, never a story the report's labels would not cover."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.access import SYSTEM_USER
from accord.core.audit import Actor, save_with_record
from accord.core.derived import PUBLIC_LABELS, Labels
from accord.crisis import sitrep
from accord.crisis.sitreps import services as sitrep_services
from accord.monitoring import story_services
from accord.monitoring.models import StoryCitation
from accord.monitoring.sitrep_media import media_section
from tests.accounts.helpers import make_user
from tests.monitoring.factory import ACTOR
from tests.monitoring.stories_factory import DAY, draft_report, simple_story

pytestmark = pytest.mark.django_db


def cited(name: str, report, *, labels: Labels = PUBLIC_LABELS, note: str = "wires agree"):
    story = simple_story(name, labels=labels, title_en=f"Story {name}", title_ru=f"Сюжет {name}")
    story_services.review_story(story, "verified", "checked", actor=ACTOR)
    story.refresh_from_db()
    story_services.cite_in_report(story, report, note, actor=ACTOR)
    return story


def test_the_section_lists_the_cited_stories_with_their_note():
    report = draft_report()
    cited("alpha", report)
    section = media_section(SYSTEM_USER, DAY)
    row = section["rows"][0]
    assert (row["title"], row["sources"], row["languages"], row["note"]) == (
        "Story alpha",
        1,
        "en",
        "wires agree",
    )
    assert (row["categories"], row["states"]) == (["terrorism"], ["KAZ"])
    assert media_section(SYSTEM_USER, DAY.replace(day=21)) is None  # no report that day


def test_a_story_above_the_report_is_never_shown():
    report = draft_report()
    story = cited("beta", report)
    # the story is raised after it was cited: the report no longer covers it
    save_with_record(story, actor=ACTOR, fields={"classification": 3})
    assert media_section(SYSTEM_USER, DAY) is None
    assert StoryCitation.objects.filter(story=story).exists()


def test_a_reader_sees_only_the_stories_they_may_see():
    report = draft_report(labels=Labels(2, "members-only"))
    cited("gamma", report, labels=Labels(2, "members-only"))
    low = make_user("low", Role.READER, state="KAZ", clearance=1)
    assert media_section(low, DAY) is None
    assert len(media_section(SYSTEM_USER, DAY)["rows"]) == 1


def test_the_report_shows_the_section_in_html_in_both_languages_and_in_the_pdf():
    report = draft_report()
    cited("delta", report, note="two agencies")
    html = sitrep.render_html(SYSTEM_USER, DAY)
    assert "Media: verified stories" in html and "Story delta" in html and "two agencies" in html
    russian = sitrep.render_html(SYSTEM_USER, DAY, language="ru")
    assert "Сюжет delta" in russian
    pdf = sitrep.render_pdf(SYSTEM_USER, DAY)
    assert pdf.startswith(b"%PDF")


def test_approval_stores_the_section():
    report = draft_report()
    cited("epsilon", report)
    writer = Actor.for_user(make_user("writer", Role.CRC_DUTY_OFFICER))
    sitrep_services.set_assessment(report, writer, "Calm.", "Спокойно.")
    head = Actor.for_user(make_user("head", Role.CRC_HEAD))
    approved = sitrep_services.approve(report, head)
    assert b"Story epsilon" in bytes(approved.html)

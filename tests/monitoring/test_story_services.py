"""Triage, crisis, event and citation of stories: each step kept, each refusal naming its field."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.core.audit import Actor, save_with_record
from accord.core.derived import Labels
from accord.core.errors import ServiceError
from accord.core.models import ChangeRecord
from accord.crisis.models import Event
from accord.monitoring import story_places, story_services
from accord.monitoring.models import StoryCitation, StoryReview
from accord.response.models import Crisis
from tests.accounts.helpers import make_user
from tests.monitoring.factory import ACTOR
from tests.monitoring.stories_factory import DAY, draft_report, simple_story

pytestmark = pytest.mark.django_db
SECRET = Labels(3, "members-only")


@pytest.fixture
def officer():
    return Actor.for_user(make_user("duty", Role.CRC_DUTY_OFFICER))


@pytest.fixture
def places(tmp_path, monkeypatch):
    path = tmp_path / "places.yaml"
    path.write_text(
        "places:\n"
        "  - {key: almaty, kind: city, state: KAZ, lat: 43.24, lon: 76.89, names: {en: [Almaty], ru: [Алматы]}}\n"
        "  - {key: shymkent, kind: city, state: KAZ, lat: 42.3, lon: 69.6, names: {en: [Shymkent], ru: [Шымкент]}}\n"
        "  - {key: mangystau, kind: region, state: KAZ, lat: 44.0, lon: 53.0, names: {en: [Mangystau], ru: [Мангистау]}}\n"
        "  - {key: balkhash, kind: lake, state: KAZ, lat: 46.5, lon: 74.8, names: {en: [Balkhash], ru: [Балхаш]}}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(story_places, "PLACES_PATH", path)
    return path


def verified(story, actor=ACTOR):
    story_services.review_story(story, "verified", "confirmed by two agencies", actor=actor)
    story.refresh_from_db()
    return story


def refusal(call, *args, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as raised:
        call(*args, **kwargs)
    return raised.value


def test_each_triage_step_is_kept_and_recorded(officer):
    story = simple_story()
    story_services.review_story(story, "relevant", "", actor=officer)
    story_services.review_story(story, "verified", "two agencies agree", actor=officer)
    story.refresh_from_db()
    assert (story.triage, story.triage_note, story.triaged_by) == ("verified", "two agencies agree", "duty")
    assert list(StoryReview.objects.filter(story=story).values_list("verdict", flat=True)) == [
        "relevant",
        "verified",
    ]
    assert ChangeRecord.objects.filter(object_type="monitoring.storyreview").count() == 2


def test_triage_refusals_name_their_field(officer):
    story = simple_story()
    assert refusal(story_services.review_story, story, "new", "x", actor=officer).field == "verdict"
    assert refusal(story_services.review_story, story, "not-relevant", "  ", actor=officer).field == "note"
    assert refusal(story_services.review_story, story, "verified", "", actor=officer).field == "note"
    assert not StoryReview.objects.filter(story=story).exists()


def test_only_the_crc_triages():
    story = simple_story()
    reader = Actor.for_user(make_user("reader", Role.READER))
    with pytest.raises(PermissionDenied):
        story_services.review_story(story, "relevant", "", actor=reader)
    assert not StoryReview.objects.exists()


def test_steps_beyond_monitoring_need_a_verified_story(officer):
    story = simple_story()
    crisis = Crisis.objects.first()
    assert refusal(story_services.attach_to_crisis, story, crisis, actor=officer).field == "triage"
    assert refusal(story_services.make_event, story, actor=officer).field == "triage"
    report = draft_report()
    assert refusal(story_services.cite_in_report, story, report, "x", actor=officer).field == "triage"


def test_a_crisis_is_attached_only_when_the_user_may_see_it(officer):
    story = verified(simple_story())
    crisis = Crisis(key="flood-test", title_en="Flood", started_on=DAY, classification=3)
    save_with_record(crisis, actor=ACTOR)
    low = make_user("low", Role.CRC_DUTY_OFFICER, clearance=1)
    assert (
        refusal(story_services.attach_to_crisis, story, crisis.pk, actor=Actor.for_user(low)).field
        == "crisis"
    )
    story_services.attach_to_crisis(story, crisis.pk, actor=officer)
    story.refresh_from_db()
    assert story.crisis_id == crisis.pk


def test_an_event_from_a_city_is_a_point_with_the_story_labels(officer, places):
    labels = Labels(2, "members-only")
    story = verified(
        simple_story(tags=[("state", "KAZ"), ("place", "almaty"), ("category", "terrorism")], labels=labels)
    )
    event = story_services.make_event(story, actor=officer)
    assert (event.source, event.source_id) == ("media", f"story-{story.pk}")
    assert (event.date, event.date_precision) == (DAY, "day")
    assert (event.country, event.place_precision, event.latitude, event.longitude) == (
        "KAZ",
        "point",
        43.24,
        76.89,
    )
    assert event.category == "terrorism"
    assert (event.classification, event.releasability) == (2, "members-only")
    story.refresh_from_db()
    assert story.event_id == event.pk
    assert refusal(story_services.make_event, story, actor=officer).field == "event"


def test_a_region_is_admin_and_a_lake_is_the_state_centre(officer, places):
    region = verified(simple_story("r", tags=[("state", "KAZ"), ("place", "mangystau")]))
    assert story_services.make_event(region, actor=officer).place_precision == "admin"
    lake = verified(
        simple_story("l", tags=[("state", "KAZ"), ("place", "balkhash"), ("category", "emergency")])
    )
    event = story_services.make_event(lake, actor=officer)
    assert (event.place_precision, event.latitude, event.category) == ("country", 48.0, "natural-emergency")


def test_several_states_or_places_ask_which(officer, places):
    story = verified(
        simple_story(tags=[("state", "KAZ"), ("state", "KGZ"), ("place", "almaty"), ("place", "shymkent")])
    )
    assert refusal(story_services.make_event, story, actor=officer).field == "country"
    assert refusal(story_services.make_event, story, actor=officer, country="ARM").field == "country"
    assert refusal(story_services.make_event, story, actor=officer, country="KAZ").field == "place"
    event = story_services.make_event(story, actor=officer, country="KAZ", place="shymkent")
    assert (event.place, event.category) == ("Shymkent", "other")
    assert Event.objects.filter(source="media").count() == 1


def test_a_secret_story_is_not_cited_in_a_restricted_report(officer):
    story = verified(simple_story(labels=SECRET))
    report = draft_report()
    error = refusal(story_services.cite_in_report, story, report, "note", actor=officer)
    assert error.field == "report" and "raise the report" in error.reason
    assert not StoryCitation.objects.exists()


def test_citing_a_draft_and_taking_it_out(officer):
    story = verified(simple_story())
    report = draft_report()
    citation = story_services.cite_in_report(story, report.pk, "seen on the wires", actor=officer)
    assert (citation.report_id, citation.note, citation.by) == (report.pk, "seen on the wires", "duty")
    assert refusal(story_services.cite_in_report, story, report, "", actor=officer).field == "report"
    story_services.uncite(story, report, actor=officer)
    assert not StoryCitation.objects.exists()


def test_only_a_draft_is_cited(officer):
    story = verified(simple_story())
    report = draft_report(day=datetime.date(2026, 11, 21))
    save_with_record(report, actor=ACTOR, fields={"status": "approved", "number": "CRC-X"})
    assert refusal(story_services.cite_in_report, story, report, "", actor=officer).field == "report"

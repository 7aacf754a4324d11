"""The stories API: the queue with filters and pages, one story with the reasons of its tags, the
triage, crisis, event and citation steps (201/200, 422 naming the field, 403, 404), and the search."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.derived import Labels
from tests.accounts.helpers import login_verified, make_user
from tests.monitoring.stories_factory import draft_report, simple_story

pytestmark = pytest.mark.django_db
SECRET = Labels(3, "members-only")


@pytest.fixture
def officer(client):
    login_verified(client, make_user("duty", Role.CRC_DUTY_OFFICER))
    return client


def post(client, path: str, body: dict):
    return client.post(path, body, content_type="application/json")


def test_the_queue_and_one_story(officer):
    story = simple_story(title_en="Exercise at the border")
    simple_story("other", triage="verified", note="ok", tags=[("state", "KGZ")])
    listed = officer.get("/api/v1/monitoring/stories?triage=new").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == story.pk
    assert listed["items"][0]["tags"] == {"category": ["terrorism"], "state": ["KAZ"]}
    assert officer.get("/api/v1/monitoring/stories?state=KGZ").json()["count"] == 1
    assert officer.get("/api/v1/monitoring/stories?start=nonsense").status_code == 422
    detail = officer.get(f"/api/v1/monitoring/stories/{story.pk}").json()
    assert detail["reasons"][0]["reasons"] == [{"rule": "tests", "words": ["terrorism"]}]
    assert detail["item_links"][0]["url"].startswith("/monitoring/items/")
    assert officer.get("/api/v1/monitoring/stories/999999").status_code == 404


def test_a_review_a_refusal_and_a_citation(officer):
    story = simple_story()
    refused = post(officer, f"/api/v1/monitoring/stories/{story.pk}/review", {"verdict": "verified"})
    assert refused.status_code == 422 and refused.json()["detail"].startswith("note:")
    assert (
        post(officer, f"/api/v1/monitoring/stories/{story.pk}/review", {"verdict": "maybe"}).status_code
        == 422
    )
    done = post(
        officer, f"/api/v1/monitoring/stories/{story.pk}/review", {"verdict": "verified", "note": "ok"}
    )
    assert done.status_code == 201 and done.json()["verdict"] == "verified"
    report = draft_report()
    cited = post(
        officer, f"/api/v1/monitoring/stories/{story.pk}/citations", {"report": report.pk, "note": "n"}
    )
    assert cited.status_code == 201, cited.content
    assert cited.json()["report"]["id"] == report.pk
    crisis = post(officer, f"/api/v1/monitoring/stories/{story.pk}/crisis", {"crisis": 999999})
    assert crisis.status_code == 422 and crisis.json()["detail"].startswith("crisis:")


def test_a_secret_story_is_refused_in_a_restricted_report(officer):
    story = simple_story(labels=SECRET, triage="verified", note="ok")
    report = draft_report()
    refused = post(officer, f"/api/v1/monitoring/stories/{story.pk}/citations", {"report": report.pk})
    assert refused.status_code == 422 and refused.json()["detail"].startswith("report:")


def test_an_event_through_the_api(officer):
    story = simple_story(triage="verified", note="ok")
    made = post(officer, f"/api/v1/monitoring/stories/{story.pk}/event", {})
    assert made.status_code == 201, made.content
    assert made.json()["event"]["id"]


def test_a_reader_is_refused_and_a_hidden_story_is_not_found(client):
    story = simple_story()
    secret = simple_story("s", labels=SECRET)
    login_verified(client, make_user("reader", Role.READER, state="KAZ", clearance=1))
    answer = post(client, f"/api/v1/monitoring/stories/{story.pk}/review", {"verdict": "relevant"})
    assert answer.status_code == 403
    assert client.get(f"/api/v1/monitoring/stories/{secret.pk}").status_code == 404
    assert client.get("/api/v1/monitoring/stories").json()["count"] == 1


def test_search_counts_only_what_the_caller_may_see(client):
    simple_story("p", title_en="Joint exercise", text="Joint exercise held.")
    simple_story("s", title_en="Secret exercise", text="Secret exercise held.", labels=SECRET)
    login_verified(client, make_user("reader", Role.READER, state="KAZ", clearance=1))
    found = client.get("/api/v1/monitoring/search?q=exercises").json()
    assert found["count"] == 1 and found["items"][0]["title"] == "Joint exercise"
    stories = client.get("/api/v1/monitoring/search?q=exercises&kind=stories").json()
    assert stories["count"] == 1

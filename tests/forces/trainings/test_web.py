"""The trainings pages, API, feed and command: the yearly plan versus fact, the plan on a date, the
forms' refusals on their fields, a partner's officer who sees and joins only what the partner's
rights allow, the command's refusals with status 2."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from icalendar import Calendar

from accord.core.access import SYSTEM_USER
from accord.core.classification import Classification
from accord.forces.models import Training
from accord.forces.trainings.report import year_section
from tests.accounts.helpers import login_verified, make_user
from tests.forces.trainings.helpers import ahead, give_status, planned

pytestmark = pytest.mark.django_db


def client_of(user) -> Client:
    client = Client()
    login_verified(client, user)
    return client


def test_the_yearly_page_shows_2020_with_the_pandemic_said():
    page = Client().get("/forces/trainings/?year=2020").content.decode()
    assert "Search-2020" in page and "Cobalt-2020" in page and "postponement possible" in page
    assert "say 8 were planned in all" in page


def test_the_plan_as_it_stood_before_it_was_planned():
    page = Client().get("/forces/trainings/?year=2020&on=2020-01-01").content.decode()
    assert "not yet on the plan" in page
    page = Client().get("/forces/trainings/?year=2020&on=2020-06-01").content.decode()
    assert "not yet on the plan" not in page


def test_the_russian_page():
    client = Client()
    client.post("/i18n/setlang/", {"language": "ru"})
    page = client.get("/forces/trainings/?year=2019").content.decode()
    assert "Нерушимое братство-2019" in page


def test_the_feed_is_valid_icalendar_and_shows_only_what_the_reader_sees():
    secret = planned(
        "Hidden-test-training", classification=Classification.SECRET, releasability="members-only"
    )
    body = Client().get("/forces/trainings.ics").content
    calendar = Calendar.from_ical(body)
    summaries = [str(event["summary"]) for event in calendar.walk("VEVENT")]
    assert any(summary.startswith("Search-2020") for summary in summaries)
    assert not any("Hidden-test-training" in summary for summary in summaries)
    assert Training.objects.get(pk=secret.pk)


def test_a_planner_postpones_through_the_page_and_a_missing_reason_lands_on_its_field():
    training = planned()
    planner = client_of(make_user("planner", "secretariat-officer"))
    refused = planner.post(f"/forces/trainings/{training.pk}/postpone/", {"reason": ""})
    assert refused.status_code == 422 and "This field is required" in refused.content.decode()
    done = planner.post(f"/forces/trainings/{training.pk}/postpone/", {"reason": "the pandemic"})
    assert done.status_code == 302
    training.refresh_from_db()
    assert training.status == "postponed"
    relocated = planner.post(f"/forces/trainings/{training.pk}/relocate/", {"host": 99999, "reason": "x"})
    assert relocated.status_code == 422


def test_a_partner_officer_sees_and_joins_what_the_partner_may_and_nothing_more():
    give_status("SRB", "partner")
    public = planned("Open-partner-test")
    members = planned(
        "Members-only-test", classification=Classification.RESTRICTED, releasability="members-only"
    )
    officer = client_of(
        make_user("srb-liaison", "liaison-officer", state="SRB", clearance=Classification.SECRET)
    )
    assert officer.get(f"/forces/trainings/{members.pk}/").status_code == 404
    assert officer.post(f"/forces/trainings/{members.pk}/join/", {}).status_code == 404
    page = officer.get(f"/forces/trainings/{public.pk}/").content.decode()
    assert 'name="join"' in page and 'name="postpone"' not in page
    serbia = public.host.__class__.objects.get(code="SRB")
    armenia = public.host.__class__.objects.get(code="ARM")
    other = officer.post(
        f"/forces/trainings/{public.pk}/join/", {"state": armenia.pk, "capacity": "participant"}
    )
    assert other.status_code == 422 and public.participants.count() == 0
    joined = officer.post(
        f"/forces/trainings/{public.pk}/join/", {"state": serbia.pk, "capacity": "participant"}
    )
    assert joined.status_code == 302
    assert public.participants.get().capacity == "participant"
    assert officer.post(f"/forces/trainings/{public.pk}/postpone/", {"reason": "x"}).status_code == 422


def test_the_api_lists_a_year_and_refuses_a_join_with_the_charter_reasons():
    training = planned()
    planner = client_of(make_user("api-planner", "secretariat-officer"))
    listed = planner.get("/api/v1/forces/trainings?year=2020").json()
    assert {row["name_en"] for row in listed["items"]} >= {"Search-2020", "Cobalt-2020"}
    refused = planner.post(
        f"/api/v1/forces/trainings/{training.pk}/participants",
        {"state": "SRB", "capacity": "participant"},
        content_type="application/json",
    )
    assert refused.status_code == 422 and "state" in json.dumps(refused.json())
    moved = planner.post(
        f"/api/v1/forces/trainings/{training.pk}/postpone",
        {"reason": "weather", "start": ahead(60).isoformat(), "end": ahead(61).isoformat()},
        content_type="application/json",
    )
    assert moved.status_code == 200 and moved.json()["status"] == "postponed"
    changes = planner.get(f"/api/v1/forces/trainings/{training.pk}/changes").json()
    assert [change["kind"] for change in changes] == ["planned", "postponed"]


def run(*args: str) -> str:
    out = StringIO()
    call_command("trainings", *args, stdout=out)
    return out.getvalue()


def test_the_command_plans_changes_and_refuses_with_status_2():
    new_id = run(
        "plan",
        "--name",
        "CLI-test",
        "--series",
        "search",
        "--host",
        "KAZ",
        "--from",
        ahead(20).isoformat(),
        "--to",
        ahead(22).isoformat(),
        "--source",
        "the plan",
    ).strip()
    assert new_id.isdigit()
    assert json.loads(run("postpone", new_id, "--reason", "pandemic", "--json"))["status"] == "postponed"
    with pytest.raises(CommandError) as refused:
        run("join", new_id, "SRB")
    assert refused.value.returncode == 2 and "Serbia" in str(refused.value)
    with pytest.raises(CommandError) as no_reason:
        run("cancel", new_id)
    assert no_reason.value.returncode == 2
    listed = json.loads(run("list", "--year", "2020", "--json"))
    assert listed["totals"]["announced_count"] == 8


def test_the_yearly_report_section_cites_every_figure():
    section = year_section(SYSTEM_USER, 2019)
    assert "seed-002" in section.sources and "seed-003" in section.sources
    text = json.dumps(section.as_json(), ensure_ascii=False)
    assert "12" in text and "Indestructible Brotherhood-2019" in text
    later = year_section(SYSTEM_USER, 2020)
    changes = later.tables[-1]
    assert len(changes.rows) == 4 and all("seed-002" in row[3].sources for row in changes.rows)
    assert year_section(SYSTEM_USER, 1995).empty_text


def test_lessons_are_recorded_on_the_page_and_through_the_api():
    training = planned()
    planner = client_of(make_user("lessons-planner", "secretariat-officer"))
    refused = planner.post(f"/forces/trainings/{training.pk}/findings/", {"text_en": ""})
    assert refused.status_code == 422
    assert (
        planner.post(
            f"/forces/trainings/{training.pk}/findings/", {"text_en": "Slow staff links"}
        ).status_code
        == 302
    )
    answer = planner.post(
        f"/api/v1/forces/trainings/{training.pk}/measures",
        {"text_en": "Drill the link monthly", "deadline": ahead(100).isoformat(), "states": ["KAZ"]},
        content_type="application/json",
    )
    assert answer.status_code == 201 and answer.json()["states"] == ["KAZ"]
    page = planner.get(f"/forces/trainings/{training.pk}/").content.decode()
    assert "Slow staff links" in page and "Drill the link monthly" in page
    reader = client_of(make_user("lessons-reader", "reader"))
    assert reader.post(f"/forces/trainings/{training.pk}/findings/", {"text_en": "x"}).status_code == 422
    assert training.findings.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("year", ["0", "1950", "99999", "abc"])
def test_the_api_refuses_a_year_out_of_range_with_a_422(client, year):
    from accord.accounts.models import Role
    from tests.accounts.helpers import login_verified, make_user

    login_verified(client, make_user("year-admin", Role.ADMINISTRATOR))
    answer = client.get("/api/v1/forces/trainings", {"year": year})
    assert answer.status_code == 422, answer.content

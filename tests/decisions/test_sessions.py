"""Sessions, decisions, minutes, measures and the calendar, through the services, pages, API and CLI."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import call_command
from icalendar import Calendar

from accord.accounts.models import Role
from accord.charter.models import Body, State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.decisions.models import AgendaItem, Document, Minutes, Session
from accord.decisions.services import (
    SessionError,
    accept_amendment,
    add_agenda_item,
    add_measure,
    approve_minutes,
    create_document,
    create_session,
    decide_agenda_item,
    draft_minutes,
    propose_amendment,
    report_progress,
)
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def states(*codes: str) -> list[State]:
    return list(State.objects.filter(code__in=codes))


def new_session(day="2022-06-01", codes=MEMBERS, **values) -> Session:
    base = {
        "body": Body.objects.get(key="cmfa"),
        "title_en": "Test session",
        "date": datetime.date.fromisoformat(day),
        "classification": 0,
        "releasability": "everyone",
    }
    return create_session({**base, **values}, states(*codes), actor=SYSTEM)


@pytest.fixture
def serbia_partner():
    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")


def test_csto_data_is_loaded():
    bishkek = Session.objects.get(key="csc-2019-bishkek")
    assert (bishkek.chair_state.code, bishkek.place_en, bishkek.date.isoformat()) == (
        "KGZ",
        "Bishkek",
        "2019-11-28",
    )
    assert "15 documents signed" in bishkek.note
    assert sorted(bishkek.participants.values_list("state__code", flat=True)) == MEMBERS
    assert list(bishkek.agenda.values_list("outcome", flat=True)) == ["adopted", "adopted"]
    committee = AgendaItem.objects.get(session__key="military-committee-2019-06-21")
    assert committee.outcome == "not-adopted"
    assert "unified approach was not worked out" in committee.outcome_note
    assert Session.objects.get(key="cmfa-2020-05-26").format == "video-conference"
    final = Document.objects.filter(session__key="csc-2020-final").values_list("key", flat=True)
    assert set(final) == {
        "plan-military-cooperation-2025",
        "anti-drug-strategy-2025",
        "csc-declaration-2020",
        "statement-world-order-2020",
    }
    assert Document.objects.get(key="list-tajik-afghan-border").measures.count() == 3


def test_participants_take_the_capacity_of_their_status(serbia_partner):
    session = new_session(codes=[*MEMBERS, "SRB", "UZB"])
    capacities = dict(session.participants.values_list("state__code", "capacity"))
    assert (
        capacities["KAZ"] == "member" and capacities["SRB"] == "partner" and capacities["UZB"] == "suspended"
    )


def test_a_state_without_status_cannot_take_part():
    with pytest.raises(SessionError, match="participants: FRA holds no status"):
        new_session(codes=[*MEMBERS, "FRA"])


def test_classified_matters_are_not_discussed_by_video():
    with pytest.raises(SessionError, match="only unclassified matters"):
        new_session(format="video-conference", classification=2, releasability="members-only")


def test_decisions_follow_the_bodys_rule(serbia_partner):
    session = new_session(codes=[*MEMBERS, "SRB", "UZB"])
    agreed = add_agenda_item(session, "Item agreed", actor=SYSTEM)
    answer = decide_agenda_item(
        agreed,
        {code: ("agree", "") for code in MEMBERS} | {"SRB": ("object", ""), "UZB": ("object", "")},
        actor=SYSTEM,
    )
    assert answer.value == "adopted"
    blocked = add_agenda_item(session, "Item blocked", actor=SYSTEM)
    decide_agenda_item(
        blocked, {code: ("agree", "") for code in MEMBERS} | {"ARM": ("object", "Not ready")}, actor=SYSTEM
    )
    blocked.refresh_from_db()
    assert blocked.outcome == "not-adopted"
    assert blocked.positions.get(state__code="ARM").remark == "Not ready"
    with pytest.raises(SessionError, match="FRA did not take part"):
        decide_agenda_item(blocked, {"FRA": ("agree", "")}, actor=SYSTEM)


def test_minutes_are_drafted_amended_and_approved():
    earlier = new_session(day="2022-03-01")
    draft_minutes(earlier, "Earlier minutes.", actor=SYSTEM)
    session = new_session(day="2022-06-01")
    minutes = draft_minutes(session, "The Council met.", actor=SYSTEM)
    assert minutes.previous == earlier.minutes
    liaison = make_user("arm-liaison", Role.LIAISON_OFFICER, state="ARM")
    amendment = propose_amendment(
        minutes,
        State.objects.get(code="ARM"),
        "Add Armenia's remark.",
        datetime.date(2022, 6, 3),
        actor=Actor.for_user(liaison),
    )
    with pytest.raises(SessionError, match="1 amendment"):
        approve_minutes(minutes, datetime.date(2022, 6, 5), actor=SYSTEM)
    accept_amendment(amendment, actor=SYSTEM)
    assert Minutes.objects.get(pk=minutes.pk).status == "amended"
    with pytest.raises(SessionError, match="before the session took place"):
        approve_minutes(Minutes.objects.get(pk=minutes.pk), datetime.date(2022, 5, 1), actor=SYSTEM)
    approve_minutes(Minutes.objects.get(pk=minutes.pk), datetime.date(2022, 6, 10), actor=SYSTEM)
    approved = Minutes.objects.get(pk=minutes.pk)
    assert (approved.status, approved.approved_on.isoformat()) == ("approved", "2022-06-10")
    with pytest.raises(SessionError, match="approved minutes cannot be amended"):
        propose_amendment(
            approved,
            State.objects.get(code="ARM"),
            "Late.",
            datetime.date(2022, 6, 11),
            actor=Actor.for_user(liaison),
        )
    with pytest.raises(SessionError, match="already approved"):
        approve_minutes(approved, datetime.date(2022, 6, 12), actor=SYSTEM)


def test_only_participants_amend_and_only_for_their_state():
    from django.core.exceptions import PermissionDenied

    session = new_session(codes=["ARM", "BLR", "KAZ", "KGZ", "RUS"])
    minutes = draft_minutes(session, "Text.", actor=SYSTEM)
    with pytest.raises(SessionError, match="TJK did not take part"):
        propose_amendment(
            minutes, State.objects.get(code="TJK"), "x", datetime.date(2022, 6, 2), actor=SYSTEM
        )
    liaison = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ")
    with pytest.raises(PermissionDenied):
        propose_amendment(
            minutes,
            State.objects.get(code="ARM"),
            "x",
            datetime.date(2022, 6, 2),
            actor=Actor.for_user(liaison),
        )


@pytest.fixture
def program():
    document = create_document(
        {
            "kind": "program",
            "title_en": "Test program",
            "date": "2021-01-01",
            "classification": 0,
            "releasability": "everyone",
        },
        actor=SYSTEM,
    )
    late = add_measure(
        document, "1", "Build posts", deadline=datetime.date(2021, 6, 30), states=states("TJK"), actor=SYSTEM
    )
    on_time = add_measure(
        document,
        "2",
        "Train guards",
        deadline=datetime.date(2022, 6, 30),
        states=states("TJK", "KAZ"),
        actor=SYSTEM,
    )
    report_progress(
        on_time, datetime.date(2021, 9, 1), "Half trained", state=State.objects.get(code="KAZ"), actor=SYSTEM
    )
    return document, late, on_time


def test_overdue_measures_on_a_date(program, capsys):
    call_command("measures", "--overdue", "--on", "2021-07-01", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert [(row["number"], row["status"]) for row in payload["measures"]] == [("1", "overdue")]
    assert payload["reasons"] == ["The deadline 2021-06-30 has passed and it is not done."]
    call_command("measures", "--on", "2021-10-01", "--json")
    statuses = {
        row["number"]: row["status"]
        for row in json.loads(capsys.readouterr().out)["measures"]
        if row["program"] == str(program[0].pk)
    }
    assert statuses == {"1": "overdue", "2": "under-way"}


def test_measures_page_shows_progress_per_state(client, program):
    page = client.get("/measures/", {"on": "2021-10-01"}).content.decode()
    assert "Build posts" in page and "Train guards" in page
    overdue = client.get("/measures/", {"on": "2021-10-01", "overdue": "1"}).content.decode()
    assert "Build posts" in overdue and "Train guards" not in overdue


def test_calendar_reads_back(client):
    new_session(day="2031-03-15", title_en="Future session", place_en="Minsk")
    response = client.get("/sessions/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    events = {str(event["summary"]): event for event in calendar.walk("VEVENT")}
    assert events["Future session"].decoded("dtstart") == datetime.date(2031, 3, 15)
    assert str(events["Future session"]["location"]) == "Minsk"
    assert "Session of the Collective Security Council in Bishkek" in events
    assert "Final session of the Collective Security Council of 2020" not in events  # only its year is known


def test_sessions_cli_json(capsys):
    call_command("sessions", "--body", "csc", "--from", "2019-01-01", "--to", "2019-12-31", "--json")
    payload = json.loads(capsys.readouterr().out)
    assert [row["key"] for row in payload["sessions"]] == ["csc-2019-bishkek"]
    assert payload["sessions"][0]["adopted"] == 2


def test_decision_show_cli_json(capsys):
    item = AgendaItem.objects.get(session__key="military-committee-2019-06-21")
    call_command("decision", "show", str(item.pk), "--json")
    payload = json.loads(capsys.readouterr().out)
    assert payload["outcome"] == "not-adopted"
    assert payload["sources"] == ["seed-000"]


def test_cli_errors():
    from django.core.management import CommandError

    with pytest.raises(CommandError, match="unknown body 'nope'"):
        call_command("sessions", "--body", "nope")
    with pytest.raises(CommandError, match="no agenda item 999999"):
        call_command("decision", "show", "999999")


def test_a_classified_session_is_never_listed_or_found_by_those_who_may_not_see_it(client):
    secret = new_session(title_en="Closed consultations", classification=3, releasability="members-only")
    assert "Closed consultations" not in client.get("/sessions/").content.decode()
    assert client.get(f"/sessions/{secret.pk}/").status_code == 404
    assert client.get(f"/api/v1/decisions/sessions/{secret.pk}").status_code == 404
    assert "Closed consultations" not in client.get("/sessions/calendar.ics").content.decode()
    assert client.get(f"/history/decisions.session/{secret.pk}/").status_code == 404
    member = make_user("kaz-reader", Role.READER, state="KAZ")
    login_verified(client, member)
    assert client.get(f"/sessions/{secret.pk}/").status_code == 200
    assert "Closed consultations" in client.get("/sessions/").content.decode()


def test_session_pages_and_api(client):
    officer = make_user("sec-officer", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    response = client.post(
        "/api/v1/decisions/sessions",
        {
            "body": "cmfa",
            "title_en": "API session",
            "date": "2022-09-01",
            "participants": MEMBERS,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    pk = response.json()["id"]
    item = client.post(
        f"/api/v1/decisions/sessions/{pk}/agenda",
        {
            "title_en": "Agreed by all",
            "positions": dict.fromkeys(MEMBERS, "agree"),
        },
        content_type="application/json",
    )
    assert item.status_code == 201 and item.json()["outcome"] == "adopted"
    detail = client.get(f"/api/v1/decisions/sessions/{pk}").json()
    assert [entry["outcome"] for entry in detail["agenda"]] == ["adopted"]
    assert client.get("/api/v1/decisions/sessions", {"body": "cmfa"}).json()["count"] >= 2
    assert client.get("/api/v1/decisions/statements/counts").json()[0] == {
        "year": 2018,
        "recorded": 0,
        "by_level": {},
        "by_level_named": [],
        "reported": 18,
        "reported_levels": ["heads-of-state", "foreign-ministers", "un", "osce"],
        "reported_level_labels": [
            "heads of state (Collective Security Council)",
            "foreign ministers",
            "representatives to the UN",
            "representatives to the OSCE",
        ],
        "sources": ["seed-000"],
    }
    page = client.get(f"/sessions/{pk}/").content.decode()
    assert "Agreed by all" in page and "adopted by consensus" in page


def test_statements_page(client):
    page = client.get("/statements/").content.decode()
    assert "2018" in page and "18" in page
    assert "Statement on the formation of a just and sustainable world order" in page


# ---------------------------------------------------------------------------------------------
# References to records the reader may not see (issue 9, item 2)
# ---------------------------------------------------------------------------------------------


def secret_document(title: str) -> Document:
    return create_document(
        {
            "kind": "decision",
            "title_en": title,
            "date": "2022-06-01",
            "classification": 3,
            "releasability": "members-only",
        },
        actor=SYSTEM,
    )


@pytest.fixture
def decided_by_a_secret_document():
    """A PUBLIC session whose one agenda item was decided by a SECRET document."""
    session = new_session(title_en="Open ministerial meeting")
    item = add_agenda_item(session, "Border cooperation", actor=SYSTEM)
    document = secret_document("Secret protocol on border posts")
    save_with_record(item, actor=SYSTEM, fields={"decision": document})
    return session, item, document


def test_a_public_session_page_does_not_show_its_items_secret_decision_document(
    client, decided_by_a_secret_document
):
    session, _item, document = decided_by_a_secret_document
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Open ministerial meeting" in page and "Border cooperation" in page
    assert "Secret protocol on border posts" not in page
    assert f"/documents/{document.pk}/" not in page
    assert "a record you may not see" in page
    login_verified(client, make_user("cleared-officer", Role.SECRETARIAT_OFFICER))
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert f'<a href="/documents/{document.pk}/">Secret protocol on border posts</a>' in page


def test_the_api_does_not_give_the_id_of_a_hidden_decision_document(client, decided_by_a_secret_document):
    session, item, document = decided_by_a_secret_document
    detail = client.get(f"/api/v1/decisions/sessions/{session.pk}").json()
    assert detail["agenda"][0]["decision"] == {"hidden": True}
    assert client.get(f"/api/v1/decisions/agenda-items/{item.pk}").json()["decision"] == {"hidden": True}
    login_verified(client, make_user("cleared-officer", Role.SECRETARIAT_OFFICER))
    shown = client.get(f"/api/v1/decisions/agenda-items/{item.pk}").json()["decision"]
    assert shown == {
        "id": document.pk,
        "title": "Secret protocol on border posts",
        "url": f"/documents/{document.pk}/",
    }


def test_a_session_page_links_the_previous_minutes_only_when_their_session_is_visible(client):
    earlier = new_session(
        "2022-01-10", title_en="Closed session", classification=3, releasability="members-only"
    )
    draft_minutes(earlier, "Closed minutes.", actor=SYSTEM)
    later = new_session("2022-06-01", title_en="Open session")
    minutes = draft_minutes(later, "Open minutes.", actor=SYSTEM)
    assert minutes.previous.session == earlier
    page = client.get(f"/sessions/{later.pk}/").content.decode()
    assert "Open minutes." in page
    assert f"/sessions/{earlier.pk}/" not in page and "previous minutes" not in page
    login_verified(client, make_user("cleared-officer", Role.SECRETARIAT_OFFICER))
    page = client.get(f"/sessions/{later.pk}/").content.decode()
    assert f'<a href="/sessions/{earlier.pk}/">previous minutes</a>' in page


def test_the_api_gives_hidden_previous_minutes_as_hidden(client):
    earlier = new_session("2022-01-10", classification=3, releasability="members-only")
    closed = draft_minutes(earlier, "Closed minutes.", actor=SYSTEM)
    later = new_session("2022-06-01")
    officer = make_user("confidential-officer", Role.SECRETARIAT_OFFICER, clearance=2)
    login_verified(client, officer)
    drafted = client.post(
        f"/api/v1/decisions/sessions/{later.pk}/minutes",
        {"text": "Open minutes."},
        content_type="application/json",
    )
    assert drafted.status_code == 201, drafted.content
    assert drafted.json()["previous"] == {"hidden": True}
    assert str(closed.pk) not in json.dumps(drafted.json()["previous"])

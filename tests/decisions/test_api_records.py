"""Recording through the API: positions, amendments and versions, sources, links, programs and
measures; refused for a token or role that may not."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter.models import Body, State
from accord.core.audit import Actor
from accord.decisions.models import AgendaItem, Document, Measure, Session
from accord.decisions.services import add_agenda_item, create_document, create_session, draft_minutes
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
API = "/api/v1/decisions"


def post(client, path: str, data: dict, **headers):
    return client.post(path, data, content_type="application/json", **headers)


def patch(client, path: str, data: dict, **headers):
    return client.patch(path, data, content_type="application/json", **headers)


@pytest.fixture
def session() -> Session:
    values = {
        "body": Body.objects.get(key="cmfa"),
        "title_en": "API session",
        "date": datetime.date(2022, 6, 1),
        "classification": 0,
        "releasability": "everyone",
    }
    return create_session(values, list(State.objects.filter(code__in=MEMBERS)), actor=SYSTEM)


@pytest.fixture
def officer(client):
    user = make_user("sec", Role.SECRETARIAT_OFFICER)
    login_verified(client, user)
    return user


def test_positions_through_the_api(client, session, officer):
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    for code in MEMBERS[:5]:
        post(client, f"{API}/agenda-items/{item.pk}/positions", {"state": code, "position": "agree"})
    pending = client.get(f"{API}/agenda-items/{item.pk}").json()
    assert (pending["outcome"], pending["outcome_label"], pending["missing"]) == (
        "pending",
        "not yet decided",
        ["TJK"],
    )
    post(client, f"{API}/agenda-items/{item.pk}/positions", {"state": "TJK", "position": "object"})
    refused = post(client, f"{API}/agenda-items/{item.pk}/positions", {"state": "TJK", "position": "agree"})
    assert refused.status_code == 422 and "reason: TJK already has a position" in refused.json()["detail"]
    corrected = post(
        client,
        f"{API}/agenda-items/{item.pk}/positions",
        {"state": "TJK", "position": "agree", "reason": "Note"},
    )
    assert corrected.status_code == 200 and corrected.json()["outcome"] == "adopted"
    tjk = next(row for row in corrected.json()["positions"] if row["state"] == "TJK")
    assert tjk["earlier"][0]["position"] == "object" and tjk["earlier"][0]["reason"] == "Note"


def test_a_liaison_token_cannot_record_positions(client, session):
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    liaison = make_user("arm", Role.LIAISON_OFFICER, state="ARM")
    token = create_token(
        liaison, "arm", ["decisions:session:change"], datetime.timedelta(days=1), actor=SYSTEM
    )
    response = post(
        client,
        f"{API}/agenda-items/{item.pk}/positions",
        {"state": "ARM", "position": "agree"},
        HTTP_AUTHORIZATION=f"Bearer {token.secret}",
    )
    assert response.status_code == 403


def test_amendments_versions_and_rejection_through_the_api(client, session, officer):
    minutes = draft_minutes(session, "First text.", actor=SYSTEM)
    proposed = post(
        client,
        f"{API}/minutes/{minutes.pk}/amendments",
        {"state": "KAZ", "text": "Second text.", "replaces": "First text.", "on": "2022-06-02"},
    ).json()
    other = post(
        client,
        f"{API}/minutes/{minutes.pk}/amendments",
        {"state": "ARM", "text": "More.", "on": "2022-06-02"},
    )
    accepted = post(client, f"{API}/amendments/{proposed['amendments'][0]['id']}/accept", {})
    assert accepted.status_code == 200 and accepted.json()["text"] == "Second text."
    rejected = post(
        client, f"{API}/amendments/{other.json()['amendments'][1]['id']}/reject", {"reason": "Late"}
    )
    assert rejected.status_code == 200 and rejected.json()["text"] == "Second text."
    shown = client.get(f"{API}/minutes/{minutes.pk}").json()
    assert [version["text"] for version in shown["versions"]] == ["First text.", "Second text."]
    assert shown["versions"][1]["proposed_by"] == "KAZ"
    assert shown["versions"][1]["changes"] == [
        {"kind": "removed", "text": "First text."},
        {"kind": "added", "text": "Second text."},
    ]
    assert [(row["accepted"], row["rejected"]) for row in shown["amendments"]] == [
        (True, False),
        (False, True),
    ]


def test_sources_and_links_through_the_api(client, session, officer):
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    cited = post(client, f"{API}/sessions/{session.pk}/sources", {"source": "Communiqué of the meeting"})
    assert cited.status_code == 200 and len(cited.json()["sources"]) == 1
    again = post(client, f"{API}/sessions/{session.pk}/sources", {"source": "Communiqué of the meeting"})
    assert again.json()["sources"] == cited.json()["sources"]
    document = create_document(
        {
            "kind": "statement",
            "title_en": "Linked",
            "date": "2022-06-01",
            "classification": 0,
            "releasability": "everyone",
        },
        actor=SYSTEM,
    )
    linked = post(
        client, f"{API}/sessions/{session.pk}/documents", {"document": document.pk, "item": item.pk}
    )
    assert linked.status_code == 200
    assert AgendaItem.objects.get(pk=item.pk).decision_id == document.pk
    assert post(client, f"{API}/sessions/{session.pk}/documents", {"document": 999999}).status_code == 422


def test_programs_and_measures_through_the_api(client, officer):
    created = post(
        client,
        f"{API}/documents",
        {"kind": "program", "title_en": "API program", "date": "2021-01-01"},
    )
    assert created.status_code == 201, created.content
    program = created.json()["id"]
    renamed = patch(
        client, f"{API}/documents/{program}", {"title_en": "API program, revised", "reason": "typo"}
    )
    assert renamed.status_code == 200 and renamed.json()["title_en"] == "API program, revised"
    measure = post(
        client,
        f"{API}/documents/{program}/measures",
        {"number": "1", "text_en": "Train guards", "deadline": "2030-06-30", "states": ["TJK"]},
    )
    assert measure.status_code == 201 and measure.json()["states"] == ["TJK"]
    duplicate = post(client, f"{API}/documents/{program}/measures", {"number": "1", "text_en": "Again"})
    assert duplicate.status_code == 422 and "number:" in duplicate.json()["detail"]
    done = patch(
        client, f"{API}/measures/{measure.json()['id']}", {"done_on": "2022-01-10", "states": ["TJK", "KAZ"]}
    )
    assert (
        done.status_code == 200
        and done.json()["status"] == "done"
        and done.json()["states"] == ["KAZ", "TJK"]
    )
    unknown = patch(client, f"{API}/measures/{measure.json()['id']}", {"states": ["XXX"]})
    assert unknown.status_code == 422


def test_a_liaison_officer_cannot_create_or_edit_measures(client):
    program = create_document(
        {
            "kind": "program",
            "title_en": "Program",
            "date": "2021-01-01",
            "classification": 0,
            "releasability": "everyone",
        },
        actor=SYSTEM,
    )
    liaison = make_user("tjk", Role.LIAISON_OFFICER, state="TJK")
    token = create_token(
        liaison, "tjk", ["decisions:measure:change"], datetime.timedelta(days=1), actor=SYSTEM
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}
    response = post(
        client, f"{API}/documents/{program.pk}/measures", {"number": "1", "text_en": "x"}, **headers
    )
    assert response.status_code == 403
    assert not Measure.objects.filter(program=program).exists()
    assert Document.objects.filter(pk=program.pk).exists()


def test_statement_counts_name_their_levels(client):
    row = client.get(f"{API}/statements/counts").json()[0]
    assert row["reported_level_labels"][3] == "representatives to the OSCE"
    russian = client.get(f"{API}/statements/counts", HTTP_ACCEPT_LANGUAGE="ru").json()[0]
    assert russian["reported_levels"] == row["reported_levels"]

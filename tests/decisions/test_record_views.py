"""Recording from the pages: positions and corrections, amendments and versions, sources, links,
measures and progress; refused with a reason for a role that may not."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.charter.models import Body, State
from accord.core.audit import Actor
from accord.decisions.models import AgendaItem, Measure, Minutes, ProgressReport, Session
from accord.decisions.services import add_agenda_item, create_document, create_session, draft_minutes
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


@pytest.fixture
def session() -> Session:
    values = {
        "body": Body.objects.get(key="cmfa"),
        "title_en": "Page session",
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


def test_positions_are_recorded_and_corrected_on_the_page(client, session, officer):
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    url = f"/agenda-items/{item.pk}/position/"
    prefix = f"item{item.pk}"
    for code in MEMBERS[:5]:
        client.post(url, {f"{prefix}-state": code, f"{prefix}-position": "agree"})
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "not yet decided" in page and "Positions missing" in page and "TJK" in page
    client.post(
        url, {f"{prefix}-state": "TJK", f"{prefix}-position": "object", f"{prefix}-remark": "Not ready"}
    )
    assert AgendaItem.objects.get(pk=item.pk).outcome == "not-adopted"
    client.post(url, {f"{prefix}-state": "TJK", f"{prefix}-position": "agree"}, follow=True)
    assert AgendaItem.objects.get(pk=item.pk).outcome == "not-adopted"  # a correction needs a reason
    client.post(
        url, {f"{prefix}-state": "TJK", f"{prefix}-position": "agree", f"{prefix}-reason": "Note of 3 June"}
    )
    assert AgendaItem.objects.get(pk=item.pk).outcome == "adopted"
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "earlier: objects" in page and "Note of 3 June" in page


def test_a_reader_is_refused_with_the_reason(client, session):
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    login_verified(client, make_user("reader", Role.READER))
    prefix = f"item{item.pk}"
    response = client.post(
        f"/agenda-items/{item.pk}/position/", {f"{prefix}-state": "ARM", f"{prefix}-position": "agree"}
    )
    assert response.status_code == 403
    assert "not allowed to change this session" in response.content.decode()
    assert "Record or correct a position" not in client.get(f"/sessions/{session.pk}/").content.decode()


def test_amendments_are_proposed_handled_and_versions_shown(client, session):
    minutes = draft_minutes(session, "The ministers met.\nThey discussed Afghanistan.", actor=SYSTEM)
    liaison = make_user("arm", Role.LIAISON_OFFICER, state="ARM")
    login_verified(client, liaison)
    form = client.get(f"/sessions/{session.pk}/minutes/amend/").content.decode()
    assert 'value="ARM"' in form and 'value="KAZ"' not in form
    response = client.post(
        f"/sessions/{session.pk}/minutes/amend/",
        {
            "state": "ARM",
            "replaces": "They discussed Afghanistan.",
            "text": "They discussed the situation in Afghanistan.",
        },
    )
    assert response.status_code == 302
    amendment = minutes.amendments.get()
    assert client.post(f"/amendments/{amendment.pk}/accept/").status_code == 403
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    client.post(f"/amendments/{amendment.pk}/accept/")
    assert Minutes.objects.get(pk=minutes.pk).text.endswith("the situation in Afghanistan.")
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Version 2" in page and "amendment proposed by Armenia" in page
    assert (
        "- They discussed Afghanistan." in page and "+ They discussed the situation in Afghanistan." in page
    )


def test_sources_and_documents_are_added_on_the_page(client, session, officer):
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    client.post(f"/sessions/{session.pk}/sources/", {"source-source": "Communiqué of the meeting"})
    assert len(Session.objects.get(pk=session.pk).source_keys) == 1
    document = create_document(
        {
            "kind": "statement",
            "title_en": "Linked statement",
            "date": "2022-06-01",
            "classification": 0,
            "releasability": "everyone",
        },
        actor=SYSTEM,
    )
    client.post(f"/sessions/{session.pk}/documents/", {"link-document": document.pk, "link-item": item.pk})
    assert AgendaItem.objects.get(pk=item.pk).decision_id == document.pk
    assert "Linked statement" in client.get(f"/sessions/{session.pk}/").content.decode()


def test_measures_are_created_edited_and_reported_on_the_page(client, officer):
    program = create_document(
        {
            "kind": "program",
            "title_en": "Page program",
            "date": "2021-01-01",
            "classification": 0,
            "releasability": "everyone",
        },
        actor=SYSTEM,
    )
    assert "Add a measure" in client.get(f"/documents/{program.pk}/").content.decode()
    client.post(
        f"/documents/{program.pk}/measures/new/",
        {"number": "1", "text_en": "Build posts", "deadline": "2030-01-01", "states": ["TJK"]},
    )
    measure = Measure.objects.get(program=program, number="1")
    client.post(
        f"/measures/{measure.pk}/edit/",
        {
            "text_en": "Build border posts",
            "deadline": "2030-01-01",
            "done_on": "2022-05-01",
            "states": ["TJK", "KAZ"],
        },
    )
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.text_en == "Build border posts" and measure.done_on == datetime.date(2022, 5, 1)
    assert set(measure.responsible_states.values_list("code", flat=True)) == {"TJK", "KAZ"}
    centre = make_user("tjk", Role.LIAISON_OFFICER, state="TJK")
    login_verified(client, centre)
    assert client.post(f"/measures/{measure.pk}/edit/", {"text_en": "x"}).status_code == 403
    form = client.get(f"/measures/{measure.pk}/report/").content.decode()
    assert 'value="TJK"' in form and 'value="KAZ"' not in form
    client.post(
        f"/measures/{measure.pk}/report/", {"date": "2022-04-01", "state": "TJK", "text": "Two posts built"}
    )
    assert ProgressReport.objects.get(measure=measure).state.code == "TJK"
    login_verified(client, make_user("reader", Role.READER))
    response = client.get(f"/measures/{measure.pk}/report/")
    assert response.status_code == 403 and "may not report progress" in response.content.decode()


def test_statements_page_names_levels(client):
    page = client.get("/statements/").content.decode()
    assert "representatives to the OSCE" in page and "heads-of-state" not in page

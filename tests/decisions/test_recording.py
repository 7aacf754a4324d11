"""Recording what happened, through the services and the CLI: corrected positions, items not yet
decided, versions of minutes, sources and linked documents, measures, statement levels by name."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.management import CommandError, call_command

from accord.accounts.models import Role
from accord.charter.models import Body, State
from accord.core.audit import Actor
from accord.core.models import ChangeRecord, Source
from accord.decisions.models import AgendaItem, Document, Measure, Minutes, Session
from accord.decisions.recording import add_source, create_measure, link_document, update_measure
from accord.decisions.services import (
    SessionError,
    accept_amendment,
    add_agenda_item,
    create_document,
    create_session,
    decide_agenda_item,
    draft_minutes,
    propose_amendment,
    record_position,
    reject_amendment,
)
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def new_session(day: str = "2022-06-01") -> Session:
    values = {
        "body": Body.objects.get(key="cmfa"),
        "title_en": "Recorded session",
        "date": datetime.date.fromisoformat(day),
        "classification": 0,
        "releasability": "everyone",
    }
    return create_session(values, list(State.objects.filter(code__in=MEMBERS)), actor=SYSTEM)


def half_decided(session: Session) -> AgendaItem:
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    decide_agenda_item(item, {code: ("agree", "") for code in MEMBERS[:4]}, actor=SYSTEM)
    item.refresh_from_db()
    return item


def cli_json(*args: str) -> dict:
    from io import StringIO

    out = StringIO()
    call_command(*args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_an_item_with_positions_missing_is_not_yet_decided_and_names_them():
    item = half_decided(new_session())
    assert item.outcome == "pending"
    payload = cli_json("decision", "show", str(item.pk))
    assert payload["outcome_label"] == "not yet decided"
    assert payload["missing"] == ["RUS", "TJK"]
    assert "Not yet decided: 2 position(s) of members entitled to decide are missing." in payload["reasons"]


def test_a_position_is_corrected_with_a_reason_and_the_earlier_one_is_kept():
    item = half_decided(new_session())
    record_position(item, "RUS", "agree", actor=SYSTEM)
    record_position(item, "TJK", "object", "Not ready", actor=SYSTEM)
    item.refresh_from_db()
    assert item.outcome == "not-adopted"
    with pytest.raises(SessionError, match="reason: TJK already has a position"):
        record_position(item, "TJK", "agree", actor=SYSTEM)
    with pytest.raises(SessionError, match="state: FRA did not take part"):
        record_position(item, "FRA", "agree", actor=SYSTEM)
    answer = record_position(item, "TJK", "agree", actor=SYSTEM, reason="Delegation's note of 3 June")
    assert answer.value == "adopted"
    change = ChangeRecord.objects.filter(object_type="decisions.position", action="update").get()
    assert (change.before["position"], change.after["position"], change.reason) == (
        "object",
        "agree",
        "Delegation's note of 3 June",
    )
    tjk = next(
        row for row in cli_json("decision", "show", str(item.pk))["positions"] if row["state"] == "TJK"
    )
    assert tjk["position"] == "agree"
    assert tjk["earlier"][0]["position"] == "object" and tjk["earlier"][0]["remark"] == "Not ready"


def test_the_cli_records_and_corrects_positions_and_refuses_a_reader():
    item = half_decided(new_session())
    payload = cli_json("decision", "position", str(item.pk), "--state", "RUS", "--position", "agree")
    assert payload["missing"] == ["TJK"]
    make_user("reader", Role.READER)
    with pytest.raises(CommandError, match="refused: not allowed to change this session"):
        call_command(
            "decision", "position", str(item.pk), "--state", "TJK", "--position", "agree", "--as", "reader"
        )
    with pytest.raises(CommandError, match="reason: RUS already has a position"):
        call_command("decision", "position", str(item.pk), "--state", "RUS", "--position", "object")
    officer = make_user("sec", Role.SECRETARIAT_OFFICER)
    payload = cli_json(
        "decision",
        "position",
        str(item.pk),
        "--state",
        "TJK",
        "--position",
        "agree",
        "--as",
        officer.username,
    )
    assert payload["outcome"] == "adopted"
    assert ChangeRecord.objects.filter(object_type="decisions.position", actor_name="sec").exists()


def test_an_accepted_amendment_changes_the_text_and_every_version_is_kept():
    session = new_session()
    minutes = draft_minutes(session, "The ministers met.\nThey discussed Afghanistan.", actor=SYSTEM)
    liaison = Actor.for_user(make_user("arm", Role.LIAISON_OFFICER, state="ARM"))
    reword = propose_amendment(
        minutes,
        State.objects.get(code="ARM"),
        "They discussed the situation in Afghanistan.",
        datetime.date(2022, 6, 2),
        replaces="They discussed Afghanistan.",
        actor=liaison,
    )
    with pytest.raises(SessionError, match="replaces: the minutes contain no such passage"):
        propose_amendment(
            minutes,
            State.objects.get(code="ARM"),
            "x",
            datetime.date(2022, 6, 2),
            replaces="Nope",
            actor=liaison,
        )
    added = propose_amendment(
        minutes,
        State.objects.get(code="KAZ"),
        "Kazakhstan's remark.",
        datetime.date(2022, 6, 2),
        actor=SYSTEM,
    )
    version = accept_amendment(reword, actor=SYSTEM, on=datetime.date(2022, 6, 3))
    reject_amendment(added, actor=SYSTEM, reason="Not discussed at the meeting")
    with pytest.raises(SessionError, match="already rejected"):
        accept_amendment(added, actor=SYSTEM)
    minutes = Minutes.objects.get(pk=minutes.pk)
    assert minutes.text == "The ministers met.\nThey discussed the situation in Afghanistan."
    assert [v.text for v in minutes.versions.order_by("number")] == [
        "The ministers met.\nThey discussed Afghanistan.",
        minutes.text,
    ]
    assert version.proposed_by.code == "ARM" and version.amendment == reword
    from accord.decisions.versions import minutes_versions

    assert minutes_versions(minutes)[1]["changes"] == [
        {"kind": "removed", "text": "They discussed Afghanistan."},
        {"kind": "added", "text": "They discussed the situation in Afghanistan."},
    ]
    assert ChangeRecord.objects.filter(object_type="decisions.minutes", action="update").exists()


def test_a_liaison_officer_cannot_accept_amendments():
    from django.core.exceptions import PermissionDenied

    minutes = draft_minutes(new_session(), "Text.", actor=SYSTEM)
    amendment = propose_amendment(
        minutes, State.objects.get(code="ARM"), "More.", datetime.date(2022, 6, 2), actor=SYSTEM
    )
    liaison = Actor.for_user(make_user("arm", Role.LIAISON_OFFICER, state="ARM"))
    with pytest.raises(PermissionDenied):
        accept_amendment(amendment, actor=liaison)
    with pytest.raises(PermissionDenied):
        reject_amendment(amendment, actor=liaison)


def test_the_minutes_cli_amends_accepts_and_shows_versions():
    session = new_session()
    draft = cli_json("minutes", "draft", str(session.pk), "--text", "First text.")
    proposed = cli_json(
        "minutes",
        "amend",
        str(draft["id"]),
        "--state",
        "BLR",
        "--text",
        "Second text.",
        "--replaces",
        "First text.",
        "--on",
        "2022-06-02",
    )
    amendment = proposed["amendments"][0]["id"]
    accepted = cli_json("minutes", "accept", str(amendment))
    assert accepted["text"] == "Second text." and len(accepted["versions"]) == 2
    assert accepted["versions"][1]["proposed_by"] == "BLR"
    make_user("reader", Role.READER)
    with pytest.raises(CommandError, match="refused"):
        call_command(
            "minutes",
            "amend",
            str(draft["id"]),
            "--state",
            "KAZ",
            "--text",
            "x",
            "--on",
            "2022-06-02",
            "--as",
            "reader",
        )


def test_sources_are_cited_once_and_documents_linked():
    session = new_session()
    item = half_decided(session)
    assert add_source(session, "Press release of the CSTO Secretariat, 1 June 2022", actor=SYSTEM)
    add_source(session, "Press release of the CSTO Secretariat, 1 June 2022", actor=SYSTEM)
    session.refresh_from_db()
    assert len(session.source_keys) == 1
    assert Source.objects.filter(title="Press release of the CSTO Secretariat, 1 June 2022").count() == 1
    key = add_source(item, "Press release of the CSTO Secretariat, 1 June 2022", actor=SYSTEM)
    assert AgendaItem.objects.get(pk=item.pk).source_keys == [key]
    document = create_document(
        {
            "kind": "statement",
            "title_en": "Joint statement",
            "date": "2022-06-01",
            "classification": 0,
            "releasability": "everyone",
        },
        actor=SYSTEM,
    )
    link_document(document, session, item=item, actor=SYSTEM)
    assert Document.objects.get(pk=document.pk).session == session
    assert AgendaItem.objects.get(pk=item.pk).decision == document
    other = new_session("2022-07-01")
    with pytest.raises(SessionError, match="belongs to another session"):
        link_document(document, other, item=item, actor=SYSTEM)


def test_the_session_cli_cites_sources_and_links_documents():
    session = new_session()
    payload = cli_json("session", "source", str(session.pk), "Communiqué of the meeting")
    assert len(payload["sources"]) == 1
    document = Document.objects.filter(kind="statement").first()
    payload = cli_json("session", "link", str(session.pk), "--document", str(document.pk))
    assert Document.objects.get(pk=document.pk).session_id == session.pk
    make_user("reader", Role.READER)
    with pytest.raises(CommandError, match="refused"):
        call_command("session", "source", str(session.pk), "Another", "--as", "reader")


@pytest.fixture
def program() -> Document:
    return create_document(
        {
            "kind": "program",
            "title_en": "Border program",
            "date": "2021-01-01",
            "classification": 0,
            "releasability": "everyone",
        },
        actor=SYSTEM,
    )


def test_measures_are_created_edited_and_their_owners_recorded(program):
    measure = create_measure(
        program,
        "1",
        {"text_en": "Build posts", "deadline": datetime.date(2022, 1, 1)},
        states=list(State.objects.filter(code="TJK")),
        actor=SYSTEM,
    )
    with pytest.raises(SessionError, match="number: the program already has a measure 1"):
        create_measure(program, "1", {"text_en": "Again"}, actor=SYSTEM)
    update_measure(
        measure,
        {"done_on": datetime.date(2021, 12, 1)},
        states=list(State.objects.filter(code__in=["TJK", "KAZ"])),
        actor=SYSTEM,
        reason="report",
    )
    measure = Measure.objects.get(pk=measure.pk)
    assert measure.done_on == datetime.date(2021, 12, 1)
    owners = ChangeRecord.objects.filter(
        object_type="decisions.measure", after__responsible_states__isnull=False
    ).last()
    assert owners.after["responsible_states"] == ["KAZ", "TJK"]
    with pytest.raises(SessionError, match="done_on: 2019-01-01 is before the measure starts"):
        update_measure(
            measure,
            {"starts_on": datetime.date(2020, 1, 1), "done_on": datetime.date(2019, 1, 1)},
            actor=SYSTEM,
        )
    statement = Document.objects.filter(kind="statement").first()
    with pytest.raises(SessionError, match="program: measures belong"):
        create_measure(statement, "1", {"text_en": "x"}, actor=SYSTEM)


def test_the_measure_cli_adds_edits_and_reports(program):
    added = cli_json(
        "measure",
        "add",
        str(program.pk),
        "1",
        "--text",
        "Train guards",
        "--deadline",
        "2022-06-30",
        "--states",
        "TJK,KAZ",
    )
    assert added["states"] == ["KAZ", "TJK"] and added["status"] in ("planned", "overdue")
    measure = Measure.objects.get(program=program, number="1")
    edited = cli_json("measure", "edit", str(measure.pk), "--deadline", "2031-06-30")
    assert edited["deadline"] == "2031-06-30"
    reported = cli_json(
        "measure",
        "report",
        str(measure.pk),
        "--date",
        "2022-03-01",
        "--state",
        "TJK",
        "--text",
        "Half trained",
    )
    assert reported["status"] == "under-way"
    make_user("kaz", Role.LIAISON_OFFICER, state="KAZ")
    with pytest.raises(CommandError, match="refused"):
        call_command(
            "measure",
            "report",
            str(measure.pk),
            "--date",
            "2022-03-01",
            "--state",
            "TJK",
            "--text",
            "x",
            "--as",
            "kaz",
        )
    with pytest.raises(CommandError, match="refused"):
        call_command("measure", "edit", str(measure.pk), "--deadline", "2032-01-01", "--as", "kaz")


def test_statement_levels_are_named_in_the_chosen_language():
    english = cli_json("statements")
    assert english["years"][0]["reported_level_labels"][0] == "heads of state (Collective Security Council)"
    from io import StringIO

    out = StringIO()
    call_command("statements", "--language", "ru", stdout=out)
    assert "heads-of-state" not in out.getvalue()

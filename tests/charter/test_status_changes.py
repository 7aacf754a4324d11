"""Recording a change of a state's status from the page, the CLI and the API: checked against the
charter's rules, refused with their reasons unless overridden, kept by a later `setup`."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter.models import State, StateStatus
from accord.charter.status_changes import RuleRefusal, StatusChange, record_status
from accord.core.audit import Actor
from accord.core.cli import InputError
from accord.core.models import ChangeRecord
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
FREEZE = datetime.date(2024, 2, 22)
FRANCE_24 = "Interview of the Prime Minister of Armenia N. Pashinyan with France 24"


def armenia_frozen(**values) -> StatusChange:
    fields = {
        "state": State.objects.get(code="ARM"),
        "status": "frozen",
        "start": FREEZE,
        "source": FRANCE_24,
        "reason": "Armenia froze its participation",
        **values,
    }
    return StatusChange(**fields)


def test_a_freeze_ends_the_membership_and_is_on_the_record(actor):
    span, answer = record_status(armenia_frozen(), actor=actor)
    assert (span.status, span.valid_from, span.source_keys) == ("frozen", FREEZE, ["arm-2024-02-22"])
    member = StateStatus.objects.get(state__code="ARM", status="member")
    assert member.valid_to == FREEZE
    assert answer.value is True
    reasons = ChangeRecord.objects.filter(object_id=str(span.pk), object_type="charter.statestatus")
    assert reasons.get().reason == "status recorded from arm-2024-02-22: Armenia froze its participation"


def test_granting_a_status_runs_the_admission_criteria_and_refuses_with_their_reasons(actor):
    change = StatusChange(
        State.objects.get(code="SRB"), "observer", datetime.date(2025, 1, 1), "Note", "asked"
    )
    with pytest.raises(RuleRefusal) as refused:
        record_status(change, actor=actor)
    assert refused.value.field == "status"
    assert "Serbia holds no status in the organization on 2025-01-01." in str(refused.value)
    assert not StateStatus.objects.filter(state__code="SRB").exists()


def test_an_override_records_it_with_its_reason_and_decision(actor):
    change = StatusChange(
        State.objects.get(code="SRB"),
        "observer",
        datetime.date(2025, 1, 1),
        "Note",
        "asked",
        decision="Council decision on observers",
        override="The Council granted it; the criteria are not all recorded",
    )
    span, answer = record_status(change, actor=actor)
    assert answer.value is False
    assert span.override_reason == "The Council granted it; the criteria are not all recorded"
    assert span.decision_key


def test_only_a_party_to_the_treaty_can_freeze_or_be_suspended(actor):
    change = StatusChange(State.objects.get(code="SRB"), "frozen", datetime.date(2025, 1, 1), "Note", "no")
    with pytest.raises(RuleRefusal, match="Only a party to the Treaty"):
        record_status(change, actor=actor)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"reason": "  "}, "reason"),
        ({"source": ""}, "source"),
        ({"start": datetime.date(2002, 5, 15)}, "start"),
    ],
)
def test_a_change_without_reason_or_source_or_out_of_order_is_refused_on_its_field(actor, values, field):
    with pytest.raises(Exception) as refused:
        record_status(armenia_frozen(**values), actor=actor)
    assert refused.value.field == field


def test_the_cli_records_and_refuses_with_exit_2():
    out = io.StringIO()
    call_command(
        "set_status",
        "ARM",
        "frozen",
        "--from",
        "2024-02-22",
        "--source",
        FRANCE_24,
        "--reason",
        "froze",
        stdout=out,
    )
    assert "Recorded: ARM is participation frozen by the state from 2024-02-22." in out.getvalue()
    with pytest.raises(InputError, match="the charter's rules refuse it"):
        call_command("set_status", "SRB", "member", "--from", "2025-01-01", "--source", "x", "--reason", "y")


def secretariat_token() -> dict[str, str]:
    officer = make_user("status-officer", Role.SECRETARIAT_OFFICER)
    issued = create_token(
        officer,
        "statuses",
        ["charter:statestatus:change"],
        datetime.timedelta(days=1),
        actor=Actor.system("t"),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def post_status(client, headers, **values):
    body = {"state": "ARM", "status": "frozen", "start": "2024-02-22", "source": FRANCE_24, "reason": "froze"}
    return client.post(
        "/api/v1/charter/statuses", {**body, **values}, content_type="application/json", **headers
    )


def test_the_api_records_a_status_and_refuses_with_the_field(client):
    headers = secretariat_token()
    refused = post_status(client, headers, state="SRB", status="member", start="2025-01-01")
    assert refused.status_code == 422 and refused.json()["detail"].startswith("status: ")
    done = post_status(client, headers)
    assert done.status_code == 201, done.content
    assert done.json()["status"] == "frozen" and done.json()["source_keys"] == ["arm-2024-02-22"]


def test_a_token_without_the_scope_or_a_liaison_officer_records_nothing(client):
    liaison = make_user("arm-liaison", Role.LIAISON_OFFICER, state="ARM")
    issued = create_token(
        liaison, "own", ["charter:statestatus:change"], datetime.timedelta(days=1), actor=Actor.system("t")
    )
    answer = post_status(client, {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"})
    assert answer.status_code == 403
    assert not StateStatus.objects.filter(status="frozen").exists()


def test_the_state_page_records_a_freeze_and_shows_what_the_status_allows(client):
    officer = make_user("page-officer", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    page = client.get("/states/ARM/")
    assert b'action="/states/ARM/status/"' in page.content
    answer = client.post(
        "/states/ARM/status/",
        {
            "status": "frozen",
            "start": "2024-02-22",
            "source": FRANCE_24,
            "reason": "Armenia froze its participation",
        },
    )
    assert answer.status_code == 302
    shown = client.get("/states/ARM/", {"on": "2024-06-01"}).content.decode()
    assert "participation frozen by the state" in shown
    assert 'class="refused" data-power="block-consensus"' in shown


def test_a_refusal_stays_on_the_page_with_the_rules_reasons(client):
    login_verified(client, make_user("page-officer-2", Role.SECRETARIAT_OFFICER))
    answer = client.post(
        "/states/SRB/status/", {"status": "member", "start": "2025-01-01", "source": "x", "reason": "asked"}
    )
    assert answer.status_code == 422
    assert "the charter&#x27;s rules refuse it" in answer.content.decode()


def test_a_reader_sees_no_form_and_may_not_post(client):
    login_verified(client, make_user("reader-1", Role.READER))
    assert b"record-status" not in client.get("/states/ARM/").content
    refused = client.post(
        "/states/ARM/status/", {"status": "frozen", "start": "2024-02-22", "source": "x", "reason": "y"}
    )
    assert refused.status_code == 403


def test_setup_again_keeps_the_recorded_freeze(actor):
    record_status(armenia_frozen(), actor=actor)
    call_command("load_charter", "csto", stdout=io.StringIO(), stderr=io.StringIO())
    assert StateStatus.objects.get(state__code="ARM", status="member").valid_to == FREEZE
    assert StateStatus.objects.filter(state__code="ARM", status="frozen").exists()

"""Recording a chairmanship or an appointment from the service, the CLI, the API and the pages:
checked against the charter's turns, refused with the rules' reasons unless overridden, and the
override shown wherever the chair or the appointment appears."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter.models import Appointment, Chairmanship, State
from accord.charter.post_changes import AppointmentChange, ChairChange, record_appointment, record_chair
from accord.charter.status_changes import RuleRefusal
from accord.core.audit import Actor
from accord.core.cli import InputError
from accord.core.models import ChangeRecord
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
TASMAGAMBETOV = "Imangali Tasmagambetov"


def state(code: str) -> State:
    return State.objects.get(code=code)


def accord(*arguments: str) -> str:
    out = io.StringIO()
    call_command(*arguments, stdout=out, stderr=io.StringIO())
    return out.getvalue()


# The service: chairs


def test_the_chair_in_turn_is_recorded_with_its_source_and_reason(actor):
    chair, answer = record_chair(ChairChange(state("ARM"), 2022, "CSC session in Yerevan"), actor=actor)
    assert (chair.state.code, chair.override_reason, answer.value) == ("ARM", "", True)
    record = ChangeRecord.objects.get(object_type="charter.chairmanship", object_id=str(chair.pk))
    assert record.reason.startswith(f"chair for 2022 recorded from {chair.source_keys[0]}")


def test_a_chair_out_of_rotation_is_refused_with_the_rotations_reasons(actor):
    with pytest.raises(RuleRefusal) as refused:
        record_chair(ChairChange(state("RUS"), 2022, "A note"), actor=actor)
    assert refused.value.field == "state"
    assert "Russia is out of turn in 2022: the rotation gives the chair to Armenia." in str(refused.value)
    assert not Chairmanship.objects.filter(year=2022).exists()


def test_a_state_whose_status_may_not_chair_is_refused(actor):
    with pytest.raises(RuleRefusal, match="does not let that status chair"):
        record_chair(ChairChange(state("SRB"), 2022, "A note"), actor=actor)


def test_an_override_records_the_chair_and_keeps_its_reason(actor):
    chair, answer = record_chair(
        ChairChange(state("RUS"), 2022, "A note", override="Armenia gave up its turn"), actor=actor
    )
    assert answer.value is False and chair.override_reason == "Armenia gave up its turn"
    record = ChangeRecord.objects.get(object_type="charter.chairmanship", object_id=str(chair.pk))
    assert "override of the charter's rules: Armenia gave up its turn" in record.reason


@pytest.mark.parametrize(("values", "field"), [({"source": " "}, "source"), ({"year": 1800}, "year")])
def test_a_chair_without_source_or_with_a_year_out_of_range_is_refused_on_its_field(actor, values, field):
    with pytest.raises(Exception) as refused:
        record_chair(
            ChairChange(**{"state": state("ARM"), "year": 2022, "source": "x", **values}), actor=actor
        )
    assert refused.value.field == field


# The service: appointments


def sg(code: str = "KAZ", **values) -> AppointmentChange:
    fields = {
        "post": "secretary-general",
        "person": TASMAGAMBETOV,
        "state": state(code),
        "start": datetime.date(2023, 1, 1),
        "source": "CSC decision of 2022-11-23",
        **values,
    }
    return AppointmentChange(**fields)


def test_the_secretary_general_in_turn_is_appointed_and_ends_the_open_term(actor):
    appointment, answer = record_appointment(sg(until=datetime.date(2026, 1, 1)), actor=actor)
    assert answer.value is True and appointment.valid_to == datetime.date(2026, 1, 1)
    assert Appointment.objects.get(person_en="Stanislav Zas").valid_to == datetime.date(2023, 1, 1)


def test_an_appointment_out_of_turn_is_refused_with_whose_turn_it_is(actor):
    with pytest.raises(RuleRefusal) as refused:
        record_appointment(sg("RUS", person="Someone"), actor=actor)
    assert refused.value.field == "state"
    assert "Russia is out of turn for Secretary General on 2023-01-01: it is Kazakhstan's turn." in str(
        refused.value
    )
    assert not Appointment.objects.filter(person_en="Someone").exists()


def test_a_national_of_a_state_that_is_not_a_member_is_refused_even_as_acting(actor):
    with pytest.raises(RuleRefusal, match="Serbia holds no status"):
        record_appointment(sg("SRB", person="Someone", acting=True), actor=actor)
    with pytest.raises(RuleRefusal, match="does not let that status decide"):
        record_appointment(sg("SRB", post="deputy-secretary-general", person="Someone"), actor=actor)


def test_an_override_records_the_appointment_with_its_reason(actor):
    appointment, answer = record_appointment(
        sg("RUS", person="Someone", override="Agreed at the CSC"), actor=actor
    )
    assert answer.value is False and appointment.override_reason == "Agreed at the CSC"


def test_an_appointment_ending_before_it_starts_is_refused_on_until(actor):
    with pytest.raises(Exception) as refused:
        record_appointment(sg(until=datetime.date(2022, 1, 1)), actor=actor)
    assert refused.value.field == "until"


# The CLI


def test_the_cli_records_a_chair_and_refuses_out_of_rotation_with_exit_2():
    out = accord("set_chair", "2022", "ARM", "--source", "CSC session in Yerevan")
    assert "Recorded: ARM chairs in 2022." in out
    with pytest.raises(InputError, match="the charter's rules refuse it"):
        accord("set_chair", "2023", "RUS", "--source", "x")
    accord("set_chair", "2023", "RUS", "--source", "x", "--override", "Belarus gave up its turn")
    shown = accord("chair", "2023")
    assert "Recorded as an override of the charter's rules: Belarus gave up its turn" in shown


def test_the_cli_appoints_until_a_date_and_refuses_out_of_turn():
    out = accord(
        "appoint", "secretary-general", TASMAGAMBETOV, "--state", "KAZ", "--from", "2023-01-01",
        "--until", "2026-01-01", "--source", "CSC decision",
    )  # fmt: skip
    assert (
        "Recorded: Imangali Tasmagambetov (KAZ), secretary-general from 2023-01-01 until 2026-01-01." in out
    )
    with pytest.raises(InputError, match="state: the charter's rules refuse it"):
        accord("appoint", "secretary-general", "Someone", "--state", "RUS", "--from", "2026-01-01")
    accord(
        "appoint", "secretary-general", "Someone", "--state", "RUS", "--from", "2026-01-01",
        "--override", "Agreed at the CSC",
    )  # fmt: skip
    shown = accord("post", "secretary-general", "--on", "2026-06-01")
    assert "Recorded as an override of the charter's rules: Agreed at the CSC" in shown


# The API


def bearer(user, *scopes: str) -> dict[str, str]:
    issued = create_token(user, "posts", list(scopes), datetime.timedelta(days=1), actor=Actor.system("t"))
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def officer_headers() -> dict[str, str]:
    officer = make_user("posts-officer", Role.SECRETARIAT_OFFICER)
    return bearer(officer, "charter:chairmanship:change", "charter:appointment:change")


def post_json(client, path: str, body: dict, headers: dict):
    return client.post(path, body, content_type="application/json", **headers)


def test_the_api_records_a_chair_refuses_out_of_rotation_and_shows_the_override(client):
    headers = officer_headers()
    body = {"state": "RUS", "year": 2022, "source": "A note"}
    refused = post_json(client, "/api/v1/charter/chairmanships", body, headers)
    assert refused.status_code == 422 and refused.json()["detail"].startswith("state: the charter's rules")
    badly = post_json(client, "/api/v1/charter/chairmanships", {**body, "year": 1800}, headers)
    assert badly.status_code == 422 and badly.json()["detail"][0]["loc"] == ["body", "payload", "year"]
    done = post_json(client, "/api/v1/charter/chairmanships", {**body, "override": "ARM gave way"}, headers)
    assert done.status_code == 201, done.content
    assert done.json()["override_reason"] == "ARM gave way"
    shown = client.get("/api/v1/charter/chairmanships/2022").json()
    assert (shown["state"], shown["override_reason"]) == ("RUS", "ARM gave way")
    listed = client.get("/api/v1/charter/chairmanships", {"first": 2021, "last": 2022}).json()
    assert [row["override_reason"] for row in listed] == ["", "ARM gave way"]


def test_the_api_appoints_refuses_out_of_turn_and_shows_the_override(client):
    headers = officer_headers()
    body = {
        "post": "secretary-general",
        "person": "Someone",
        "state": "RUS",
        "start": "2023-01-01",
        "source": "CSC decision",
    }
    refused = post_json(client, "/api/v1/charter/appointments", body, headers)
    assert refused.status_code == 422 and refused.json()["detail"].startswith("state: the charter's rules")
    badly = post_json(client, "/api/v1/charter/appointments", {**body, "until": "2020-01-01"}, headers)
    assert badly.status_code == 422 and badly.json()["detail"].startswith("until: ")
    done = post_json(
        client, "/api/v1/charter/appointments", {**body, "override": "Agreed at the CSC"}, headers
    )
    assert done.status_code == 201, done.content
    assert (done.json()["state"], done.json()["override_reason"]) == ("RUS", "Agreed at the CSC")
    holder = client.get("/api/v1/charter/posts/secretary-general/holder", {"on": "2023-06-01"}).json()
    assert holder["override_reason"] == "Agreed at the CSC"
    history = client.get("/api/v1/charter/appointments", {"post": "secretary-general"}).json()
    assert history[-1]["override_reason"] == "Agreed at the CSC"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/v1/charter/chairmanships", {"state": "ARM", "year": 2022, "source": "x"}),
        (
            "/api/v1/charter/appointments",
            {
                "post": "secretary-general",
                "person": "X",
                "state": "KAZ",
                "start": "2023-01-01",
                "source": "x",
            },
        ),
    ],
)
def test_a_liaison_officer_or_a_token_without_the_scope_records_nothing(client, path, body):
    liaison = make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ")
    scopes = ("charter:chairmanship:change", "charter:appointment:change")
    assert post_json(client, path, body, bearer(liaison, *scopes)).status_code == 403
    officer = make_user("unscoped-officer", Role.SECRETARIAT_OFFICER)
    assert post_json(client, path, body, bearer(officer, "charter:statestatus:change")).status_code == 403
    assert not Chairmanship.objects.filter(year=2022).exists()
    assert not Appointment.objects.filter(person_en="X").exists()


# The pages


def test_the_chairmanships_page_records_a_chair_and_shows_the_override(client):
    login_verified(client, make_user("chair-officer", Role.SECRETARIAT_OFFICER))
    assert b'action="/chairmanships/record/"' in client.get("/chairmanships/").content
    form = {"year": "2022", "state": "RUS", "source": "A note"}
    refused = client.post("/chairmanships/record/", form)
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "the charter&#x27;s rules refuse it" in text and "the rotation gives the chair to Armenia" in text
    assert client.post("/chairmanships/record/", {**form, "override": "ARM gave way"}).status_code == 302
    shown = client.get("/chairmanships/").content.decode()
    assert "Recorded although the rotation refused it: ARM gave way" in shown


def test_the_bodies_page_records_an_appointment_and_shows_the_override(client):
    login_verified(client, make_user("post-officer", Role.SECRETARIAT_OFFICER))
    assert b'action="/bodies/appointments/"' in client.get("/bodies/").content
    form = {
        "post": "secretary-general",
        "person": "Someone",
        "state": "RUS",
        "start": "2023-01-01",
        "source": "CSC decision",
    }
    refused = client.post("/bodies/appointments/", form)
    assert refused.status_code == 422
    assert "it is Kazakhstan&#x27;s turn" in refused.content.decode()
    assert not Appointment.objects.filter(person_en="Someone").exists()
    done = client.post(
        "/bodies/appointments/", {**form, "override": "Agreed at the CSC", "until": "2026-01-01"}
    )
    assert done.status_code == 302
    shown = client.get("/bodies/").content.decode()
    assert "Agreed at the CSC" in shown and "2026-01-01" in shown
    assert "Agreed at the CSC" in client.get("/states/RUS/").content.decode()


@pytest.mark.parametrize(
    ("page", "action"), [("/chairmanships/", "/chairmanships/record/"), ("/bodies/", "/bodies/appointments/")]
)
def test_a_reader_or_a_liaison_officer_sees_no_form_and_may_not_post(client, page, action):
    for user in (
        make_user("reader-2", Role.READER),
        make_user("kaz-liaison-2", Role.LIAISON_OFFICER, state="KAZ"),
    ):
        login_verified(client, user)
        assert action.encode() not in client.get(page).content
        assert client.post(action, {"year": "2022", "state": "ARM", "source": "x"}).status_code == 403
        client.logout()


def test_setup_again_keeps_the_recorded_chair_and_appointment(actor):
    record_chair(ChairChange(state("ARM"), 2022, "CSC session in Yerevan"), actor=actor)
    record_appointment(sg(), actor=actor)
    call_command("load_charter", "csto", stdout=io.StringIO(), stderr=io.StringIO())
    assert Chairmanship.objects.get(year=2022).state.code == "ARM"
    assert Appointment.objects.filter(person_en=TASMAGAMBETOV).exists()

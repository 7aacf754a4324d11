"""Recording instruments, signatures, ratifications and diplomatic relations from the service, the
CLI, the API and the pages: checked input, the access policy, the charter's rule that only a party
ratifies (refused with its reasons unless overridden), and the change record."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter.instrument_changes import (
    NewInstrument,
    Ratification,
    Signature,
    ratify,
    record_instrument,
    record_signature,
)
from accord.charter.models import DiplomaticRelation, Instrument, InstrumentParticipant, State
from accord.charter.services import CharterError, record_relation
from accord.charter.status_changes import RuleRefusal
from accord.core.audit import Actor
from accord.core.cli import InputError
from accord.core.models import ChangeRecord
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
DAY = datetime.date(2025, 3, 1)
OVERRIDE = "The Council admitted it to the instrument by a decision not yet in Accord"


def state(code: str) -> State:
    return State.objects.get(code=code)


def crrf(**values) -> NewInstrument:
    fields = {
        "key": "crrf-agreement",
        "title_en": "Agreement on the Collective Rapid Reaction Forces",
        "title_ru": "Соглашение о Коллективных силах оперативного реагирования",
        "kind": "agreement",
        "entry_into_force": "on-date",
        "source": "CSTO treaty register",
        "adopted_on": datetime.date(2009, 6, 14),
        "place_en": "Moscow",
        "adopted_by": "csc",
        "in_force_from": datetime.date(2009, 6, 14),
        **values,
    }
    return NewInstrument(**fields)


def changes_of(instance) -> list[str]:
    label = instance._meta.label_lower
    return list(
        ChangeRecord.objects.filter(object_type=label, object_id=str(instance.pk)).values_list(
            "reason", flat=True
        )
    )


# --- service -------------------------------------------------------------------------------------


def test_a_new_instrument_is_recorded_with_its_body_and_source(actor):
    instrument = record_instrument(crrf(), actor=actor)
    assert (instrument.adopted_by.key, instrument.kind, instrument.place_en) == ("csc", "agreement", "Moscow")
    assert instrument.source_keys == ["csto-treaty-register"]
    assert changes_of(instrument) == ["instrument recorded from csto-treaty-register"]


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"key": "partners-observers"}, "key"),
        ({"key": "  "}, "key"),
        ({"kind": "pact"}, "kind"),
        ({"entry_into_force": "whenever"}, "entry_into_force"),
        ({"adopted_by": "no-such-body"}, "adopted_by"),
        ({"in_force_from": datetime.date(2008, 1, 1)}, "in_force_from"),
        ({"title_en": ""}, "title_en"),
        ({"source": " "}, "source"),
    ],
)
def test_a_bad_instrument_is_refused_on_its_field_and_not_written(actor, values, field):
    before = Instrument.objects.count()
    with pytest.raises(CharterError) as refused:
        record_instrument(crrf(**values), actor=actor)
    assert refused.value.field == field
    assert Instrument.objects.count() == before


def test_only_the_secretariat_records_an_instrument():
    liaison = make_user("kaz-instr", Role.LIAISON_OFFICER, state="KAZ")
    with pytest.raises(PermissionDenied):
        record_instrument(crrf(), actor=Actor.for_user(liaison))
    officer = make_user("sec-instr", Role.SECRETARIAT_OFFICER)
    assert record_instrument(crrf(), actor=Actor.for_user(officer)).pk


def test_a_signature_keeps_when_where_and_the_office(actor):
    record_instrument(crrf(), actor=actor)
    signature = Signature(
        "crrf-agreement", state("KAZ"), datetime.date(2009, 6, 14), "head of state", "Register", "Moscow"
    )
    participant = record_signature(signature, actor=actor)
    assert (participant.signed_on, participant.signed_by, participant.signed_place) == (
        datetime.date(2009, 6, 14),
        "head of state",
        "Moscow",
    )
    assert changes_of(participant) == ["signature recorded from register"]


def test_a_signature_needs_an_office_and_a_day_after_adoption(actor):
    record_instrument(crrf(), actor=actor)
    with pytest.raises(CharterError) as refused:
        record_signature(Signature("crrf-agreement", state("KAZ"), DAY, " ", "Register"), actor=actor)
    assert refused.value.field == "office"
    early = Signature("crrf-agreement", state("KAZ"), datetime.date(2009, 1, 1), "head of state", "Register")
    with pytest.raises(CharterError) as refused:
        record_signature(early, actor=actor)
    assert refused.value.field == "on"


def test_a_liaison_officer_signs_for_their_own_state_only(actor):
    record_instrument(crrf(), actor=actor)
    officer = Actor.for_user(make_user("kaz-sign", Role.LIAISON_OFFICER, state="KAZ"))
    own = Signature("crrf-agreement", state("KAZ"), DAY, "minister of defence", "Register")
    assert record_signature(own, actor=officer).signed_by == "minister of defence"
    with pytest.raises(PermissionDenied):
        record_signature(Signature("crrf-agreement", state("RUS"), DAY, "head of state", "R"), actor=officer)


def test_a_state_that_is_not_a_party_may_not_ratify_without_an_override(actor):
    refused_ratification = Ratification("partners-observers", state("SRB"), DAY, "A report")
    with pytest.raises(RuleRefusal) as refused:
        ratify(refused_ratification, actor=actor)
    assert refused.value.field == "state"
    assert "Serbia holds no status in the organization on 2025-03-01." in str(refused.value)
    assert "Only a party may ratify" in str(refused.value)
    assert not InstrumentParticipant.objects.filter(state__code="SRB").exists()
    participant, answer = ratify(
        Ratification("partners-observers", state("SRB"), DAY, "A report", OVERRIDE), actor=actor
    )
    assert answer.value is False and participant.override_reason == OVERRIDE
    assert changes_of(participant) == [
        f"ratification recorded from a-report (override of the charter's rules: {OVERRIDE})"
    ]


def test_a_member_a_signatory_and_a_founder_ratify_without_override(actor):
    _, answer = ratify(Ratification("partners-observers", state("KAZ"), DAY, "A law"), actor=actor)
    assert answer.value is True
    record_instrument(crrf(), actor=actor)
    record_signature(Signature("crrf-agreement", state("SRB"), DAY, "head of state", "Register"), actor=actor)
    signed, answer = ratify(Ratification("crrf-agreement", state("SRB"), DAY, "A law"), actor=actor)
    assert answer.value is True and signed.override_reason == ""
    founder, answer = ratify(
        Ratification("collective-security-treaty", state("KAZ"), datetime.date(1992, 7, 1), "Law"),
        actor=actor,
    )
    assert answer.value is True and founder.ratified_on == datetime.date(1992, 7, 1)


def test_relations_are_a_secretariat_write():
    reader = Actor.for_user(make_user("reader-rel", Role.READER))
    with pytest.raises(PermissionDenied):
        record_relation(state("ARM"), state("SRB"), established=None, source="MFA", actor=reader)
    assert not DiplomaticRelation.objects.filter(state_a__code="ARM", state_b__code="SRB").exists()


# --- CLI -----------------------------------------------------------------------------------------


def run(*arguments: str) -> str:
    out = io.StringIO()
    call_command(*arguments, stdout=out)
    return out.getvalue()


def test_the_cli_adds_an_instrument_and_a_signature():
    shown = run(
        "instrument", "add", "crrf-agreement", "--title", "Agreement on the CRRF", "--kind", "agreement",
        "--enters", "on-date", "--adopted", "2009-06-14", "--place", "Moscow", "--by", "csc",
        "--source", "CSTO treaty register", "--publisher", "CSTO Secretariat", "--published", "2010-01-01",
    )  # fmt: skip
    assert "Recorded: the instrument crrf-agreement (Agreement on the CRRF)." in shown
    signed = run(
        "sign", "crrf-agreement", "KAZ", "--on", "2009-06-14", "--at", "Moscow", "--by", "head of state",
        "--source", "CSTO treaty register", "--publisher", "CSTO Secretariat", "--published", "2010-01-01",
    )  # fmt: skip
    assert "Recorded: KAZ signed crrf-agreement on 2009-06-14 (head of state)." in signed
    participant = InstrumentParticipant.objects.get(instrument__key="crrf-agreement", state__code="KAZ")
    assert participant.source_keys == Instrument.objects.get(key="crrf-agreement").source_keys


def test_the_cli_refuses_with_exit_2_naming_the_field():
    with pytest.raises(InputError) as refused:
        run("instrument", "add", "partners-observers", "--title", "T", "--kind", "treaty", "--enters",
            "on-date", "--source", "S")  # fmt: skip
    assert refused.value.returncode == 2 and str(refused.value).startswith("key: ")
    with pytest.raises(InputError) as refused:
        run("sign", "partners-observers", "KAZ", "--on", "2019-01-01", "--by", " ", "--source", "S")
    assert str(refused.value).startswith("office: ")


def test_the_cli_refuses_a_non_party_and_records_an_override_shown_by_instruments():
    with pytest.raises(InputError, match=r"^state: the charter's rules refuse it") as refused:
        run("ratify", "partners-observers", "SRB", "--on", "2025-03-01", "--source", "A report")
    assert refused.value.returncode == 2
    shown = run(
        "ratify",
        "partners-observers",
        "SRB",
        "--on",
        "2025-03-01",
        "--source",
        "A report",
        "--override",
        OVERRIDE,
    )
    assert f"Recorded as an override of the charter's rules: {OVERRIDE}" in shown
    listing = json.loads(run("instruments", "--json"))
    entry = next(item for item in listing["instruments"] if item["key"] == "partners-observers")
    assert entry["overrides"] == {"SRB": OVERRIDE}
    assert f"SRB: recorded as an override of the charter's rules: {OVERRIDE}" in run("instruments")


# --- API -----------------------------------------------------------------------------------------


def bearer(user, *scopes: str) -> dict[str, str]:
    issued = create_token(user, "t", list(scopes), datetime.timedelta(days=1), actor=Actor.system("t"))
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def post(client, path: str, headers: dict, **body):
    return client.post(f"/api/v1/charter/{path}", body, content_type="application/json", **headers)


INSTRUMENT = {
    "key": "crrf-agreement",
    "title_en": "Agreement on the CRRF",
    "kind": "agreement",
    "entry_into_force": "on-date",
    "adopted_on": "2009-06-14",
    "adopted_by": "csc",
    "source": "CSTO treaty register",
}


def test_the_api_records_an_instrument_and_refuses_with_the_field_path(client):
    headers = bearer(make_user("api-sec", Role.SECRETARIAT_OFFICER), "charter:instrument:change")
    bad = post(client, "instruments", headers, **{**INSTRUMENT, "kind": "pact"})
    assert bad.status_code == 422 and bad.json()["detail"][0]["loc"] == ["body", "payload", "kind"]
    unknown = post(client, "instruments", headers, **{**INSTRUMENT, "adopted_by": "nobody"})
    assert unknown.status_code == 422 and unknown.json()["detail"].startswith("adopted_by: ")
    done = post(client, "instruments", headers, **INSTRUMENT)
    assert done.status_code == 201, done.content
    assert done.json()["adopted_by"] == "csc" and done.json()["source_keys"] == ["csto-treaty-register"]


def test_the_api_refuses_an_instrument_without_the_scope_or_the_role(client):
    officer = make_user("api-sec-2", Role.SECRETARIAT_OFFICER)
    assert (
        post(client, "instruments", bearer(officer, "charter:statestatus:change"), **INSTRUMENT).status_code
        == 403
    )
    liaison = make_user("api-kaz", Role.LIAISON_OFFICER, state="KAZ")
    assert (
        post(client, "instruments", bearer(liaison, "charter:instrument:change"), **INSTRUMENT).status_code
        == 403
    )
    assert not Instrument.objects.filter(key="crrf-agreement").exists()


def test_the_api_records_a_liaison_officers_signature_for_their_own_state_only(client, actor):
    record_instrument(crrf(), actor=actor)
    headers = bearer(
        make_user("api-kaz-2", Role.LIAISON_OFFICER, state="KAZ"), "charter:instrumentparticipant:change"
    )
    body = {"instrument": "crrf-agreement", "on": "2009-06-14", "office": "head of state", "place": "Moscow"}
    done = post(client, "signatures", headers, state="KAZ", source="Register", **body)
    assert done.status_code == 201, done.content
    assert (done.json()["signed_by"], done.json()["signed_place"]) == ("head of state", "Moscow")
    assert post(client, "signatures", headers, state="RUS", source="Register", **body).status_code == 403
    missing = post(
        client, "signatures", headers, state="KAZ", source="Register", **{**body, "on": "1800-01-01"}
    )
    assert missing.status_code == 422 and missing.json()["detail"][0]["loc"] == ["body", "payload", "on"]


def test_the_api_ratification_is_refused_for_a_non_party_then_shown_as_an_override(client):
    headers = bearer(make_user("api-sec-3", Role.SECRETARIAT_OFFICER), "charter:instrumentparticipant:change")
    body = {"instrument": "partners-observers", "state": "SRB", "on": "2025-03-01", "source": "A report"}
    refused = post(client, "ratifications", headers, **body)
    assert refused.status_code == 422 and refused.json()["detail"].startswith(
        "state: the charter's rules refuse it"
    )
    done = post(client, "ratifications", headers, override=OVERRIDE, **body)
    assert done.status_code == 201, done.content
    assert done.json()["override_reason"] == OVERRIDE and done.json()["reasons"]
    table = client.get("/api/v1/charter/instruments/partners-observers").json()["participants"]
    assert {item["state"]: item["override_reason"] for item in table}["SRB"] == OVERRIDE


def test_the_api_records_relations_with_its_scope_only(client):
    officer = make_user("api-sec-4", Role.SECRETARIAT_OFFICER)
    body = {"first": "ARM", "second": "SRB", "established_on": "1992-01-01", "source": "MFA list"}
    assert post(client, "relations", bearer(officer, "charter:instrument:change"), **body).status_code == 403
    same = post(
        client, "relations", bearer(officer, "charter:diplomaticrelation:change"), **{**body, "second": "ARM"}
    )
    assert same.status_code == 422
    done = post(client, "relations", bearer(officer, "charter:diplomaticrelation:change"), **body)
    assert done.status_code == 201, done.content
    assert done.json()["states"] == ["ARM", "SRB"]


# --- pages ---------------------------------------------------------------------------------------


def page_form(**values) -> dict[str, str]:
    return {
        "key": "crrf-agreement",
        "title_en": "Agreement on the CRRF",
        "kind": "agreement",
        "entry_into_force": "on-date",
        "adopted_on": "2009-06-14",
        "adopted_by": "csc",
        "source": "CSTO treaty register",
        **values,
    }


def test_the_instruments_page_records_a_new_instrument_and_keeps_a_refusal_on_the_page(client):
    login_verified(client, make_user("page-sec", Role.SECRETARIAT_OFFICER))
    assert b'action="/record/instrument/"' in client.get("/instruments/").content
    refused = client.post("/record/instrument/", page_form(key="partners-observers"))
    assert refused.status_code == 422
    assert "an instrument &#x27;partners-observers&#x27; is already recorded" in refused.content.decode()
    done = client.post("/record/instrument/", page_form())
    assert done.status_code == 302 and done["Location"] == "/instruments/crrf-agreement/"
    assert "Agreement on the CRRF" in client.get("/instruments/").content.decode()


def test_the_instrument_page_records_a_signature(client, actor):
    record_instrument(crrf(), actor=actor)
    login_verified(client, make_user("page-sec-2", Role.SECRETARIAT_OFFICER))
    done = client.post(
        "/instruments/crrf-agreement/signature/",
        {
            "state": "KAZ",
            "on": "2009-06-14",
            "place": "Moscow",
            "office": "head of state",
            "source": "Register",
        },
    )
    assert done.status_code == 302
    shown = client.get("/instruments/crrf-agreement/").content.decode()
    assert "head of state" in shown and "Moscow" in shown


def test_a_ratification_refused_on_the_page_keeps_its_reasons_and_an_override_is_shown(client):
    login_verified(client, make_user("page-sec-3", Role.SECRETARIAT_OFFICER))
    body = {"state": "SRB", "on": "2025-03-01", "source": "A report"}
    refused = client.post("/instruments/partners-observers/ratification/", body)
    assert refused.status_code == 422
    text = refused.content.decode()
    assert "the charter&#x27;s rules refuse it" in text and "Only a party may ratify" in text
    done = client.post("/instruments/partners-observers/ratification/", {**body, "override": OVERRIDE})
    assert done.status_code == 302
    shown = client.get("/instruments/partners-observers/").content.decode()
    assert "Recorded as an override of the charter's rules:" in shown and OVERRIDE in shown


def test_a_liaison_officer_is_offered_their_own_state_and_a_reader_nothing(client):
    login_verified(client, make_user("page-kaz", Role.LIAISON_OFFICER, state="KAZ"))
    shown = client.get("/instruments/partners-observers/").content.decode()
    assert 'value="KAZ"' in shown and 'value="RUS"' not in shown
    assert b"record-instrument" not in client.get("/instruments/").content
    client.logout()
    login_verified(client, make_user("page-reader", Role.READER))
    assert b"record-ratification" not in client.get("/instruments/partners-observers/").content
    body = {"state": "KAZ", "on": "2025-03-01", "source": "A law"}
    assert client.post("/instruments/partners-observers/ratification/", body).status_code == 403
    assert client.post("/record/instrument/", page_form()).status_code == 403
    assert client.get("/relations/new/").status_code == 403


def test_the_relations_page_records_relations(client):
    login_verified(client, make_user("page-sec-4", Role.SECRETARIAT_OFFICER))
    assert b'href="/relations/new/"' in client.get("/instruments/").content
    refused = client.post("/relations/new/", {"first": "ARM", "second": "ARM", "source": "MFA"})
    assert refused.status_code == 422 and "no diplomatic relations with itself" in refused.content.decode()
    done = client.post(
        "/relations/new/", {"first": "ARM", "second": "SRB", "established_on": "1992-01-01", "source": "MFA"}
    )
    assert done.status_code == 302
    assert DiplomaticRelation.objects.get(state_a__code="ARM", state_b__code="SRB").source_keys == ["mfa"]


def test_loading_the_charter_again_keeps_recorded_instruments_signatures_and_overrides(actor):
    record_instrument(crrf(), actor=actor)
    record_signature(Signature("crrf-agreement", state("KAZ"), DAY, "head of state", "Register"), actor=actor)
    ratify(Ratification("partners-observers", state("SRB"), DAY, "A report", OVERRIDE), actor=actor)
    call_command("load_charter", "csto", stdout=io.StringIO(), stderr=io.StringIO())
    assert InstrumentParticipant.objects.get(instrument__key="crrf-agreement", state__code="KAZ").signed_by
    srb = InstrumentParticipant.objects.get(instrument__key="partners-observers", state__code="SRB")
    assert (srb.ratified_on, srb.override_reason) == (DAY, OVERRIDE)

"""The charter API under /api/v1/charter/, and its OpenAPI description."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def test_openapi_spec_lists_the_charter_endpoints(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    for path in (
        "/api/v1/charter/states",
        "/api/v1/charter/states/{code}",
        "/api/v1/charter/chairmanships",
        "/api/v1/charter/posts/{key}/holder",
        "/api/v1/charter/instruments/{key}",
        "/api/v1/charter/eligibility",
        "/api/v1/charter/statuses",
        "/api/v1/charter/bodies",
    ):
        assert path in paths


def test_states_are_paginated_and_filterable(client):
    everything = client.get("/api/v1/charter/states").json()
    assert everything["count"] == 249
    assert len(everything["items"]) == 50
    members = client.get("/api/v1/charter/states", {"status": "member", "on": "2020-05-15"}).json()
    assert [item["code"] for item in members["items"]] == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    found = client.get("/api/v1/charter/states", {"q": "Кыргыз"}).json()
    assert [item["code"] for item in found["items"]] == ["KGZ"]


def test_state_detail_with_history_and_rights(client):
    body = client.get("/api/v1/charter/states/uzb", {"on": "2020-01-01"}).json()
    assert body["status"] == "suspended"
    assert [span["status"] for span in body["history"]] == ["member", "suspended"]
    assert body["history"][0]["valid_from"] is None
    assert body["rights"] == []
    kaz = client.get("/api/v1/charter/states/KAZ").json()
    assert kaz["regions"] == ["central-asian"]
    assert [right["key"] for right in kaz["rights"]] == ["full-participation"]


def test_unknown_state_is_404(client):
    assert client.get("/api/v1/charter/states/XXX").status_code == 404


def test_chairmanships_recorded_and_projected(client):
    rows = client.get("/api/v1/charter/chairmanships", {"first": 2018, "last": 2023}).json()
    assert [(row["year"], row["state"], row["projected"]) for row in rows] == [
        (2018, "KAZ", False),
        (2019, "KGZ", False),
        (2020, "RUS", False),
        (2021, "TJK", False),
        (2022, "ARM", True),
        (2023, "BLR", True),
    ]
    assert all(row["reasons"] for row in rows)


def test_post_holder(client):
    body = client.get("/api/v1/charter/posts/secretary-general/holder", {"on": "2019-06-01"}).json()
    assert body["holder"]["person"] == "Valery Semerikov"
    assert body["holder"]["acting"] is True
    assert client.get("/api/v1/charter/posts/janitor/holder").status_code == 404


def test_instrument_ratification_table(client):
    body = client.get("/api/v1/charter/instruments/partners-observers", {"on": "2020-05-15"}).json()
    assert body["in_force"] is False
    assert body["missing"] == ["TJK"]
    table = {row["state"]: (row["ratified_on"], row["ratified_precision"]) for row in body["participants"]}
    assert table["KAZ"] == ("2020-05-15", "by")
    assert table["TJK"] == ("2021-12-31", "by")


def test_pending_instruments(client):
    pending = client.get("/api/v1/charter/instruments", {"pending": "true", "on": "2020-05-15"}).json()
    assert [item["key"] for item in pending] == ["partners-observers"]
    assert client.get("/api/v1/charter/instruments", {"pending": "true", "on": "2022-05-15"}).json() == []


def test_eligibility(client):
    body = client.get(
        "/api/v1/charter/eligibility", {"state": "SRB", "status": "partner", "on": "2022-06-01"}
    ).json()
    assert body["answer"] == "undetermined"
    assert body["missing"] == ["relations-with-all-members"]
    assert "ref-ucdp-prio-acd" in body["sources"]


def test_eligibility_bad_input(client):
    unknown = client.get("/api/v1/charter/eligibility", {"state": "Atlantis", "status": "partner"})
    assert unknown.status_code == 422
    assert "unknown state 'Atlantis'" in unknown.json()["detail"]
    bad_status = client.get("/api/v1/charter/eligibility", {"state": "SRB", "status": "friend"})
    assert bad_status.status_code == 422
    bad_date = client.get(
        "/api/v1/charter/eligibility", {"state": "SRB", "status": "partner", "on": "yesterday"}
    )
    assert bad_date.status_code == 422


def test_statuses(client):
    body = client.get("/api/v1/charter/statuses", {"on": "2010-01-01"}).json()
    assert body["statuses"]["UZB"] == "member"


# ---------------------------------------------------------------------------------------------
# Bad input answers 422 with the field, never 500; a refused ratification writes nothing
# ---------------------------------------------------------------------------------------------


def written() -> tuple[int, ...]:
    from accord.charter.models import InstrumentParticipant
    from accord.core.models import ChangeRecord, Source

    return ChangeRecord.objects.count(), Source.objects.count(), InstrumentParticipant.objects.count()


@pytest.mark.parametrize(
    ("path", "params", "where"),
    [
        ("/api/v1/charter/chairmanships/10000", {}, ["path", "year"]),
        ("/api/v1/charter/chairmanships/1899", {}, ["path", "year"]),
        ("/api/v1/charter/chairmanships", {"first": 2020, "last": 10000}, ["query", "last"]),
        ("/api/v1/charter/statuses", {"on": "9999-12-31"}, ["query", "on"]),
        ("/api/v1/charter/states", {"q": "x" * 201}, ["query", "q"]),
        ("/api/v1/charter/states/%00", {}, ["path", "code"]),
        ("/api/v1/charter/instruments/%00", {}, ["path", "key"]),
        ("/api/v1/charter/posts/secretary-general/holder", {"on": "0001-01-01"}, ["query", "on"]),
    ],
)
def test_years_dates_and_searches_out_of_range_are_422(client, path, params, where):
    response = client.get(path, params)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == where


def test_the_chair_of_the_last_year_kept_is_projected(client):
    assert client.get("/api/v1/charter/chairmanships/2100").json()["projected"] is True
    last_before_first = client.get("/api/v1/charter/chairmanships", {"first": 2030, "last": 2020})
    assert last_before_first.status_code == 422


def liaison(code: str):
    import datetime

    from accord.accounts.models import Role
    from accord.accounts.tokens import create_token
    from accord.core.audit import Actor
    from tests.accounts.helpers import make_user

    officer = make_user(f"{code.lower()}-centre", Role.LIAISON_OFFICER, state=code)
    issued = create_token(
        officer,
        code,
        ["charter:instrumentparticipant:change"],
        datetime.timedelta(days=1),
        actor=Actor.system("t"),
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def ratify(client, headers, **values):
    body = {
        "instrument": "partners-observers",
        "state": "KAZ",
        "on": "2020-03-01",
        "source": "Report",
        **values,
    }
    return client.post("/api/v1/charter/ratifications", body, content_type="application/json", **headers)


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"on": "0001-01-01"}, "on"),
        ({"on": "2020-03-01 garbage"}, "on"),
        ({"source": "a\x00b"}, "source"),
        ({"source": "s" * 501}, "source"),
        ({"state": "\ud800"}, "state"),
        ({"instrument": "\ud800"}, "instrument"),
    ],
)
def test_a_bad_ratification_is_refused_with_its_field_and_not_written(client, values, field):
    headers = liaison("KAZ")
    before = written()
    response = ratify(client, headers, **values)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "payload", field]
    assert written() == before


def test_observers_record_no_ratification_and_partners_record_their_own(client):
    from accord.charter.models import State, StateStatus

    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")
    StateStatus.objects.create(
        state=State.objects.get(code="AFG"), status="observer", valid_from="2022-01-01"
    )
    partner = ratify(client, liaison("SRB"), state="SRB", on="2022-03-01")
    assert partner.status_code == 201, partner.content
    headers = liaison("AFG")
    before = written()
    observer = ratify(client, headers, state="AFG", on="2022-03-01")
    assert observer.status_code == 403
    assert observer.json()["detail"] == (
        "AFG is observer in the Organization today, and the charter gives that status no right to add a "
        "participant in an instrument"
    )
    assert written() == before

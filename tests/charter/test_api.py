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

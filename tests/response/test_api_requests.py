"""The requests API: list with filters and pages, one request as of a date, recording one with its
lines (refused with the field path), moving it a step; another state's liaison officer refused."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.response.models import Request
from accord.response.requests import services
from tests.accounts.helpers import login_verified, make_user
from tests.response.requests.helpers import make_request

BODY = {
    "state": "TJK",
    "basis": "emergency",
    "channel": "bilateral",
    "addressed_to": ["RUS", "KAZ"],
    "requested_on": "2026-03-02",
    "needed_by": "2026-03-10",
    "title_en": "Mudflow in the Rasht valley",
    "source": "Letter of the Ministry of Emergencies",
    "lines": [
        {"kind": "supplies", "what_en": "Tents", "quantity": "200", "unit": "tents"},
        {
            "kind": "funds",
            "what_en": "Funds",
            "quantity": "1",
            "unit": "sum",
            "value": "5000000",
            "currency": "RUB",
        },
    ],
}


def logged_in(client, name: str, role: str, state: str | None = None):
    login_verified(client, make_user(name, role, state=state))
    return client


@pytest.mark.django_db
def test_a_liaison_officer_records_a_request_and_moves_it(client):
    logged_in(client, "lo-tjk", Role.LIAISON_OFFICER, "TJK")
    answer = client.post("/api/v1/response/requests", BODY, content_type="application/json")
    assert answer.status_code == 201, answer.content
    created = answer.json()
    assert created["key"] == "tjk-2026-001" and created["addressed_to"] == ["KAZ", "RUS"]
    assert created["status"] == "draft" and created["gap"]["lines"][1]["requested"] == "1"
    step = client.post(
        "/api/v1/response/requests/tjk-2026-001/steps",
        {"status": "submitted", "on": "2026-03-03"},
        content_type="application/json",
    )
    assert step.status_code == 201 and step.json()["status"] == "submitted"
    wrong = client.post(
        "/api/v1/response/requests/tjk-2026-001/steps",
        {"status": "completed", "on": "2026-03-04"},
        content_type="application/json",
    )
    assert wrong.status_code == 422 and "status" in wrong.json()["detail"]
    before = client.get("/api/v1/response/requests/tjk-2026-001?on=2026-03-02").json()
    assert before["status"] == "draft" and before["status_now"] == "submitted" and len(before["steps"]) == 1
    assert client.get("/api/v1/response/requests/tjk-2026-001?on=2026-02-01").json()["status"] is None


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "path"),
    [
        ({"lines": [BODY["lines"][0], {**BODY["lines"][0], "quantity": "0"}]}, "lines.2.quantity"),
        ({"lines": [BODY["lines"][0], {**BODY["lines"][1], "currency": ""}]}, "lines.2.currency"),
        ({"addressed_to": ["TJK"]}, "addressed_to.1"),
        ({"basis": "article-4"}, "channel"),
        ({"needed_by": "2026-03-01"}, "needed_by"),
    ],
)
def test_a_refusal_is_a_422_with_the_field_path(client, change, path):
    logged_in(client, "crc", Role.CRC_DUTY_OFFICER)
    answer = client.post("/api/v1/response/requests", {**BODY, **change}, content_type="application/json")
    assert answer.status_code == 422 and answer.json()["detail"].startswith(path + ":"), answer.content
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_another_states_liaison_officer_is_refused(client):
    logged_in(client, "lo-kaz", Role.LIAISON_OFFICER, "KAZ")
    answer = client.post("/api/v1/response/requests", BODY, content_type="application/json")
    assert answer.status_code == 403
    assert not Request.objects.exists()


@pytest.mark.django_db
def test_the_list_filters_and_pages(client, actor):
    make_request(actor)
    make_request(actor, state="KGZ", submit=True)
    logged_in(client, "sec", Role.SECRETARIAT_OFFICER)
    listed = client.get("/api/v1/response/requests?state=KGZ").json()
    assert [item["key"] for item in listed["items"]] == ["kgz-2026-001"] and listed["count"] == 1
    assert client.get("/api/v1/response/requests?status=draft").json()["count"] == 1
    assert client.get("/api/v1/response/requests?year=2025").json()["count"] == 0
    assert client.get("/api/v1/response/requests?year=99999").status_code == 422
    assert client.get("/api/v1/response/requests?page_size=1").json()["items"][0]["key"] == "kgz-2026-001"
    assert client.get("/api/v1/response/requests/no-such").status_code == 404


@pytest.mark.django_db
def test_a_partner_user_does_not_see_a_members_only_request(client, actor):
    request = make_request(actor, classification=0, releasability="members-only")
    services.submit(request, on=request.requested_on, actor=actor)
    logged_in(client, "lo-srb", Role.LIAISON_OFFICER, "SRB")
    assert client.get("/api/v1/response/requests").json()["count"] == 0
    assert client.get(f"/api/v1/response/requests/{request.key}").status_code == 404
    everyone = make_request(actor, classification=0, releasability="everyone")
    assert client.get(f"/api/v1/response/requests/{everyone.key}").status_code == 200

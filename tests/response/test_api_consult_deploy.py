"""The API of consultations, decisions and deployments: reads through restrict, writes with their
refusals (422 with the field, 403 without the right)."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.charter.models import State
from accord.forces.models import Formation
from accord.response.deployment_services import ContingentPlan, deploy
from accord.response.models import Deployment
from tests.accounts.helpers import login_verified, make_user
from tests.response.consult_factory import (
    ACTOR,
    approve,
    approved_request,
    council_decision,
    statuses,
    submitted_request,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2024, 3, 1)


def post(client, path: str, data: dict):
    return client.post(path, data, content_type="application/json")


@pytest.fixture
def officer(client):
    login_verified(client, make_user("sec-api", Role.SECRETARIAT_OFFICER))
    return client


def test_a_consultation_and_the_decision_through_the_api(officer):
    statuses()
    submitted_request("kgz-api")
    held = post(
        officer,
        "/api/v1/response/consultations",
        {
            "request": "kgz-api",
            "on": "2024-03-02",
            "by": "crisis-response-center",
            "format": "video-conference",
            "kind": "out-of-schedule",
            "states": ["KGZ", "SRB", "AFG"],
            "attendees": ["heads of the military medical services"],
            "outcome": "Propose help",
            "proposal_to": "csc",
        },
    )
    assert held.status_code == 201, held.content
    shown = officer.get(f"/api/v1/response/consultations/{held.json()['id']}").json()
    assert [seat["capacity"] for seat in shown["participants"]] == ["observer", "member", "partner"]
    listed = officer.get("/api/v1/response/consultations?request_key=kgz-api").json()
    assert [row["id"] for row in listed["items"]] == [shown["id"]]
    item = council_decision(DAY + datetime.timedelta(days=3))
    decided = post(
        officer, "/api/v1/response/requests/kgz-api/decision", {"session": str(item.session_id), "item": 1}
    )
    assert decided.status_code == 200, decided.content
    assert decided.json()["status"] == "approved"
    again = officer.get("/api/v1/response/requests/kgz-api/decision").json()
    assert {row["state"]: row["position"] for row in again["decision"]["positions"]}["KGZ"] == "agree"


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"states": ["ARM"]}, "states"),
        ({"format": "video-conference", "classification": "CONFIDENTIAL"}, "classification"),
        ({"by": "no-such-body"}, "body"),
        ({"attendees": ["Colonel I. I. Ivanov"]}, "attendees"),
    ],
)
def test_a_bad_consultation_is_422_on_its_field(officer, values, field):
    statuses()
    submitted_request("kgz-api")
    base = {"request": "kgz-api", "on": "2024-03-02", "by": "secretariat"}
    refused = post(officer, "/api/v1/response/consultations", {**base, **values})
    assert refused.status_code == 422, refused.content
    assert field in str(refused.json()["detail"])


def test_a_reader_cannot_hold_a_consultation(client):
    submitted_request("kgz-api", classification=0, releasability="everyone")
    login_verified(client, make_user("reader-api", Role.READER, state="KAZ"))
    refused = post(
        client,
        "/api/v1/response/consultations",
        {"request": "kgz-api", "on": "2024-03-02", "by": "secretariat"},
    )
    assert refused.status_code == 403


def test_deployments_through_the_api(officer):
    statuses()
    request = submitted_request("kgz-api")
    body = {
        "request": "kgz-api",
        "formation": "peacekeeping",
        "state": "RUS",
        "personnel": 300,
        "deployed_on": "2024-03-10",
    }
    early = post(officer, "/api/v1/response/deployments", body)  # not yet approved
    assert early.status_code == 422 and "deployed_on" in early.json()["detail"]
    approve(request, DAY + datetime.timedelta(days=5))
    created = post(officer, "/api/v1/response/deployments", body)
    assert created.status_code == 201, created.content
    key = created.json()["key"]
    assert (
        post(officer, "/api/v1/response/deployments", {**body, "state": "KAZ", "personnel": 50}).status_code
        == 201
    )
    refused = post(officer, "/api/v1/response/deployments", {**body, "state": "AFG"})
    assert refused.status_code == 422 and "state" in refused.json()["detail"]
    too_many = post(officer, "/api/v1/response/deployments", {**body, "state": "BLR", "personnel": 10**9})
    assert too_many.status_code == 422
    shown = officer.get(f"/api/v1/response/deployments/{key}?on=2024-03-12").json()
    assert shown["totals"] == {"personnel": 350, "equipment": 0}
    one = post(officer, f"/api/v1/response/deployments/{key}/withdraw", {"on": "2024-03-20", "state": "KAZ"})
    assert one.json()["totals"]["personnel"] == 350  # the totals without a day count every contingent
    whole = post(officer, f"/api/v1/response/deployments/{key}/withdraw", {"on": "2024-03-30"})
    assert whole.json()["withdrawn_on"] == "2024-03-30"
    late = post(officer, f"/api/v1/response/deployments/{key}/withdraw", {"on": "2024-04-30"})
    assert late.status_code == 422 and "deployment" in late.json()["detail"]
    assert officer.get("/api/v1/response/deployments?formation=peacekeeping").json()["count"] == 1


def test_a_secret_deployment_is_hidden_from_a_partners_user(client):
    statuses()
    request = approved_request("kgz-secret", classification=3)
    plan = ContingentPlan(state=State.objects.get(code="RUS"), personnel=5, deployed_on=DAY)
    key = deploy(request, Formation.objects.get(key="peacekeeping"), plan, actor=ACTOR).deployment.key
    assert Deployment.objects.get(key=key).classification == 3
    login_verified(client, make_user("srb-liaison", Role.LIAISON_OFFICER, state="SRB"))
    assert client.get(f"/api/v1/response/deployments/{key}").status_code == 404
    assert client.get("/api/v1/response/deployments").json()["count"] == 0

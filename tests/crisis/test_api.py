"""The crisis API refuses bad situation reports and filters with the field, never a 500, and writes nothing."""

from __future__ import annotations

import datetime
import json

import pytest

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter.models import State, StateStatus
from accord.core.audit import Actor
from accord.core.models import ChangeRecord
from accord.crisis.models import Event, EventCount
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


def written() -> tuple[int, int, int]:
    return ChangeRecord.objects.count(), Event.objects.count(), EventCount.objects.count()


def centre(code: str = "KGZ", clearance: int = 3) -> dict:
    officer = make_user(
        f"{code.lower()}-centre-{clearance}", Role.LIAISON_OFFICER, state=code, clearance=clearance
    )
    issued = create_token(officer, code, ["crisis:event:add"], datetime.timedelta(days=1), actor=SYSTEM)
    return {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}


def send(client, headers: dict, body: str):
    return client.post("/api/v1/crisis/reports", body, content_type="application/json", **headers)


def report(**values) -> str:
    return json.dumps({"date": "2021-09-03", "country": "KGZ", "category": "it-crime", **values})


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (report(fatalities=2**63), "fatalities"),
        (report(fatalities=-5), "fatalities"),
        (report(fatalities=3.7), "fatalities"),
        (report(fatalities=10_000_001), "fatalities"),
        (report(latitude=91, longitude=69.1), "latitude"),
        (report(latitude=37.2, longitude=-181), "longitude"),
        (report(latitude=float("nan"), longitude=69.1), "latitude"),
        (report(latitude=float("inf"), longitude=69.1), "latitude"),
        (report(latitude=37.2, longitude=float("-inf")), "longitude"),
        (report(place="a\x00b"), "place"),
        (report(place="p" * 301), "place"),
        (
            '{"date": "2021-09-03", "country": "KGZ", "category": "it-crime", "description": "\\ud800"}',
            "description",
        ),
        (report(date="0001-01-01"), "date"),
        (report(date="9999-12-31"), "date"),
        (report(date="2015-01-01 garbage"), "date"),
        (report(country="../"), "country"),
    ],
)
def test_a_bad_report_is_refused_with_its_field_and_not_written(client, body, field):
    headers = centre()
    before = written()
    response = send(client, headers, body)
    assert response.status_code == 422, response.content
    assert response.json()["detail"][0]["loc"] == ["body", "payload", field]
    assert written() == before


def test_a_good_report_is_recorded(client):
    response = send(client, centre(), report(latitude=42.87, longitude=74.6, fatalities=3, place="Bishkek"))
    assert response.status_code == 201, response.content
    assert response.json()["fatalities_best"] == 3


def test_an_unknown_state_is_refused_by_the_service_too(client):
    officer = make_user("duty-admin", Role.ADMINISTRATOR)
    issued = create_token(officer, "admin", ["crisis:event:add"], datetime.timedelta(days=1), actor=SYSTEM)
    before = written()
    response = send(client, {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}, report(country="XYZ"))
    assert response.status_code == 422
    assert response.json()["detail"] == "country: no state has the code XYZ"
    assert written() == before


@pytest.mark.parametrize(("code", "status"), [("AFG", "observer"), ("UZB", "suspended"), ("SRB", "partner")])
def test_only_members_liaison_officers_report(client, code, status):
    for other in ("SRB", "AFG"):
        StateStatus.objects.create(
            state=State.objects.get(code=other),
            status="partner" if other == "SRB" else "observer",
            valid_from="2022-01-01",
        )
    headers = centre(code)
    before = written()
    response = send(client, headers, report(country=code))
    assert response.status_code == 403
    assert f"{code} is {status} in the Organization today" in response.json()["detail"]
    assert written() == before


def test_a_public_cleared_liaison_officer_cannot_file_a_restricted_report(client):
    headers = centre(clearance=0)
    before = written()
    response = send(client, headers, report(classification=1))
    assert response.status_code == 422
    (issue,) = response.json()["detail"]
    assert issue["loc"] == ["body", "payload", "classification"]
    assert "you may not label a record RESTRICTED" in issue["msg"]
    assert written() == before


def test_a_report_without_labels_gets_the_usual_ones_within_the_reporters_reach(client):
    cleared = send(client, centre(clearance=3), report())
    assert cleared.status_code == 201
    assert Event.objects.values_list("classification", "releasability").get(pk=cleared.json()["id"]) == (
        1,
        "members-only",
    )
    public = send(client, centre(clearance=0), report())
    assert public.status_code == 201, "lowered to what a PUBLIC-cleared reporter may read back"
    assert Event.objects.values_list("classification", "releasability").get(pk=public.json()["id"]) == (
        0,
        "members-only",
    )


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/api/v1/crisis/events", {"start": "0001-01-01"}),
        ("/api/v1/crisis/map", {"category": "nonsense"}),
        ("/api/v1/crisis/counts", {"country": "../../etc"}),
        ("/api/v1/crisis/alerts", {"end": "9999-12-31"}),
        ("/api/v1/crisis/reports", {"region": "r" * 65}),
        ("/api/v1/crisis/series/covid.confirmed/KAZ", {"start": "2020-01-01 garbage"}),
    ],
)
def test_bad_filters_of_the_picture_are_422(client, path, params):
    assert client.get(path, params).status_code == 422


def test_alert_texts_are_checked(client):
    officer = make_user("duty", Role.CRC_DUTY_OFFICER)
    issued = create_token(officer, "duty", ["crisis:alert:change"], datetime.timedelta(days=1), actor=SYSTEM)
    response = client.post(
        "/api/v1/crisis/alerts/1",
        {"action": "comment", "text": "a\x00b"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {issued.secret}",
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "payload", "text"]


def test_a_partners_members_only_report_through_the_api_is_422_on_the_field(client):
    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")
    writer = make_user("srb-admin", Role.ADMINISTRATOR, state="SRB", clearance=3)
    issued = create_token(writer, "SRB", ["crisis:event:add"], datetime.timedelta(days=1), actor=SYSTEM)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {issued.secret}"}
    before = written()
    response = send(client, headers, report(country="SRB", releasability="members-only"))
    assert response.status_code == 422
    (issue,) = response.json()["detail"]
    assert issue["loc"] == ["body", "payload", "releasability"]
    assert written() == before
    saved = send(client, headers, report(country="SRB"))
    assert saved.status_code == 201, "without labels, the widest the partner may see"
    assert Event.objects.get(pk=saved.json()["id"]).releasability == "members-and-partners"

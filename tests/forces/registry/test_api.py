"""The registry in the API: reads answer what the caller may see, writes go through the services
(201, 422 naming the field, 403 for another state's contribution)."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.forces.models import Contribution
from tests.accounts.helpers import login_verified, make_user
from tests.forces.registry.helpers import SYSTEM, contribution, rate

pytestmark = pytest.mark.django_db
API = "/api/v1/forces"


def post(client, path: str, data: dict, **headers):
    return client.post(f"{API}{path}", data, content_type="application/json", **headers)


def test_formations_list_counts_contributions_only_for_those_who_may_see_them(client):
    contribution(state="KAZ", classification=2)
    public = {row["key"]: row for row in client.get(f"{API}/formations").json()}
    assert public["crdf-car"]["contributions_per_state"] == {"RUS": 1}
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    cleared = {row["key"]: row for row in client.get(f"{API}/formations").json()}
    assert cleared["crdf-car"]["contributions_per_state"] == {"KAZ": 1, "RUS": 1}
    detail = client.get(f"{API}/formations/crdf-car").json()
    assert {row["state"] for row in detail["contributions"]} == {"KAZ", "RUS"}
    assert client.get(f"{API}/formations/nothing").status_code == 404


def test_a_contribution_and_its_readiness_through_the_api(client):
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    made = post(
        client,
        "/contributions",
        {
            "formation": "crrf",
            "state": "ARM",
            "unit_type": "airborne",
            "personnel": 400,
            "valid_from": "2021-01-01",
            "source_text": "report",
        },
    )
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    rated = post(
        client,
        f"/contributions/{pk}/readiness",
        {
            "date": "2022-01-01",
            "people": "ready",
            "equipment": "not-ready",
            "support": "ready",
            "source_text": "inspection",
        },
    )
    assert rated.status_code == 201, rated.content
    assert rated.json()["overall"] == "not-ready"
    shown = client.get(f"{API}/contributions/{pk}").json()
    assert [row["overall"] for row in shown["history"]] == ["not-ready"]
    matrix = client.get(f"{API}/readiness?date=2022-06-01").json()
    assert {"formation": "crrf", "state": "ARM"}.items() <= next(
        c for c in matrix["cells"] if c["state"] == "ARM"
    ).items()
    assert client.get(f"{API}/readiness?date=2021-12-31").json()["cells"][0]["overall"] in (None, "not-ready")


def test_refusals_name_the_field(client):
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    base = {"formation": "crrf", "state": "ARM", "unit_type": "airborne"}
    assert post(client, "/contributions", {**base, "personnel": -4}).status_code == 422
    named = post(client, "/contributions", {**base, "note_en": "Ivan Petrov and Sergei Ivanov"})
    assert named.status_code == 422 and "note_en" in named.json()["detail"]
    item = contribution(classification=3)
    low = post(
        client,
        f"/contributions/{item.pk}/readiness",
        {
            "date": "2022-01-01",
            "people": "ready",
            "equipment": "ready",
            "support": "ready",
            "source_text": "x",
            "classification": 1,
        },
    )
    assert low.status_code == 422 and "classification" in low.json()["detail"]


def test_a_liaison_officer_may_not_record_another_states_contribution(client):
    liaison = make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ")
    token = create_token(
        liaison, "KAZ", ["forces:contribution:add"], datetime.timedelta(days=1), actor=SYSTEM
    )
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}
    base = {"formation": "crdf-car", "unit_type": "airborne", "source_text": "national"}
    assert post(client, "/contributions", {**base, "state": "KAZ"}, **headers).status_code == 201
    refused = post(client, "/contributions", {**base, "state": "TJK"}, **headers)
    assert refused.status_code == 403 and "own state" in refused.json()["detail"]
    assert not Contribution.objects.filter(state__code="TJK", unit_type="airborne").exists()


def test_the_public_sees_neither_confidential_contributions_nor_their_readiness(client):
    item = contribution()
    rate(item, datetime.date(2022, 1, 1))
    assert client.get(f"{API}/contributions/{item.pk}").status_code == 404
    assert [row["state"] for row in client.get(f"{API}/contributions").json()["items"]] == ["RUS"]
    assert all(
        cell["state"] != "KAZ" for cell in client.get(f"{API}/readiness?date=2022-02-01").json()["cells"]
    )


def test_cooperation_and_personnel_reads(client):
    osce = client.get(f"{API}/cooperation/organizations/osce").json()
    assert osce["agreements_in_force"] == [] and len(osce["events"]) == 2
    assert client.get(f"{API}/cooperation/events?year=2019").json()["count"] == 1
    year = client.get(f"{API}/personnel?year=2020").json()
    assert year["totals"] == [
        {
            "state": None,
            "field": None,
            "places_offered": None,
            "places_used": 1500,
            "approximate": True,
            "sources": ["seed-002"],
        }
    ]
    assert client.get(f"{API}/personnel").status_code == 422
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    made = post(
        client,
        "/personnel",
        {
            "year": 2022,
            "state": "KAZ",
            "field": "defence",
            "institution_en": "Russian defence universities",
            "places_offered": 5,
            "places_used": 6,
        },
    )
    assert made.status_code == 422 and "places_used" in made.json()["detail"]
    event = post(
        client,
        "/cooperation/events",
        {
            "organizations": ["sco-rats"],
            "title_en": "Consultations",
            "kind": "consultation",
            "date": "2022-04-01",
        },
    )
    assert event.status_code == 201, event.content

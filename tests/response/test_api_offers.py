"""The offers API: a request's offers and gap, the answers, the deliveries ledger (paginated, filtered)
and its writes — 403 for who may not, 404 for what the caller may not see, 422 with the field."""

from __future__ import annotations

import pytest
from django.test import Client

from accord.accounts.models import Role
from tests.accounts.helpers import login_verified, make_user
from tests.response.factory import make_partner, make_request

pytestmark = pytest.mark.django_db
API = "/api/v1/response"


def client_of(
    username: str, role: str = Role.LIAISON_OFFICER, state: str | None = None, clearance: int = 3
) -> Client:
    client = Client()
    login_verified(client, make_user(username, role, state=state, clearance=clearance))
    return client


def post(client: Client, path: str, body: dict):
    return client.post(API + path, body, content_type="application/json")


def test_offer_accept_deliver_and_the_gap_through_the_api():
    make_request("quake", status="approved", lines=(("equipment", "Tents", "10"),))
    kazakh = client_of("kaz-liaison", state="KAZ")
    made = post(
        kazakh, "/requests/quake/offers", {"state": "KAZ", "line": 1, "quantity": "10", "on": "2022-03-02"}
    )
    assert made.status_code == 201, made.content
    offer = made.json()["id"]
    tajik = client_of("tjk-liaison", state="TJK")
    assert post(kazakh, f"/offers/{offer}/accept", {"on": "2022-03-03"}).status_code == 403
    accepted = post(tajik, f"/offers/{offer}/accept", {"on": "2022-03-03"})
    assert accepted.status_code == 200 and accepted.json()["status"] == "committed"
    listed = tajik.get(API + "/requests/quake/offers").json()
    assert [row["status"] for row in listed] == ["committed"]
    delivered = post(
        kazakh, "/deliveries", {"offer": offer, "quantity": "4", "on": "2022-03-05", "source": "Waybill"}
    )
    assert delivered.status_code == 201, delivered.content
    too_much = post(
        kazakh, "/deliveries", {"offer": offer, "quantity": "7", "on": "2022-03-06", "source": "Waybill"}
    )
    assert too_much.status_code == 422 and "quantity" in str(too_much.json())
    gap = tajik.get(API + "/requests/quake/gap?on=2022-03-05").json()
    assert gap["lines"][0]["gap"] == "6" and gap["lines"][0]["delivered"] == "4"
    assert tajik.get(API + "/requests/quake/gap?on=2022-03-04").json()["lines"][0]["delivered"] == "0"


def test_refusals_carry_their_field():
    make_request("quake")
    kazakh = client_of("kaz-liaison", state="KAZ")
    itself = post(
        kazakh, "/requests/quake/offers", {"state": "RUS", "line": 1, "quantity": "1", "on": "2022-03-02"}
    )
    assert itself.status_code == 403
    zero = post(
        kazakh, "/requests/quake/offers", {"state": "KAZ", "line": 1, "quantity": "0", "on": "2022-03-02"}
    )
    assert zero.status_code == 422
    money = {"state": "KAZ", "line": 1, "quantity": "1", "value": "5", "on": "2022-03-02"}
    answer = post(kazakh, "/requests/quake/offers", money)
    assert answer.status_code == 422 and "currency" in str(answer.json())
    assert post(kazakh, "/requests/nowhere/offers", {**money, "currency": "RUB"}).status_code == 404
    assert post(kazakh, "/offers/999999/accept", {"on": "2022-03-03"}).status_code == 404


def test_a_secret_request_is_not_found_by_who_may_not_see_it():
    make_request("hidden", classification=3)
    low = client_of("kaz-reader", Role.READER, state="KAZ", clearance=1)
    assert low.get(API + "/requests/hidden/offers").status_code == 404
    assert low.get(API + "/requests/hidden/gap").status_code == 404


def test_the_ledger_is_paginated_and_filtered():
    reader = client_of("reader", Role.READER, state="KAZ")
    page = reader.get(API + "/deliveries?year=2019").json()
    assert page["count"] == 3 and {row["to"] for row in page["items"]} == {"TJK", "KGZ"}
    assert reader.get(API + "/deliveries?year=2019&to=KGZ").json()["count"] == 2
    assert reader.get(API + "/deliveries?year=2019&from=ORG").json()["count"] == 3
    assert reader.get(API + "/deliveries?year=2019&from=RUS").json()["count"] == 0
    assert reader.get(API + "/deliveries?basis=military-technical&page_size=1").json()["items"][0][
        "basis"
    ] == ("military-technical")
    assert reader.get(API + "/deliveries?sort=sideways").status_code == 422
    assert Client().get(API + "/deliveries?year=2019").status_code in (200, 401, 403)


def test_a_delivery_without_an_offer_by_a_coordinator_only():
    body = {"recipient": "KGZ", "kind": "equipment", "what_en": "Radar", "on": "2022-05-01", "source": "Note"}
    kazakh = client_of("kaz-liaison", state="KAZ")
    assert post(kazakh, "/deliveries", body).status_code == 403
    assert post(kazakh, "/deliveries", {**body, "donor": "KAZ"}).status_code == 201
    officer = client_of("crc", Role.CRC_DUTY_OFFICER)
    made = post(officer, "/deliveries", {**body, "basis": "military-technical"})
    assert made.status_code == 201 and made.json()["from"] is None
    assert post(officer, "/deliveries", {**body, "basis": "nothing"}).status_code == 422


def test_a_partner_liaison_offers_against_terrorism_not_an_emergency():
    make_partner("SRB")
    shared = {"releasability": "members-and-partners"}
    make_request("terror", basis="terrorism", **shared)
    make_request("flood", basis="emergency", **shared)
    make_request("closed", basis="terrorism")  # members only: the partner does not see it
    serbian = client_of("srb-liaison", state="SRB")
    body = {"state": "SRB", "line": 1, "quantity": "2", "on": "2022-03-02"}
    assert post(serbian, "/requests/terror/offers", body).status_code == 201
    refused = post(serbian, "/requests/flood/offers", body)
    assert refused.status_code == 422 and "partner" in str(refused.json())
    assert post(serbian, "/requests/closed/offers", body).status_code == 404

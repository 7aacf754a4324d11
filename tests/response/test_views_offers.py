"""The offers pages: a request's offers with the forms for who may act (offer, accept, decline,
withdraw, deliver), as of a day; the deliveries ledger with filters, sort, pages, totals per currency
and an empty state; both in Russian too."""

from __future__ import annotations

import pytest
from django.test import Client

from accord.accounts.models import Role
from accord.response.models import Offer
from accord.response.panel_offers import offers_context
from accord.response.panels import panels
from tests.accounts.helpers import login_verified, make_user
from tests.response.factory import make_request

pytestmark = pytest.mark.django_db


def client_of(
    username: str, role: str = Role.LIAISON_OFFICER, state: str | None = None, clearance: int = 3
) -> Client:
    client = Client()
    login_verified(client, make_user(username, role, state=state, clearance=clearance))
    return client


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.content[:400]
    return response.content.decode()


def test_the_panel_is_registered_for_the_request_page():
    assert any(panel.context is offers_context for panel in panels())


def test_offer_accept_deliver_through_the_page():
    make_request("quake", status="approved", lines=(("equipment", "Tents", "10"),))
    kazakh = client_of("kaz-liaison", state="KAZ")
    html = page(kazakh, "/response/requests/quake/offers/")
    assert "No offers yet." in html and 'value="offer"' in html
    made = kazakh.post(
        "/response/requests/quake/offers/",
        {"form": "offer", "state": "KAZ", "line": "1", "quantity": "10", "on": "2022-03-02"},
    )
    assert made.status_code == 302
    offer = Offer.objects.get(line__request__key="quake")
    assert 'value="accept"' not in page(
        kazakh, "/response/requests/quake/offers/"
    )  # not the requesting state
    tajik = client_of("tjk-liaison", state="TJK")
    html = page(tajik, "/response/requests/quake/offers/")
    assert (
        'value="accept"' in html and 'name="form" value="offer"' not in html
    )  # TJK does not offer to itself
    early = tajik.post(
        "/response/requests/quake/offers/", {"form": "accept", "offer": offer.pk, "on": "2022-03-01"}
    )
    assert early.status_code == 422 and "before the offer" in early.content.decode()
    assert (
        tajik.post(
            "/response/requests/quake/offers/", {"form": "accept", "offer": offer.pk, "on": "2022-03-03"}
        ).status_code
        == 302
    )
    assert 'value="deliver"' in page(kazakh, "/response/requests/quake/offers/")
    delivered = kazakh.post(
        "/response/requests/quake/offers/",
        {"form": "deliver", "offer": offer.pk, "quantity": "10", "on": "2022-03-05", "source": "Waybill"},
    )
    assert delivered.status_code == 302
    html = page(kazakh, "/response/requests/quake/offers/?on=2022-03-04")
    assert "as of 2022-03-04" in html and "committed" in html
    assert "· completed ·" in page(kazakh, "/response/requests/quake/offers/")


def test_a_stranger_is_refused_and_a_hidden_request_not_found():
    make_request("quake")
    make_request("hidden", classification=3)
    russian = client_of("rus-liaison", state="RUS")
    refused = russian.post(
        "/response/requests/quake/offers/",
        {"form": "offer", "state": "KAZ", "line": "1", "quantity": "1", "on": "2022-03-02"},
    )
    assert refused.status_code == 422  # KAZ is not among the states a RUS officer may offer for
    low = client_of("low", Role.READER, state="KAZ", clearance=1)
    assert low.get("/response/requests/hidden/offers/").status_code == 404


def test_the_ledger_shows_the_2019_deliveries_with_totals():
    reader = client_of("reader", Role.READER, state="KAZ")
    html = page(reader, "/response/deliveries/?year=2019")
    assert "BRDM-2M" in html and "Mi-8" in html and "320000000 RUB" in html
    assert "3 deliveries" in html
    assert "Mi-8" not in page(reader, "/response/deliveries/?year=2019&to=TJK")
    assert "No deliveries that you may see" in page(reader, "/response/deliveries/?year=1995")
    assert "is not a year" in page(reader, "/response/deliveries/?year=soon")
    assert "cannot be sorted" in page(reader, "/response/deliveries/?sort=sideways")
    first = page(reader, "/response/deliveries/?year=2019&sort=to")
    assert first.index("Kyrgyzstan") < first.index("Tajikistan")


def test_the_ledger_in_russian():
    client = Client()
    client.post("/i18n/setlang/", {"language": "ru"})
    html = page(client, "/response/deliveries/?year=2019")
    assert "БРДМ-2М" in html and "Вертолёты Ми-8" in html

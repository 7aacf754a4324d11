"""The operations pages: the list with filters and an empty state, one operation with its totals, the
result form with its field errors, and the API's list, detail and result routes."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.forces.models import OperationResult
from tests.accounts.helpers import login_verified, make_user


@pytest.mark.django_db
def test_the_list_filters_and_says_when_nothing_matches(client):
    page = client.get("/forces/operations/?year=2019")
    assert page.status_code == 200 and "Mercenary 2019" in page.content.decode()
    assert "Channel 2020" not in page.content.decode()
    empty = client.get("/forces/operations/?year=2030")
    assert "No operation you may see matches." in empty.content.decode()
    assert client.get("/forces/operations/?year=abc").status_code == 200


@pytest.mark.django_db
def test_the_operation_page_shows_public_results_with_sources(client):
    page = client.get("/forces/operations/mercenary-2019/").content.decode()
    assert "600" in page and "seed-001" in page and "full-participation" in page
    assert client.get("/forces/operations/no-such/").status_code == 404


@pytest.mark.django_db
def test_the_result_form_puts_a_refusal_beside_its_field(client):
    user = make_user("sec-ops", Role.SECRETARIAT_OFFICER)
    login_verified(client, user)
    form = {
        "phase": "main",
        "state": "KAZ",
        "indicator": "financing-facts-revealed",
        "value": "3",
        "qualifier": "exact",
        "source": "seed-001",
        "note": "Detained: Ivan Petrov and Oleg Sidorov",
        "classification": "1",
        "releasability": "members-only",
    }
    answer = client.post("/forces/operations/mercenary-2019/results/new/", form)
    assert answer.status_code == 200 and "name no one" in answer.content.decode()
    assert not OperationResult.objects.filter(indicator__key="financing-facts-revealed").exists()
    form["note"] = "From the national staff."
    answer = client.post("/forces/operations/mercenary-2019/results/new/", form)
    assert answer.status_code == 302
    assert OperationResult.objects.filter(indicator__key="financing-facts-revealed").count() == 1


@pytest.mark.django_db
def test_the_api_lists_shows_and_records(client):
    listed = client.get("/api/v1/forces/operations?year=2019").json()
    assert {item["key"] for item in listed["items"]} == {"mercenary-2019", "illegal-2019"}
    detail = client.get("/api/v1/forces/operations/mercenary-2019").json()
    assert detail["totals"][0]["value"] == "600" and detail["totals"][0]["sources"] == ["seed-001"]
    assert client.get("/api/v1/forces/operations/mercenary-2019/results").status_code == 200
    user = make_user("sec-api", Role.SECRETARIAT_OFFICER)
    login_verified(client, user)
    body = {
        "phase": "main",
        "state": "KAZ",
        "indicator": "websites-blocked",
        "value": "3",
        "source": "seed-001",
    }
    refused = client.post(
        "/api/v1/forces/operations/mercenary-2019/results", body, content_type="application/json"
    )
    assert refused.status_code == 422 and "indicator" in str(refused.json())
    body["indicator"] = "financing-facts-revealed"
    made = client.post(
        "/api/v1/forces/operations/mercenary-2019/results", body, content_type="application/json"
    )
    assert made.status_code == 201 and made.json()["unit"] == "facts"


@pytest.mark.django_db
def test_the_pages_speak_russian(client):
    listed = client.get("/forces/operations/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Наёмник-2019" in listed
    shown = client.get("/forces/operations/mercenary-2019/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "выявлено пособников и членов террористических организаций" in shown
    assert "терроризм" in shown


@pytest.mark.django_db
def test_the_charter_reason_of_a_capacity_is_said_in_the_readers_language(client):
    english = client.get("/forces/operations/mercenary-2019/").content.decode()
    russian = client.get("/forces/operations/mercenary-2019/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "takes part: the charter gives it the right full-participation" in english
    assert "участвует: устав даёт ему право full-participation" in russian


@pytest.mark.django_db
def test_the_notes_of_the_data_file_are_in_the_readers_language(client):
    russian = client.get("/forces/operations/mercenary-2019/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "Проведена впервые в 2019 году" in russian and "По данным национальных штабов" in russian
    english = client.get("/forces/operations/mercenary-2019/").content.decode()
    assert (
        "Carried out for the first time in 2019" in english
        and "As reported by the national staffs" in english
    )

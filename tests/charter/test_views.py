"""The charter pages, in English and in Russian."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


def get(client, path: str, language: str = "en", **params):
    response = client.get(path, params, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200, response.content[:500]
    return response.content.decode()


def test_states_list_paginates_and_filters(client):
    page = get(client, "/states/")
    assert "249 states" in page
    assert "page 1 of 5" in page
    members = get(client, "/states/", status="member", on="2020-05-15")
    assert "6 states" in members and "Kyrgyzstan" in members
    none = get(client, "/states/", q="Atlantis")
    assert "No state matches these filters." in none


def test_state_detail_shows_history_and_rights(client):
    page = get(client, "/states/UZB/", on="2020-01-01")
    assert "participation suspended" in page
    assert "not recorded" in page
    page = get(client, "/states/KAZ/")
    assert "Central Asian collective security region" in page
    assert "Take part in everything the Organization does" in page


def test_unknown_state_page_is_404(client):
    assert client.get("/states/XXX/").status_code == 404


def test_bodies_and_posts_page(client):
    page = get(client, "/bodies/", on="2019-06-01")
    assert "Valery Semerikov" in page and "acting" in page
    assert "Collective Security Council" in page and "consensus of the members" in page


def test_chairmanships_page(client):
    page = get(client, "/chairmanships/")
    assert "Kyrgyzstan" in page and "projected" in page and "recorded" in page


def test_instrument_pages(client):
    listing = get(client, "/instruments/", on="2020-05-15")
    assert "not in force" in listing and "TJK" in listing
    detail = get(client, "/instruments/partners-observers/", on="2020-05-15")
    assert "Ratification table" in detail
    assert "Tajikistan had not ratified it by 2020-05-15." in detail
    assert client.get("/instruments/nothing/").status_code == 404


def test_bad_date_on_a_page_is_explained(client):
    page = get(client, "/instruments/", on="15.05.2020")
    assert "is not a date: use YYYY-MM-DD" in page


def test_eligibility_form(client):
    empty = get(client, "/eligibility/")
    assert "<form" in empty
    page = get(client, "/eligibility/", state="SRB", status="observer", on="2020-05-15")
    assert "not eligible" in page
    assert "Diplomatic relations between Serbia and Armenia: unknown (none recorded)." in page
    invalid = get(client, "/eligibility/", state="XXX", status="observer", on="2020-05-15")
    assert 'class="error"' in invalid


def test_pages_in_russian(client):
    page = get(client, "/eligibility/", "ru", state="SRB", status="observer", on="2020-05-15")
    assert "Сербия" in page
    assert "не соответствует" in page or "не выполнен" in page
    bodies = get(client, "/bodies/", "ru")
    assert "Совет коллективной безопасности" in bodies
    assert "Генеральный секретарь" in bodies


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01"])
def test_dates_outside_the_records_are_explained_not_a_server_error(client, on):
    for path in ("/bodies/", "/states/", "/states/KAZ/", "/instruments/", "/instruments/partners-observers/"):
        page = get(client, path, on=on)
        assert "is outside the dates Accord keeps records for (1900-01-01 to 2100-12-31)" in page


def test_the_chairmanships_page_stays_within_the_years_kept(client):
    from accord.charter.models import Chairmanship, State

    Chairmanship.objects.create(year=10000, state=State.objects.get(code="KAZ"))
    page = get(client, "/chairmanships/")
    assert "2100" in page and "10000" not in page


def test_filters_of_the_pages_refuse_what_the_api_refuses(client):
    states = get(client, "/states/", q="x" * 101)
    assert 'class="error"' in states
    eligibility = get(client, "/eligibility/", state="SRB", status="observer", on="9999-12-31")
    assert "expected a date between 1900-01-01 and 2100-12-31" in eligibility

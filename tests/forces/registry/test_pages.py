"""The registry's pages: formations, a formation, the readiness matrix in colour and words, a
contribution's history, cooperation, personnel; in English and Russian; bad input explained."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from tests.accounts.helpers import login_verified, make_user
from tests.forces.registry.helpers import contribution, rate

pytestmark = pytest.mark.django_db


def text(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_formations_and_their_contributions(client):
    contribution()
    page = text(client, "/forces/formations/")
    assert "Collective Rapid Deployment Forces" in page and "RUS: 1" in page and "KAZ" not in page
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    assert "KAZ: 1" in text(client, "/forces/formations/?sort=-formed")
    detail = text(client, "/forces/formations/crdf-car/")
    assert "Kant" in detail and "seed-002" in detail and "not reported" in detail
    assert client.get("/forces/formations/nothing/").status_code == 404


def test_the_matrix_says_each_rating_in_words_on_the_date_chosen(client):
    item = contribution()
    rate(item, datetime.date(2022, 1, 1), support="partial")
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    page = text(client, "/forces/readiness/?date=2022-02-01")
    assert "rating-partial" in page and "partially ready" in page
    before = text(client, "/forces/readiness/?date=2021-12-31")
    assert "not reported" in before
    bad = text(client, "/forces/readiness/?date=yesterday")
    assert 'role="alert"' in bad
    history = text(client, f"/forces/contributions/{item.pk}/")
    assert "2022-01-01" in history and "inspection" in history


def test_a_confidential_contribution_page_is_not_found_for_the_public(client):
    assert client.get(f"/forces/contributions/{contribution().pk}/").status_code == 404


def test_cooperation_and_personnel_pages(client):
    page = text(client, "/forces/cooperation/")
    assert "OSCE" in page and "the sources name none" in page and "Kazan" in page
    assert "planned" in text(client, "/forces/cooperation/?status=planned&sort=date")
    assert "Secretariat" in text(client, "/forces/cooperation/osce-secretariat/")
    year = text(client, "/forces/personnel/?year=2020")
    assert "≈ 1500" in year and "seed-002" in year
    assert "No training of personnel recorded for 2005" in text(client, "/forces/personnel/?year=2005")
    assert 'role="alert"' in text(client, "/forces/personnel/?year=20x0")


def test_the_pages_in_russian(client):
    client.cookies["django_language"] = "ru"
    page = text(client, "/forces/formations/crdf-car/")
    assert "Коллективные силы быстрого развёртывания" in page
    assert "авиабаза «Кант»" in page


def test_the_labels_of_what_is_shown_are_said_in_words(client):
    rate(contribution(classification=3), datetime.date(2022, 1, 1))
    login_verified(client, make_user("sec", Role.SECRETARIAT_OFFICER))
    assert "Labels of what is shown: SECRET, members only" in text(
        client, "/forces/readiness/?date=2022-02-01"
    )
    assert "Labels of what is shown: SECRET, members only" in text(client, "/forces/formations/crdf-car/")


def test_readiness_is_reported_on_the_contributions_page(client):
    item = contribution(classification=2)
    address = f"/forces/contributions/{item.pk}/"
    login_verified(client, make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ"))
    assert "Report readiness" in text(client, address)
    values = {
        "date": "2022-03-01",
        "people": "ready",
        "equipment": "partial",
        "support": "ready",
        "source_text": "national inspection",
        "classification": "2",
        "releasability": "members-only",
    }
    done = client.post(address, values)
    assert done.status_code == 302
    assert item.readiness.get().overall == "partial"
    low = client.post(address, {**values, "classification": "1"})
    assert low.status_code == 422 and "below the contribution" in low.content.decode()
    unsourced = client.post(address, {**values, "source_text": ""})
    assert unsourced.status_code == 422 and item.readiness.count() == 1


def test_another_states_officer_and_the_public_may_not_report(client):
    kant = contribution(state="RUS", classification=0, releasability="everyone")
    values = {
        "date": "2022-03-01",
        "people": "ready",
        "equipment": "ready",
        "support": "ready",
        "source_text": "x",
        "classification": "0",
        "releasability": "everyone",
    }
    assert client.post(f"/forces/contributions/{kant.pk}/", values).status_code == 403
    login_verified(client, make_user("kaz-centre", Role.LIAISON_OFFICER, state="KAZ"))
    assert "Report readiness" not in text(client, f"/forces/contributions/{kant.pk}/")
    refused = client.post(f"/forces/contributions/{kant.pk}/", values)
    assert refused.status_code == 403 and "own state" in refused.content.decode()
    assert not kant.readiness.exists()

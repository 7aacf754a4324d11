"""The home page and the language switch."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

pytestmark = pytest.mark.django_db


def test_home_shows_chair_secretary_general_members_and_pending(client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2020, 5, 15))
    page = client.get("/").content.decode()
    assert "Collective Security Treaty Organization" in page
    assert "Russia" in page  # chair in 2020
    assert "Stanislav Zas" in page
    for name in ("Armenia", "Belarus", "Kazakhstan", "Kyrgyzstan", "Tajikistan", "Uzbekistan"):
        assert name in page
    assert "Instruments awaiting ratification" in page
    assert "TJK" in page


def test_home_today_projects_the_secretary_general(client):
    page = client.get("/").content.decode()
    assert "projected" in page


def test_home_in_russian(client, monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda: datetime.date(2020, 5, 15))
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'lang="ru"' in page
    assert "Организация Договора о коллективной безопасности" in page
    assert "Станислав Зась" in page
    assert "Россия" in page


def test_language_switch_sets_the_language(client):
    response = client.post("/i18n/setlang/", {"language": "ru", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert 'lang="ru"' in page


def test_home_without_a_charter(client, django_db_blocker):
    from accord.charter.models import Organization

    Organization.objects.all().delete()
    page = client.get("/").content.decode()
    assert "No charter is loaded yet" in page


def test_static_assets_are_served(client):
    response = client.get("/static/web/accord.css")
    try:
        assert response.status_code == 200
        assert b"--accent" in b"".join(response.streaming_content)
    finally:
        response.close()

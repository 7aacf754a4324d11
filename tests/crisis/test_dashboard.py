"""The situation picture through the API and the page, and member states' situation reports."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.core.audit import Actor
from accord.crisis.ingest.ged import import_ged
from accord.crisis.models import Event, EventCount
from accord.crisis.services import ReportError, report_event
from tests.accounts.helpers import login_verified, make_user
from tests.crisis.ingest.helpers import SHIPPED_GED

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")


def report(country: str = "TJK", **values) -> dict:
    return {
        "date": datetime.date(2021, 9, 1),
        "country": country,
        "category": "drug-trafficking",
        "place": "Panj border post",
        "latitude": 37.24,
        "longitude": 69.1,
        "fatalities": 0,
        "description": "1.2 t of heroin seized",
        **values,
    }


def test_a_liaison_officer_reports_in_their_own_state_only():
    officer = make_user("tjk-officer", Role.LIAISON_OFFICER, state="TJK")
    event = report_event(report(), actor=Actor.for_user(officer))
    assert (event.source, event.region, event.classification, event.releasability) == (
        "report",
        "central-asian",
        1,
        "members-only",
    )
    assert EventCount.objects.get(country="TJK", category="drug-trafficking").events == 1
    with pytest.raises(PermissionDenied):
        report_event(report("KAZ"), actor=Actor.for_user(officer))
    with pytest.raises(ReportError, match="give both coordinates or neither"):
        report_event(report(longitude=None), actor=Actor.for_user(officer))


def test_reports_through_the_form_and_the_api(client):
    officer = make_user("kgz-officer", Role.LIAISON_OFFICER, state="KGZ")
    login_verified(client, officer)
    response = client.post(
        "/crisis/reports/new/",
        {
            "date": "2021-09-02",
            "category": "illegal-migration",
            "place": "Osh",
            "description": "Channel closed",
        },
    )
    assert response.status_code == 302
    assert Event.objects.get(source="report", country="KGZ").place_precision == "country"
    token = create_token(
        officer, "KGZ centre", ["crisis:event:add"], datetime.timedelta(days=1), actor=SYSTEM
    )
    api = client.post(
        "/api/v1/crisis/reports",
        {"date": "2021-09-03", "country": "KGZ", "category": "it-crime"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token.secret}",
    )
    assert api.status_code == 201, api.content
    other = client.post(
        "/api/v1/crisis/reports",
        {"date": "2021-09-03", "country": "KAZ", "category": "it-crime"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token.secret}",
    )
    assert other.status_code == 403


def test_the_map_separates_points_from_areas(client, actor):
    import_ged(SHIPPED_GED, actor=actor)
    layers = client.get("/api/v1/crisis/map", {"country": "AFG"}).json()
    point_ids = {point["id"] for point in layers["points"]}
    coarse = Event.objects.filter(country="AFG").exclude(place_precision="point")
    assert not point_ids & set(coarse.values_list("id", flat=True)), "coarse places are never drawn as points"
    assert sum(area["events"] for area in layers["areas"]) == coarse.count()
    assert len(point_ids) + coarse.count() == Event.objects.filter(country="AFG").count() == 135
    assert {area["numeric"] for area in layers["areas"]} == {"004"}


def test_counts_only_count_day_precise_events(client, actor):
    import_ged(SHIPPED_GED, actor=actor)
    body = client.get("/api/v1/crisis/counts", {"country": "SYR"}).json()
    assert (
        sum(row["events"] for row in body["counts"])
        == Event.objects.filter(country="SYR", date_precision="day").count()
    )
    assert body["figures"]["events"] == 265


def test_the_public_never_sees_restricted_reports(client):
    officer = make_user("tjk-officer", Role.LIAISON_OFFICER, state="TJK")
    report_event(report(), actor=Actor.for_user(officer))
    for path in ("/api/v1/crisis/map", "/api/v1/crisis/reports", "/api/v1/crisis/events"):
        assert "Panj" not in client.get(path, {"country": "TJK"}).content.decode(), path
    assert client.get("/api/v1/crisis/counts", {"country": "TJK"}).json()["figures"]["events"] == 0
    assert "heroin" not in client.get("/crisis/", {"country": "TJK"}).content.decode()
    member = make_user("kaz-reader", Role.READER, state="KAZ")
    login_verified(client, member)
    assert client.get("/api/v1/crisis/counts", {"country": "TJK"}).json()["figures"]["events"] == 1
    assert "heroin" in client.get("/crisis/", {"country": "TJK"}).content.decode()


def test_the_dashboard_page_links_its_api(client):
    page = client.get("/crisis/", {"region": "central-asian", "start": "2020-01-01"}).content.decode()
    assert 'data-api="/api/v1/crisis/map?region=central-asian&amp;start=2020-01-01"' in page
    assert "/api/v1/crisis/counts?region=central-asian" in page
    bad = client.get("/crisis/", {"start": "2021-01-01", "end": "2020-01-01"}).content.decode()
    assert 'class="error"' in bad


def test_series_api_flags_revisions(client, actor, tmp_path):
    from tests.crisis.ingest.helpers import COVID

    path = tmp_path / "kaz.csv"
    with COVID.open(encoding="utf-8") as source:
        lines = source.readlines()
    path.write_text(
        "".join([lines[0], *[line for line in lines if ",Kazakhstan," in line]]), encoding="utf-8"
    )
    from accord.crisis.ingest.jhu import import_jhu_covid

    import_jhu_covid(path, actor=actor)
    body = client.get(
        "/api/v1/crisis/series/covid.confirmed/KAZ", {"start": "2021-07-24", "end": "2021-07-24"}
    ).json()
    assert body["points"] == [{"date": "2021-07-24", "value": -59375.0, "revision": True}]
    assert client.get("/api/v1/crisis/series/covid.confirmed/XXX").status_code == 404


def test_a_report_adds_to_the_counts_without_recounting(actor):
    import_ged(SHIPPED_GED, actor=actor)
    officer = make_user("syr-free", Role.LIAISON_OFFICER, state="TJK")
    before = {
        (row.country, row.category, row.date, row.date_precision): row.events
        for row in EventCount.objects.all()
    }
    report_event(report(fatalities=3), actor=Actor.for_user(officer))
    report_event(report(fatalities=2), actor=Actor.for_user(officer))
    key = ("TJK", "drug-trafficking", datetime.date(2021, 9, 1), "day")
    after = EventCount.objects.get(country="TJK", category="drug-trafficking", date="2021-09-01")
    assert (after.events, after.fatalities, after.public_events) == (2, 5, 0)
    assert key not in before
    unchanged = {
        (row.country, row.category, row.date, row.date_precision): row.events
        for row in EventCount.objects.exclude(pk=after.pk)
    }
    assert unchanged == before


def test_the_dashboard_works_out_a_users_visibility_once(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    officer = make_user("kaz-dashboard", Role.LIAISON_OFFICER, state="KAZ")
    login_verified(client, officer)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/crisis/?region=central-asian").status_code == 200
    statuses = [query["sql"] for query in queries.captured_queries if "charter_statestatus" in query["sql"]]
    assert len(statuses) == 1, statuses

"""The table of events: sorted, paged in the database, searched; and its exports, which hold exactly
the events the table shows its reader on every page."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accord.accounts.models import Role
from accord.core.classification import Classification
from tests.accounts.helpers import login_verified, make_user
from tests.crisis.test_dashboard_day import event

pytestmark = pytest.mark.django_db
EXPORTS = ("csv", "json", "geojson")


def places(response) -> list[str]:
    return [row["place"] for row in response.context["page"].object_list]


def exported(client, kind: str, query: str) -> list[str]:
    """The places of an export, in its order."""
    response = client.get(f"/crisis/events.{kind}?{query}")
    assert response.status_code == 200 and response.streaming
    body = b"".join(response.streaming_content).decode()
    if kind == "csv":
        return [row["place"] for row in csv.DictReader(io.StringIO(body))]
    if kind == "geojson":
        collection = json.loads(body)
        assert collection["type"] == "FeatureCollection"
        return [item["properties"]["place"] for item in collection["features"]]
    return [row["place"] for row in json.loads(body)]


def test_the_table_sorts_by_date_state_category_and_fatalities(client):
    event("Almaty", "KAZ", days_ago=3, fatalities_best=5, category="terrorism")
    event("Bishkek", "KGZ", days_ago=1, fatalities_best=None, category="drug-trafficking")
    event("Dushanbe", "TJK", days_ago=2, fatalities_best=9, category="it-crime")
    assert places(client.get("/crisis/")) == ["Bishkek", "Dushanbe", "Almaty"]
    assert places(client.get("/crisis/", {"sort": "date"})) == ["Almaty", "Dushanbe", "Bishkek"]
    assert places(client.get("/crisis/", {"sort": "state"})) == ["Almaty", "Bishkek", "Dushanbe"]
    assert places(client.get("/crisis/", {"sort": "-state"})) == ["Dushanbe", "Bishkek", "Almaty"]
    assert places(client.get("/crisis/", {"sort": "category"})) == ["Bishkek", "Dushanbe", "Almaty"]
    # No count is last either way.
    assert places(client.get("/crisis/", {"sort": "fatalities"})) == ["Almaty", "Dushanbe", "Bishkek"]
    assert places(client.get("/crisis/", {"sort": "-fatalities"})) == ["Dushanbe", "Almaty", "Bishkek"]
    assert places(client.get("/crisis/", {"sort": "nonsense; drop"})) == ["Bishkek", "Dushanbe", "Almaty"]


def test_the_table_is_paged_in_the_database(client):
    for number in range(60):
        event(f"post {number:02}", "TJK", days_ago=1 + number % 20)
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/crisis/", {"sort": "state"})
    assert len(places(first)) == 50
    assert any(
        "LIMIT 50" in query["sql"] and "crisis_event" in query["sql"] for query in queries.captured_queries
    )
    second = client.get(f"/crisis/?{first.context['table_query']}&page=2")
    assert len(places(second)) == 10
    assert not set(places(first)) & set(places(second))
    assert 'rel="next"' in first.content.decode() and 'rel="prev"' in second.content.decode()


def test_the_table_searches_place_region_description_and_source(client):
    event("Panj", "TJK", description="1.2 t of heroin seized")
    event("Osh", "KGZ", admin1="Osh oblast")
    event("Almaty", "KAZ", reference="Heroin report, TASS")
    event("Astana", "KAZ")
    assert set(places(client.get("/crisis/", {"q": "HEROIN"}))) == {"Panj", "Almaty"}
    assert places(client.get("/crisis/", {"q": "oblast"})) == ["Osh"]
    assert places(client.get("/crisis/", {"q": "%"})) == []


@pytest.mark.parametrize("kind", EXPORTS)
def test_an_export_is_the_tables_events_on_every_page_in_its_order(client, kind):
    for number in range(55):
        event(f"post {number:02}", "TJK", days_ago=1 + number % 20, fatalities_best=number)
    event("other category", "TJK", category="drug-trafficking")
    event("Aleppo", "SYR")
    response = client.get("/crisis/", {"category": "terrorism", "scope": "default", "sort": "-fatalities"})
    query = response.context["export_query"]
    rows = exported(client, kind, query)
    assert rows == [f"post {number:02}" for number in range(54, -1, -1)]
    assert rows[:50] == places(response)


@pytest.mark.parametrize("kind", EXPORTS)
def test_a_secret_event_is_absent_from_the_exports_of_a_user_cleared_lower(client, kind):
    event("open post", "KAZ")
    event("secret post", "KAZ", classification=Classification.SECRET, releasability="members-only")
    confidential = make_user(
        "kaz-confidential", Role.READER, state="KAZ", clearance=Classification.CONFIDENTIAL
    )
    login_verified(client, confidential)
    assert exported(client, kind, "country=KAZ") == ["open post"]
    assert places(client.get("/crisis/", {"country": "KAZ"})) == ["open post"]
    client.logout()
    secret = make_user("kaz-secret", Role.READER, state="KAZ", clearance=Classification.SECRET)
    login_verified(client, secret)
    assert sorted(exported(client, kind, "country=KAZ")) == ["open post", "secret post"]
    client.logout()
    assert exported(client, kind, "country=KAZ") == ["open post"]


def test_exports_carry_names_and_no_fields_of_the_source(client):
    event(
        "Kabul",
        "AFG",
        place_precision="point",
        latitude=34.5,
        longitude=69.2,
        attributes={"side_a": "Someone Named"},
    )
    [row] = json.loads(b"".join(client.get("/crisis/events.json?country=AFG").streaming_content))
    assert (row["state_name"], row["category_name"]) == ("Afghanistan", "terrorism")
    assert "attributes" not in row and "Someone Named" not in json.dumps(row)
    collection = json.loads(b"".join(client.get("/crisis/events.geojson?country=AFG").streaming_content))
    assert collection["features"][0]["geometry"] == {"type": "Point", "coordinates": [69.2, 34.5]}
    assert client.get("/crisis/events.xml").status_code == 404


def test_a_csv_cell_a_spreadsheet_would_run_is_quoted(client):
    event('=HYPERLINK("http://x")', "KAZ")
    body = b"".join(client.get("/crisis/events.csv?country=KAZ").streaming_content).decode()
    assert "'=HYPERLINK" in body

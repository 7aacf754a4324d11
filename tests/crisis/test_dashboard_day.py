"""The dashboard for the day: its default scope and window, the filter every part follows, a line per
state of a region, names instead of keys, and who may record an event."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from accord.accounts.models import Role
from accord.charter.models import State, StateStatus
from accord.core.audit import Actor, save_with_record
from accord.crisis.models import Event, Series, SeriesPoint
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
SYSTEM = Actor.system("tests")


def event(place: str, country: str = "KAZ", days_ago: int = 1, **fields) -> Event:
    """An event recorded as an import would, public unless told otherwise."""
    values = {
        "source": "report",
        "source_id": place,
        "date": TODAY - datetime.timedelta(days=days_ago),
        "date_precision": "day",
        "place": place,
        "place_precision": "country",
        "country": country,
        "region": {"KAZ": "central-asian", "KGZ": "central-asian", "TJK": "central-asian"}.get(country, ""),
        "category": "terrorism",
        "classification": 0,
        "releasability": "everyone",
        **fields,
    }
    created = Event(**values)
    save_with_record(created, actor=SYSTEM, reason="test")
    return created


def shown_places(response) -> set[str]:
    return {row["place"] for row in response.context["page"].object_list}


def series(country: str, last: datetime.date, days: int = 5, key: str = "covid.confirmed") -> Series:
    made = Series.objects.create(key=key, country=country, unit="cases")
    for offset in range(days):
        day = last - datetime.timedelta(days=offset)
        SeriesPoint.objects.create(series=made, date=day, value=10 + offset, revision=False)
    return made


# The default scope and window


def test_it_opens_on_the_organizations_area_and_areas_of_interest_over_the_last_30_days(client):
    event("Almaty market", "KAZ")
    event("Kunduz road", "AFG")  # an area of interest
    event("Aleppo", "SYR")  # the world, not the Organization's area
    event("Astana, long ago", "KAZ", days_ago=40)
    response = client.get("/crisis/")
    assert shown_places(response) == {"Almaty market", "Kunduz road"}
    picture = response.context["picture"]
    assert (picture.end - picture.start).days == 29 and picture.end == TODAY
    assert {"KAZ", "RUS", "ARM", "AFG", "TJK"} <= set(picture.scope) and "SYR" not in picture.scope
    page = response.content.decode()
    assert "latest data:" in page and "Aleppo" not in page
    world = client.get("/crisis/", {"everywhere": "on"})
    assert "Aleppo" in shown_places(world) and "Astana, long ago" in shown_places(world)


def test_older_data_opens_on_the_30_days_up_to_it_and_says_so(client):
    event("Dushanbe", "TJK", days_ago=400)
    event("Bishkek, the month before", "KGZ", days_ago=431)
    response = client.get("/crisis/")
    picture = response.context["picture"]
    latest = TODAY - datetime.timedelta(days=400)
    assert (picture.start, picture.end) == (latest - datetime.timedelta(days=29), latest)
    assert shown_places(response) == {"Dushanbe"}
    page = response.content.decode()
    assert f"latest data: {date_format(latest, 'DATE_FORMAT')}" in page
    assert "the dates shown are the 30 days up to it" in page


# The filter, followed by every part of the page


def test_the_filter_applies_to_the_table_the_reports_the_figures_and_the_api(client):
    event("Almaty bomb", "KAZ", fatalities_best=3)
    event("Almaty seizure", "KAZ", category="drug-trafficking", fatalities_best=5)
    event("Osh bomb", "KGZ", fatalities_best=7)
    event("Kazakh bomb, older", "KAZ", days_ago=20, fatalities_best=11)
    params = {"country": "KAZ", "category": "terrorism", "start": str(TODAY - datetime.timedelta(days=5))}
    response = client.get("/crisis/", params)
    assert shown_places(response) == {"Almaty bomb"}
    assert {report["place"] for report in response.context["reports"]} == {"Almaty bomb"}
    assert response.context["figures"]["fatalities"] == 3
    query = response.context["query"]
    counts = client.get(f"/api/v1/crisis/counts?{query}").json()
    assert counts["figures"]["fatalities"] == 3
    layers = client.get(f"/api/v1/crisis/map?{query}").json()
    assert sum(area["fatalities"] for area in layers["areas"]) == 3
    exported = client.get(f"/crisis/events.json?{response.context['export_query']}")
    assert [row["place"] for row in read(exported)] == ["Almaty bomb"]


def test_the_tajik_afghan_border_is_the_events_inside_its_box(client):
    event("Panj crossing", "TJK", place_precision="point", latitude=37.2, longitude=69.1)
    event("Kabul", "AFG", place_precision="point", latitude=34.5, longitude=69.2)  # south of the box
    event("Somewhere in Tajikistan", "TJK")  # known only to the country
    event("Khorog", "TJK", place_precision="point", latitude=37.5, longitude=71.55)
    response = client.get("/crisis/", {"area": "tajik-afghan-border"})
    assert shown_places(response) == {"Panj crossing", "Khorog"}
    afghanistan = client.get("/crisis/", {"area": "afghanistan"})
    assert shown_places(afghanistan) == {"Kabul"}


def test_a_region_charts_every_one_of_its_states(client):
    for code in ("KAZ", "KGZ", "TJK"):
        series(code, TODAY - datetime.timedelta(days=1))
    response = client.get(
        "/crisis/", {"region": "central-asian", "start": str(TODAY - datetime.timedelta(days=9))}
    )
    [chart] = [chart for chart in response.context["series_charts"] if chart["key"] == "covid.confirmed"]
    url = chart["spec"]["layer"][0]["data"]["url"]
    assert "country=KAZ&country=KGZ&country=TJK" in url
    body = client.get(url).json()
    assert {point["state"] for point in body["points"]} == {"Kazakhstan", "Kyrgyzstan", "Tajikistan"}
    assert chart["spec"]["title"] == "COVID-19: new confirmed cases"


def test_a_series_that_ends_before_the_window_says_so_instead_of_an_empty_chart(client):
    series("KAZ", datetime.date(2023, 3, 9))
    series("KGZ", TODAY - datetime.timedelta(days=2))
    start = str(TODAY - datetime.timedelta(days=9))
    response = client.get("/crisis/", {"region": "central-asian", "start": start})
    [chart] = [chart for chart in response.context["series_charts"] if chart["key"] == "covid.confirmed"]
    assert "country=KGZ" in chart["spec"]["layer"][0]["data"]["url"]
    assert "KAZ" not in chart["spec"]["layer"][0]["data"]["url"]
    assert chart["notes"] == ["Kazakhstan: no data after March 9, 2023"]
    only_kazakhstan = client.get("/crisis/", {"country": "KAZ", "start": start})
    [ended] = [
        chart for chart in only_kazakhstan.context["series_charts"] if chart["key"] == "covid.confirmed"
    ]
    assert ended["spec"] is None
    assert ended["notes"] == ["COVID-19: new confirmed cases: no data after March 9, 2023"]
    assert "no data after March 9, 2023" in only_kazakhstan.content.decode()


# Names, not keys, in both languages


@pytest.mark.parametrize(
    ("language", "state", "region", "category", "series_name"),
    [
        (
            "en",
            "Kazakhstan",
            "Central Asian collective security region",
            "terrorism",
            "COVID-19: new confirmed cases",
        ),
        ("ru", "Казахстан", "Центрально-Азиатский регион коллективной безопасности", None, None),
    ],
)
def test_the_page_names_states_regions_categories_and_series(
    client, language, state, region, category, series_name
):
    event("Almaty", "KAZ")
    series("KAZ", TODAY - datetime.timedelta(days=1))
    response = client.get("/crisis/", {"country": "KAZ"}, HTTP_ACCEPT_LANGUAGE=language)
    [row] = response.context["page"].object_list
    assert (row["state"], row["region"]) == (state, region)
    assert row["category"] != "terrorism" or language == "en"
    if category:
        assert row["category"] == category
    [chart] = [chart for chart in response.context["series_charts"] if chart["key"] == "covid.confirmed"]
    assert chart["spec"]["title"] != "covid.confirmed"
    if series_name:
        assert chart["spec"]["title"] == series_name
    [report] = response.context["reports"]
    assert report["country_name"] == state
    page = response.content.decode()
    assert "covid.confirmed —" not in page and "— KAZ" not in page


def test_alert_levels_and_dates_are_named_in_russian(client):
    from django.utils import translation

    from accord.crisis import charts, names

    with translation.override("ru"):
        assert names.level_name("amber") != "amber"
        spec = charts.series_chart("/x", "t")
        assert spec["layer"][2]["encoding"]["stroke"]["scale"]["domain"] == [
            names.level_name("amber"),
            names.level_name("red"),
        ]
    event("Алматы", "KAZ", date=datetime.date(2026, 3, 9), date_precision="day")
    page = client.get(
        "/crisis/", {"country": "KAZ", "start": "2026-03-01", "end": "2026-03-31"}, HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "9 марта 2026" in page


# Recording events: who may, and the link only for them


def report_form(**values) -> dict:
    return {
        "date": str(TODAY),
        "category": "terrorism",
        "place": "Kunduz",
        "description": "Attack on a post",
        **values,
    }


def test_a_duty_officer_records_an_event_in_any_state_with_its_source(client):
    officer = make_user("crc-duty", Role.CRC_DUTY_OFFICER)
    login_verified(client, officer)
    assert "Report an event" in client.get("/crisis/").content.decode()
    refused = client.post("/crisis/reports/new/", report_form(country="AFG"))
    assert refused.status_code == 200 and "reference" in refused.context["form"].errors
    assert not Event.objects.filter(country="AFG").exists()
    saved = client.post("/crisis/reports/new/", report_form(country="AFG", reference="TASS, 1 December"))
    assert saved.status_code == 302
    recorded = Event.objects.get(country="AFG", source="report")
    assert recorded.reference == "TASS, 1 December"
    assert "TASS, 1 December" in client.get("/crisis/", {"country": "AFG"}).content.decode()


def test_a_liaison_officer_records_for_their_own_state_only():
    from accord.crisis.forms import ReportForm

    officer = make_user("kgz-liaison", Role.LIAISON_OFFICER, state="KGZ")
    form = ReportForm(report_form(country="KAZ"), user=officer, any_state=False)
    assert "country" not in form.fields


def users_to_try() -> list:
    serbia = State.objects.get(code="SRB")
    StateStatus.objects.create(state=serbia, status="partner", valid_from="2022-01-01")
    return [
        make_user("reader", Role.READER, state="KAZ"),
        make_user("kaz-liaison", Role.LIAISON_OFFICER, state="KAZ"),
        make_user("srb-liaison", Role.LIAISON_OFFICER, state="SRB"),  # a partner: no right to report
        make_user("secretariat", Role.SECRETARIAT_OFFICER),
        make_user("secretariat-of-a-state", Role.SECRETARIAT_OFFICER, state="RUS"),
        make_user("crc", Role.CRC_DUTY_OFFICER),
        make_user("auditor", Role.AUDITOR),
    ]


def test_the_report_link_shows_exactly_for_those_the_form_lets_in(client):
    for user in users_to_try():
        client.logout()
        login_verified(client, user)
        linked = "/crisis/reports/new/" in client.get("/crisis/").content.decode()
        answer = client.get("/crisis/reports/new/").status_code
        assert answer in (200, 403), (user.username, answer)
        assert linked == (answer == 200), (user.username, linked, answer)
    client.logout()
    assert "/crisis/reports/new/" not in client.get("/crisis/").content.decode()


def read(response) -> list[dict]:
    import json

    return json.loads(b"".join(response.streaming_content))


def test_through_the_api_a_duty_officer_cites_the_source_or_is_refused_on_the_field(client):
    from accord.accounts.tokens import create_token

    officer = make_user("crc-api", Role.CRC_DUTY_OFFICER)
    token = create_token(officer, "CRC", ["crisis:event:add"], datetime.timedelta(days=1), actor=SYSTEM)
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}
    body = {"date": str(TODAY), "country": "AFG", "category": "terrorism"}
    refused = client.post("/api/v1/crisis/reports", body, content_type="application/json", **headers)
    assert refused.status_code == 422 and "reference" in refused.content.decode()
    assert not Event.objects.filter(country="AFG").exists()
    body["reference"] = "Khaama Press"
    saved = client.post("/api/v1/crisis/reports", body, content_type="application/json", **headers)
    assert saved.status_code == 201 and saved.json()["reference"] == "Khaama Press"

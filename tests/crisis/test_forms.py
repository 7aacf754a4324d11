"""The situation report form and the dashboard's filters refuse what the API refuses, and write nothing."""

from __future__ import annotations

import pytest

from accord.accounts.models import Role
from accord.core.models import ChangeRecord
from accord.crisis.models import Event
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db


def written() -> tuple[int, int]:
    return ChangeRecord.objects.count(), Event.objects.count()


def form(**values) -> dict:
    return {"date": "2021-09-02", "category": "illegal-migration", "place": "Osh", **values}


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"fatalities": str(2**63)}, "Ensure this value is less than or equal to 10000000"),
        ({"fatalities": "-5"}, "Ensure this value is greater than or equal to 0"),
        ({"fatalities": "3.7"}, "Enter a whole number"),
        ({"latitude": "nan", "longitude": "74.6"}, "Enter a number"),
        ({"latitude": "inf", "longitude": "74.6"}, "Enter a number"),
        ({"latitude": "91", "longitude": "74.6"}, "a latitude is a number of degrees between -90 and 90"),
        ({"latitude": "42.8", "longitude": "181"}, "a longitude is a number of degrees between -180 and 180"),
        ({"date": "0001-01-01"}, "expected a date between 1900-01-01 and 2100-12-31"),
        ({"date": "9999-12-31"}, "expected a date between 1900-01-01 and 2100-12-31"),
        ({"place": "a\x00b"}, "Null characters are not allowed"),
        ({"place": "p" * 301}, "at most 300 characters"),
    ],
)
def test_the_report_form_refuses_bad_values_and_writes_nothing(client, values, message):
    officer = make_user("kgz-officer", Role.LIAISON_OFFICER, state="KGZ")
    login_verified(client, officer)
    before = written()
    response = client.post("/crisis/reports/new/", form(**values))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert written() == before


def test_an_observers_liaison_officer_has_no_report_form(client):
    from accord.charter.models import State, StateStatus

    StateStatus.objects.create(
        state=State.objects.get(code="AFG"), status="observer", valid_from="2022-01-01"
    )
    officer = make_user("afg-officer", Role.LIAISON_OFFICER, state="AFG")
    login_verified(client, officer)
    before = written()
    assert client.post("/crisis/reports/new/", form()).status_code == 403
    assert written() == before


def test_dates_outside_the_records_are_explained_on_the_dashboard_and_the_sitrep(client):
    page = client.get("/crisis/", {"start": "0001-01-01"})
    assert page.status_code == 200
    assert "expected a date between 1900-01-01 and 2100-12-31" in page.content.decode()
    sitrep = client.get("/crisis/sitrep/", {"date": "0001-01-01"})
    assert sitrep.status_code == 400
    assert "expected a date between 1900-01-01 and 2100-12-31" in sitrep.content.decode()


def serbian_administrator():
    """An administrator of Serbia, a partner since 2022: they may report, and read up to RESTRICTED,
    released to members and partners."""
    from accord.charter.models import State, StateStatus

    StateStatus.objects.create(state=State.objects.get(code="SRB"), status="partner", valid_from="2022-01-01")
    return make_user("srb-admin", Role.ADMINISTRATOR, state="SRB", clearance=3)


def test_a_partners_report_form_offers_only_what_they_can_see(client):
    login_verified(client, serbian_administrator())
    response = client.get("/crisis/reports/new/")
    form = response.context["form"]
    assert [value for value, _label in form.fields["classification"].choices] == [0, 1]
    assert [value for value, _label in form.fields["releasability"].choices] == [
        "everyone",
        "members-and-partners",
    ]
    assert (form["classification"].value(), form["releasability"].value()) == (1, "members-and-partners")


def test_a_partners_report_is_saved_where_they_can_see_it(client):
    writer = serbian_administrator()
    login_verified(client, writer)
    response = client.post("/crisis/reports/new/", form(place="Belgrade"))
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    event = Event.objects.get(source="report", country="SRB")
    assert (event.classification, event.releasability) == (1, "members-and-partners")
    assert Event.objects.restrict(writer).filter(pk=event.pk).exists()


def test_a_partners_members_only_report_is_an_error_on_the_field_and_saves_nothing(client):
    login_verified(client, serbian_administrator())
    before = written()
    response = client.post("/crisis/reports/new/", form(releasability="members-only", classification="2"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "could not read the report yourself" in errors["releasability"][0]
    assert "could not read the report yourself" in errors["classification"][0]
    assert written() == before


def test_a_member_liaison_reports_as_before(client):
    officer = make_user("kgz-reporter", Role.LIAISON_OFFICER, state="KGZ", clearance=2)
    login_verified(client, officer)
    page = client.get("/crisis/reports/new/").context["form"]
    assert [value for value, _label in page.fields["classification"].choices] == [0, 1, 2]
    assert client.post("/crisis/reports/new/", form()).status_code == 302
    event = Event.objects.get(source="report", country="KGZ")
    assert (event.classification, event.releasability) == (1, "members-only")

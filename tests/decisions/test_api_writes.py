"""Writing through the API: minutes, amendments by participating states, progress reports by national centres."""

from __future__ import annotations

import datetime

import pytest

from accord.accounts.models import Role
from accord.accounts.tokens import create_token
from accord.charter.models import Body, State
from accord.core.audit import Actor
from accord.decisions.models import Measure, ProgressReport
from accord.decisions.services import create_session
from tests.accounts.helpers import login_verified, make_user

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
MEMBERS = ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]


def bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def post(client, path: str, data: dict, **headers):
    return client.post(path, data, content_type="application/json", **headers)


def test_minutes_through_the_api(client):
    session = create_session(
        {
            "body": Body.objects.get(key="cmfa"),
            "title_en": "Minuted",
            "date": datetime.date(2022, 5, 1),
            "classification": 1,
            "releasability": "members-only",
        },
        list(State.objects.filter(code__in=MEMBERS)),
        actor=SYSTEM,
    )
    officer = make_user("sec", Role.SECRETARIAT_OFFICER)
    login_verified(client, officer)
    drafted = post(client, f"/api/v1/decisions/sessions/{session.pk}/minutes", {"text": "The ministers met."})
    assert drafted.status_code == 201, drafted.content
    minutes_id = drafted.json()["id"]

    liaison = make_user("arm-centre", Role.LIAISON_OFFICER, state="ARM")
    token = create_token(
        liaison, "ARM", ["decisions:amendment:add"], datetime.timedelta(days=1), actor=SYSTEM
    )
    other = post(
        client,
        f"/api/v1/decisions/minutes/{minutes_id}/amendments",
        {"state": "KAZ", "text": "Not ours", "on": "2022-05-02"},
        **bearer(token.secret),
    )
    assert other.status_code == 403
    proposed = post(
        client,
        f"/api/v1/decisions/minutes/{minutes_id}/amendments",
        {"state": "ARM", "text": "Add our remark", "on": "2022-05-02"},
        **bearer(token.secret),
    )
    assert proposed.status_code == 201, proposed.content
    amendment_id = proposed.json()["amendments"][0]["id"]

    refused = post(client, f"/api/v1/decisions/minutes/{minutes_id}/approve", {"on": "2022-05-03"})
    assert refused.status_code == 422 and "still to be accepted" in refused.json()["detail"]
    assert post(client, f"/api/v1/decisions/amendments/{amendment_id}/accept", {}).status_code == 200
    approved = post(client, f"/api/v1/decisions/minutes/{minutes_id}/approve", {"on": "2022-05-03"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"


def test_a_national_centre_reports_progress_on_its_measures(client):
    measure = Measure.objects.get(program__key="list-tajik-afghan-border", number="2")
    centre = make_user("tjk-centre", Role.LIAISON_OFFICER, state="TJK")
    token = create_token(
        centre, "TJK", ["decisions:progressreport:add"], datetime.timedelta(days=1), actor=SYSTEM
    )
    response = post(
        client,
        f"/api/v1/decisions/measures/{measure.pk}/progress",
        {"date": "2020-03-01", "state": "TJK", "text": "Two posts rebuilt."},
        **bearer(token.secret),
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "under-way"
    assert ProgressReport.objects.get(measure=measure).text == "Two posts rebuilt."
    for_another = post(
        client,
        f"/api/v1/decisions/measures/{measure.pk}/progress",
        {"date": "2020-03-01", "state": "KAZ", "text": "x"},
        **bearer(token.secret),
    )
    assert for_another.status_code == 403
    without_scope = create_token(
        centre, "other", ["decisions:document:view"], datetime.timedelta(days=1), actor=SYSTEM
    )
    assert (
        post(
            client,
            f"/api/v1/decisions/measures/{measure.pk}/progress",
            {"date": "2020-03-01", "state": "TJK", "text": "x"},
            **bearer(without_scope.secret),
        ).status_code
        == 403
    )


def test_the_public_cannot_write(client):
    measure = Measure.objects.first()
    response = post(
        client, f"/api/v1/decisions/measures/{measure.pk}/progress", {"date": "2020-03-01", "text": "x"}
    )
    assert response.status_code == 401
    assert response.json() == {"detail": "Writes need a bearer token or a verified session."}

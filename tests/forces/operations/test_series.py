"""The whole operation's public figures feed a series of no single state (country ""): the shipped
Mercenary 2019 figure is a point of it, served by the crisis API, and the crisis pages that chart the
states of a region or an area are not disturbed by it."""

from __future__ import annotations

import pytest

from accord.core.audit import Actor
from accord.crisis.models import Series, SeriesPoint
from accord.forces.models import OperationResult
from accord.forces.operations.series import WHOLE
from accord.forces.operations.services import withdraw_result

KEY = "operations.mercenary.accomplices-identified"


@pytest.mark.django_db
def test_the_shipped_mercenary_2019_figure_is_a_point_of_the_whole_series(client):
    point = SeriesPoint.objects.get(series__key=KEY, series__country=WHOLE)
    assert point.value == 600 and point.date.isoformat() == "2019-12-31"
    answer = client.get(f"/api/v1/crisis/series/{KEY}")
    assert answer.status_code == 200
    body = answer.json()
    assert body["country"] == "" and body["sources"] == ["seed-001"]
    assert {"date": "2019-12-31", "value": 600.0, "revision": False} in body["points"]
    assert client.get("/api/v1/crisis/series/operations.no-such").status_code == 404


@pytest.mark.django_db
def test_the_crisis_pages_and_a_states_series_are_not_disturbed(client):
    assert client.get("/crisis/").status_code == 200
    assert client.get("/crisis/?series=" + KEY).status_code == 200
    group = client.get(f"/api/v1/crisis/series-group/{KEY}?country=KAZ&country=RUS").json()
    assert group["points"] == []
    assert client.get(f"/api/v1/crisis/series/{KEY}/KAZ").status_code == 404


@pytest.mark.django_db
def test_a_withdrawn_whole_figure_leaves_its_series():
    shipped = OperationResult.objects.get(
        operation__key="mercenary-2019", indicator__key="accomplices-identified"
    )
    withdraw_result(shipped, reason="superseded by the national staffs' figures", actor=Actor.system("test"))
    assert not SeriesPoint.objects.filter(series__key=KEY, series__country=WHOLE).exists()
    assert Series.objects.filter(key=KEY, country=WHOLE).exists()

"""The gap of a request as of any date: a pledge is not help until accepted, a withdrawn offer counts
from the day it was made to the day it was withdrawn, deliveries by their dates, values per currency."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from accord.response.gap import request_gap
from tests.response.frame_records import DAY, made_delivery, made_line, made_offer, made_request

pytestmark = pytest.mark.django_db


def on(days: int) -> datetime.date:
    return DAY + datetime.timedelta(days=days)


def figures(request, day):
    line = request_gap(request, day).lines[0]
    return line.requested, line.pledged, line.committed, line.delivered, line.gap


def test_the_gap_follows_pledges_acceptances_and_deliveries_through_time():
    request = made_request()
    line = made_line(request, quantity="10")
    russia = made_offer(line, "RUS", "6", on(1), accepted_on=on(3))
    made_offer(line, "KAZ", "4", on(2), declined_on=on(4))
    belarus = made_offer(line, "BLR", "4", on(5), accepted_on=on(6))
    made_delivery(russia, "6", on(8), value="1500000")
    made_delivery(belarus, "4", on(10))
    D = Decimal
    assert figures(request, DAY) == (D(10), D(0), D(0), D(0), D(10))
    assert figures(request, on(2)) == (D(10), D(10), D(0), D(0), D(10))
    assert figures(request, on(3)) == (D(10), D(4), D(6), D(0), D(10))
    assert figures(request, on(6)) == (D(10), D(0), D(10), D(0), D(10))
    assert figures(request, on(8))[3:] == (D(6), D(4))
    gap = request_gap(request, on(10))
    assert gap.closed and gap.lines[0].undelivered == 0
    assert gap.delivered_values == {"RUB": D("1500000")}
    assert not request_gap(request, on(9)).closed


def test_a_withdrawn_offer_stops_counting_the_day_it_is_withdrawn():
    request = made_request()
    line = made_line(request, quantity="5")
    made_offer(line, "RUS", "5", on(1), accepted_on=on(2), withdrawn_on=on(4))
    assert figures(request, on(3))[2] == 5
    assert figures(request, on(4))[2] == 0
    assert figures(request, None)[2] == 0


def test_more_offered_than_asked_closes_the_gap_without_going_below_zero():
    request = made_request()
    line = made_line(request, quantity="3")
    offer = made_offer(line, "RUS", "5", on(1), accepted_on=on(1))
    made_delivery(offer, "5", on(2))
    answer = request_gap(request, on(2)).lines[0]
    assert answer.uncommitted == 0 and answer.gap == 0
    assert answer.as_json()["delivered"] == "5"

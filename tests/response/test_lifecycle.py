"""The life of a request: which step may follow which, dates in order, and its status on any date."""

from __future__ import annotations

import datetime

import pytest

from accord.response.errors import ResponseError
from accord.response.lifecycle import allowed_next, move, status_on
from tests.response.frame_records import ACTOR, DAY, made_request

pytestmark = pytest.mark.django_db


def later(days: int) -> datetime.date:
    return DAY + datetime.timedelta(days=days)


def test_a_request_through_the_organization_waits_for_the_decision_before_delivery():
    request = made_request()
    assert "in-delivery" not in allowed_next(request)
    assert {"under-consultation", "approved", "declined", "withdrawn"} <= set(allowed_next(request))
    with pytest.raises(ResponseError) as refused:
        move(request, "in-delivery", on=later(1), actor=ACTOR)
    assert refused.value.field == "status"


def test_a_bilateral_request_may_go_straight_to_delivery():
    request = made_request(channel="bilateral")
    move(request, "in-delivery", on=later(1), actor=ACTOR, reason="help arrives", source="letter")
    request.refresh_from_db()
    assert request.status == "in-delivery"


def test_the_whole_life_is_kept_and_answered_as_of_any_date():
    request = made_request()
    move(request, "under-consultation", on=later(2), actor=ACTOR, source="CRC consultation")
    move(request, "approved", on=later(5), actor=ACTOR, source="CSC decision")
    move(request, "in-delivery", on=later(9), actor=ACTOR)
    move(request, "completed", on=later(20), actor=ACTOR)
    request.refresh_from_db()
    assert status_on(request, DAY - datetime.timedelta(days=1)) is None
    assert status_on(request, DAY) == "submitted"
    assert status_on(request, later(4)) == "under-consultation"
    assert status_on(request, later(5)) == "approved"
    assert status_on(request, later(19)) == "in-delivery"
    assert status_on(request, None) == "completed"
    steps = list(request.steps.values_list("status", "recorded_by", "source_text"))
    assert steps[1] == ("under-consultation", "system:test", "CRC consultation")


@pytest.mark.parametrize("final", ["declined", "withdrawn"])
def test_nothing_follows_the_end(final):
    request = made_request()
    move(request, final, on=later(1), actor=ACTOR, reason="no longer needed")
    assert allowed_next(request) == []
    with pytest.raises(ResponseError):
        move(request, "approved", on=later(2), actor=ACTOR)


def test_a_step_cannot_take_effect_before_the_last_one():
    request = made_request()
    move(request, "under-consultation", on=later(3), actor=ACTOR)
    with pytest.raises(ResponseError) as refused:
        move(request, "approved", on=later(2), actor=ACTOR)
    assert refused.value.field == "on"


def test_an_unknown_status_is_refused_by_name():
    with pytest.raises(ResponseError) as refused:
        move(made_request(), "granted", on=later(1), actor=ACTOR)
    assert "granted" in str(refused.value)

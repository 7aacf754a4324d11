"""States' statuses on a date, against the shipped CSTO charter."""

from __future__ import annotations

import datetime

import pytest

from accord.charter import rules

D = datetime.date


def test_statuses_on_2020(facts):
    answer = rules.statuses_on(facts, D(2020, 5, 15))
    assert answer.value == {
        "ARM": "member",
        "BLR": "member",
        "KAZ": "member",
        "KGZ": "member",
        "RUS": "member",
        "TJK": "member",
        "UZB": "suspended",
    }


def test_uzbekistan_was_a_member_before_2012(facts):
    assert rules.status_of(facts, "UZB", D(2010, 6, 1)).value == "member"
    assert rules.status_of(facts, "UZB", D(2013, 6, 1)).value == "suspended"


def test_serbia_and_afghanistan_hold_no_formal_status(facts):
    for code in ("SRB", "AFG"):
        assert rules.status_of(facts, code, D(2020, 6, 1)).value is None


def hand_built_facts() -> rules.CharterFacts:
    """Five states, one in each status, and one with none (plain data, no database)."""
    spans = (
        rules.StatusSpan("AAA", "member", D(2000, 1, 1)),
        rules.StatusSpan("BBB", "partner", D(2000, 1, 1)),
        rules.StatusSpan("CCC", "observer", D(2000, 1, 1)),
        rules.StatusSpan("DDD", "member", D(2000, 1, 1), D(2010, 1, 1)),
        rules.StatusSpan("DDD", "suspended", D(2010, 1, 1)),
        rules.StatusSpan("EEE", "member", D(2000, 1, 1), D(2010, 1, 1)),
        rules.StatusSpan("EEE", "former", D(2010, 1, 1)),
    )
    return rules.CharterFacts(statuses=spans)


@pytest.mark.parametrize(
    ("code", "capacity"),
    [
        ("AAA", "member"),
        ("BBB", "partner"),
        ("CCC", "observer"),
        ("DDD", "suspended"),
        ("EEE", None),
        ("FFF", None),
    ],
)
def test_capacity_is_the_status_of_the_day_and_none_without_a_seat(code, capacity):
    answer = rules.capacity_on(hand_built_facts(), code, D(2015, 6, 1))
    assert answer.value == capacity
    if capacity is None:
        assert "cannot take part" in answer.reasons[-1].render()


def test_capacity_follows_the_status_on_the_date():
    facts = hand_built_facts()
    assert rules.capacity_on(facts, "DDD", D(2009, 12, 31)).value == "member"
    assert rules.capacity_on(facts, "DDD", D(2010, 1, 1)).value == "suspended"
    assert rules.capacity_on(facts, "EEE", D(2009, 12, 31)).value == "member"


def test_capacity_in_the_csto_charter(facts):
    assert rules.capacity_on(facts, "UZB", D(2013, 6, 1)).value == "suspended"
    assert rules.capacity_on(facts, "SRB", D(2020, 6, 1)).value is None

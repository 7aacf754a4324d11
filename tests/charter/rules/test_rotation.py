"""Who chairs in a year, against the shipped CSTO charter: recorded, else projected by the rotation."""

from __future__ import annotations

import datetime

import pytest

from accord.charter import rules

D = datetime.date


def rendered(answer) -> list[str]:
    """Reasons as English sentences."""
    return [reason.render() for reason in answer.reasons]


@pytest.mark.parametrize(("year", "code"), [(2018, "KAZ"), (2019, "KGZ"), (2020, "RUS"), (2021, "TJK")])
def test_recorded_chairs(facts, year, code):
    answer = rules.chair_for_year(facts, year)
    assert answer.value == code
    assert not answer.projected
    assert answer.sources, "a recorded chair cites its source"


@pytest.mark.parametrize(
    ("year", "code"), [(2022, "ARM"), (2023, "BLR"), (2024, "KAZ"), (2027, "TJK"), (2028, "ARM")]
)
def test_projected_chairs_follow_the_russian_alphabet(facts, year, code):
    answer = rules.chair_for_year(facts, year)
    assert answer.value == code
    assert answer.projected
    text = " ".join(rendered(answer))
    assert "Tajikistan in 2021" in text
    assert "Russian names" in text


def test_projection_mentions_the_suspended_member(facts):
    text = " ".join(rendered(rules.chair_for_year(facts, 2022)))
    assert "Uzbekistan is skipped in 2022" in text


def test_no_chair_before_the_first_record(facts):
    answer = rules.chair_for_year(facts, 2010)
    assert answer.value is None
    assert "No chairmanship is recorded for 2010" in rendered(answer)[0]

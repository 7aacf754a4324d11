"""Who holds a post on a date, against the shipped CSTO charter: recorded, acting, or projected."""

from __future__ import annotations

import datetime

import pytest

from accord.charter import rules

D = datetime.date


def rendered(answer) -> list[str]:
    """Reasons as English sentences."""
    return [reason.render() for reason in answer.reasons]


@pytest.mark.parametrize(
    ("on", "person", "state", "acting"),
    [
        (D(2018, 6, 1), "Yuri Khachaturov", "ARM", False),
        (D(2018, 11, 2), "Valery Semerikov", "RUS", True),
        (D(2019, 6, 1), "Valery Semerikov", "RUS", True),
        (D(2019, 12, 31), "Valery Semerikov", "RUS", True),
        (D(2020, 1, 1), "Stanislav Zas", "BLR", False),
        (D(2020, 6, 1), "Stanislav Zas", "BLR", False),
        (D(2022, 12, 31), "Stanislav Zas", "BLR", False),
    ],
)
def test_secretary_general_on_recorded_dates(facts, on, person, state, acting):
    answer = rules.post_holder_on(facts, "secretary-general", on)
    assert answer.value["person"] == person
    assert answer.value["state"] == state
    assert answer.value["acting"] is acting
    assert answer.value["projected"] is False


def test_acting_holder_is_marked_in_the_reasons(facts):
    answer = rules.post_holder_on(facts, "secretary-general", D(2019, 6, 1))
    assert rendered(answer)[0] == "Valery Semerikov (Russia) was acting Secretary General from 2018-11-02."


def test_zas_term_ends_after_three_years(facts):
    answer = rules.post_holder_on(facts, "secretary-general", D(2021, 5, 1))
    assert answer.value["until"] == "2022-12-31"


@pytest.mark.parametrize(
    ("on", "state", "start", "end"),
    [
        (D(2023, 1, 1), "KAZ", "2023-01-01", "2025-12-31"),
        (D(2025, 12, 31), "KAZ", "2023-01-01", "2025-12-31"),
        (D(2026, 11, 23), "KGZ", "2026-01-01", "2028-12-31"),
        (D(2030, 1, 1), "RUS", "2029-01-01", "2031-12-31"),
    ],
)
def test_secretary_general_projected_by_rotation(facts, on, state, start, end):
    answer = rules.post_holder_on(facts, "secretary-general", on)
    assert answer.projected
    assert answer.value == {
        "person": None,
        "person_ru": None,
        "state": state,
        "acting": False,
        "from": start,
        "until": end,
        "projected": True,
    }


def test_no_secretary_general_recorded_before_2017(facts):
    assert rules.post_holder_on(facts, "secretary-general", D(2010, 1, 1)).value is None

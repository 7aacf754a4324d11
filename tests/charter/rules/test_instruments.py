"""Whether an instrument is in force, against the shipped CSTO charter."""

from __future__ import annotations

import datetime

from accord.charter import rules

D = datetime.date


def rendered(answer) -> list[str]:
    """Reasons as English sentences."""
    return [reason.render() for reason in answer.reasons]


def test_statuses_instrument_not_in_force_on_2020_05_15(facts):
    answer = rules.instrument_status_on(facts, "partners-observers", D(2020, 5, 15))
    assert answer.value["in_force"] is False
    assert answer.value["missing"] == ["TJK"]
    assert "Tajikistan had not ratified it by 2020-05-15." in rendered(answer)
    assert (
        "Uzbekistan's status (participation suspended) does not make its ratification awaited."
        in rendered(answer)
    )


def test_statuses_instrument_undetermined_during_2021_and_in_force_after(facts):
    during = rules.instrument_status_on(facts, "partners-observers", D(2021, 6, 1))
    assert during.value["in_force"] is None
    assert during.value["unknown"] == ["TJK"]
    after = rules.instrument_status_on(facts, "partners-observers", D(2022, 1, 1))
    assert after.value["in_force"] is True


def test_statuses_instrument_not_in_force_before_its_adoption(facts):
    answer = rules.instrument_status_on(facts, "partners-observers", D(2017, 6, 1))
    assert answer.value["in_force"] is False
    assert "had not been adopted" in rendered(answer)[0]


def test_pending_instruments(facts):
    assert [item.key for item, _ in rules.pending_instruments(facts, D(2020, 5, 15))] == [
        "partners-observers"
    ]
    assert rules.pending_instruments(facts, D(2022, 1, 1)) == []

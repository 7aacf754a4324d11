"""A state's capacity in trainings and operations follows its status on the dates and the rights the
charter file gives that status: members and partners take part, observers and suspended members
attend trainings, a frozen or former member and a state with no status are refused with the rule."""

from __future__ import annotations

import dataclasses
import datetime

import pytest

from accord.charter import rules
from accord.forces.capacity import (
    Activity,
    Capacity,
    CharterRights,
    admits,
    capacity,
    capacity_over,
    load_rights,
)

D = datetime.date
TRAININGS, OPERATIONS = Activity.TRAININGS, Activity.OPERATIONS


def with_spans(facts: rules.CharterFacts, *spans: rules.StatusSpan) -> rules.CharterFacts:
    """The shipped charter with the given states' statuses replaced."""
    codes = {span.state for span in spans}
    kept = [span for span in facts.statuses if span.state not in codes]
    return dataclasses.replace(facts, statuses=(*kept, *spans))


@pytest.fixture
def rights(db) -> CharterRights:
    return load_rights()


def test_the_rights_come_from_the_charter_file(rights):
    assert {"join-trainings", "join-operations"} <= rights.of("partner")
    assert "full-participation" in rights.of("member")
    assert not rights.of("observer") & {"join-trainings", "full-participation"}


@pytest.mark.django_db
def test_a_member_takes_part_in_both():
    for activity in Activity:
        answer = capacity("KAZ", D(2019, 9, 1), D(2019, 9, 10), activity)
        assert answer.value == Capacity.PARTICIPANT
        assert "full-participation" in answer.reasons[-1].params["right"]


def test_a_partner_takes_part_by_its_own_right(facts, rights):
    partnered = with_spans(facts, rules.StatusSpan("SRB", "partner", D(2020, 1, 1)))
    for activity in Activity:
        answer = capacity_over(partnered, rights, "SRB", D(2021, 5, 1), D(2021, 5, 3), activity)
        assert answer.value == Capacity.PARTICIPANT
        assert answer.reasons[-1].params["right"] == activity.right


def test_an_observer_attends_trainings_but_not_operations(facts, rights):
    observing = with_spans(facts, rules.StatusSpan("SRB", "observer", D(2020, 1, 1)))
    training = capacity_over(observing, rights, "SRB", D(2021, 5, 1), D(2021, 5, 3), TRAININGS)
    operation = capacity_over(observing, rights, "SRB", D(2021, 5, 1), D(2021, 5, 3), OPERATIONS)
    assert training.value == Capacity.OBSERVER
    assert operation.value is None and "cannot take part" in operation.reasons[-1].message


def test_a_suspended_member_attends_and_a_frozen_one_is_refused(facts, rights):
    assert capacity_over(facts, rights, "UZB", D(2019, 9, 1), None, TRAININGS).value == Capacity.OBSERVER
    frozen = with_spans(
        facts,
        rules.StatusSpan("ARM", "member", D(2002, 5, 15), D(2024, 2, 22)),
        rules.StatusSpan("ARM", "frozen", D(2024, 2, 22)),
    )
    refused = capacity_over(frozen, rights, "ARM", D(2024, 9, 1), D(2024, 9, 5), TRAININGS)
    assert refused.value is None
    assert refused.reasons[-1].params["status"] == rules.status_phrase("frozen")


def test_a_state_with_no_status_is_refused(facts, rights):
    answer = capacity_over(facts, rights, "FRA", D(2019, 9, 1), None, TRAININGS)
    assert answer.value is None and "holds no status" in answer.reasons[-1].message


def test_a_status_that_changes_during_the_dates_counts_on_every_day(facts, rights):
    freezing = with_spans(
        facts,
        rules.StatusSpan("ARM", "member", D(2002, 5, 15), D(2024, 2, 22)),
        rules.StatusSpan("ARM", "frozen", D(2024, 2, 22)),
    )
    across = capacity_over(freezing, rights, "ARM", D(2024, 2, 20), D(2024, 2, 25), TRAININGS)
    before = capacity_over(freezing, rights, "ARM", D(2024, 2, 10), D(2024, 2, 21), TRAININGS)
    assert across.value is None and before.value == Capacity.PARTICIPANT


def test_editing_the_rights_changes_the_capacity(facts, rights):
    partnered = with_spans(facts, rules.StatusSpan("SRB", "partner", D(2020, 1, 1)))
    without = CharterRights({**rights.by_status, "partner": rights.of("partner") - {"join-operations"}})
    assert capacity_over(partnered, without, "SRB", D(2021, 5, 1), None, OPERATIONS).value is None
    assert (
        capacity_over(partnered, without, "SRB", D(2021, 5, 1), None, TRAININGS).value == Capacity.PARTICIPANT
    )


def test_a_participant_may_be_recorded_as_an_observer_not_the_reverse(facts, rights):
    member = capacity_over(facts, rights, "KAZ", D(2019, 9, 1), None, TRAININGS)
    suspended = capacity_over(facts, rights, "UZB", D(2019, 9, 1), None, TRAININGS)
    assert admits(member, Capacity.OBSERVER) and admits(member, Capacity.PARTICIPANT)
    assert admits(suspended, Capacity.OBSERVER) and not admits(suspended, Capacity.PARTICIPANT)

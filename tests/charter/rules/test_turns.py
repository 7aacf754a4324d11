"""The turns a new chair or appointment must keep, on the CSTO charter as loaded."""

from __future__ import annotations

import dataclasses
import datetime

from accord.charter.rules import StatusSpan
from accord.charter.rules.turns import appointment_turn, chair_turn

FREEZE = datetime.date(2024, 2, 22)


def armenia_frozen(facts):
    """The charter as it reads after Armenia froze its participation."""
    statuses = tuple(
        dataclasses.replace(span, end=FREEZE) if span.state == "ARM" and span.end is None else span
        for span in facts.statuses
    )
    return dataclasses.replace(facts, statuses=(*statuses, StatusSpan("ARM", "frozen", FREEZE)))


def test_the_chair_in_turn_passes_and_another_state_is_out_of_turn(facts):
    assert chair_turn(facts, "ARM", 2022).value is True
    refused = chair_turn(facts, "BLR", 2022)
    assert refused.value is False
    assert refused.reasons[-1].params["turn"].en == "Armenia"


def test_a_frozen_member_may_not_chair_and_is_skipped_by_the_rotation(facts):
    frozen = armenia_frozen(facts)
    refused = chair_turn(frozen, "ARM", 2028)
    assert refused.value is False
    sentences = [reason.render() for reason in refused.reasons]
    assert "the charter file does not let that status chair." in sentences[1]
    assert chair_turn(facts, "ARM", 2028).value is True
    assert chair_turn(frozen, "BLR", 2028).value is True


def test_the_secretary_general_of_2023_is_kazakhstans_turn(facts):
    assert appointment_turn(facts, "secretary-general", "KAZ", datetime.date(2023, 1, 1)).value is True
    assert appointment_turn(facts, "secretary-general", "RUS", datetime.date(2023, 1, 1)).value is False


def test_a_replacement_within_a_term_completes_that_states_turn(facts):
    day = datetime.date(2021, 6, 1)
    assert appointment_turn(facts, "secretary-general", "BLR", day).value is True
    assert appointment_turn(facts, "secretary-general", "KAZ", day).value is False


def test_an_acting_holder_takes_no_turn_but_needs_a_status_that_gives_it(facts):
    day = datetime.date(2023, 1, 1)
    assert appointment_turn(facts, "secretary-general", "RUS", day, acting=True).value is True
    assert appointment_turn(facts, "secretary-general", "SRB", day, acting=True).value is False

"""What a status lets a state do comes from the charter file: a member that has frozen its
participation, read the way the CSTO file reads it, and the same rules after a one-line edit."""

from __future__ import annotations

import dataclasses
import datetime

from accord.charter import rules
from accord.core.answers import Bilingual
from accord.core.labels import StatusPower

D = datetime.date
FREEZE = D(2024, 2, 22)


def with_armenia_frozen(facts: rules.CharterFacts) -> rules.CharterFacts:
    """The shipped charter, with Armenia's participation frozen from 22 February 2024."""
    spans = [span for span in facts.statuses if span.state != "ARM"]
    spans += [
        rules.StatusSpan("ARM", "member", D(2002, 5, 15), FREEZE),
        rules.StatusSpan("ARM", "frozen", FREEZE, sources=("arm-2024-02-22",)),
    ]
    return dataclasses.replace(facts, statuses=tuple(spans))


def with_frozen_allowed(facts: rules.CharterFacts, *powers: str) -> rules.CharterFacts:
    """The same facts after editing the frozen status's ``may`` line."""
    frozen = dataclasses.replace(facts.status_kinds["frozen"], powers=frozenset(powers))
    return dataclasses.replace(facts, status_kinds={**facts.status_kinds, "frozen": frozen})


def test_the_csto_file_says_what_each_status_may_do(facts):
    frozen = facts.kind("frozen")
    assert frozen.member_state and frozen.powers == frozenset() and frozen.sources == ("arm-2024-02-22",)
    assert facts.kind("member").powers == frozenset(StatusPower)
    assert facts.kind("partner").powers == {StatusPower.ATTEND, StatusPower.SPEAK}
    assert facts.kind(None).powers == frozenset()


def test_a_frozen_member_stays_a_party_but_neither_decides_nor_attends(facts):
    frozen = with_armenia_frozen(facts)
    assert "ARM" in rules.members_on(frozen, D(2024, 2, 21))
    assert "ARM" not in rules.members_on(frozen, D(2024, 3, 1))
    assert "ARM" in rules.members_on(frozen, D(2024, 3, 1), include_suspended=True)
    seat = rules.capacity_on(frozen, "ARM", D(2024, 3, 1))
    assert seat.value is None
    assert "the charter file does not let that status attend meetings" in seat.reasons[-1].render()
    answer = rules.may(frozen, "ARM", D(2024, 3, 1), StatusPower.BLOCK_CONSENSUS)
    assert answer.value is False and answer.reasons[-1].sources == ("arm-2024-02-22",)
    assert "does not let a state whose status is participation frozen by the state block a consensus" in (
        answer.reasons[-1].render()
    )


def test_a_frozen_member_loses_its_turn_to_chair(facts):
    frozen = with_armenia_frozen(facts)
    chair_rotation = frozen.rotations[frozen.chair_rotation]
    assert "ARM" not in rules.rotation_participants(frozen, chair_rotation, D(2025, 1, 1))
    assert "ARM" in rules.rotation_participants(facts, chair_rotation, D(2025, 1, 1))


def test_a_one_line_edit_of_the_file_changes_what_a_frozen_member_may_do(facts):
    edited = with_frozen_allowed(with_armenia_frozen(facts), "attend", "decide", "block-consensus")
    assert "ARM" in rules.members_on(edited, D(2024, 3, 1))
    assert rules.capacity_on(edited, "ARM", D(2024, 3, 1)).value == "frozen"
    assert rules.may(edited, "ARM", D(2024, 3, 1), StatusPower.BLOCK_CONSENSUS).value is True


def test_no_instrument_waits_for_a_frozen_members_ratification(facts):
    frozen = with_armenia_frozen(facts)
    instrument = rules.InstrumentInfo(
        "new-protocol",
        Bilingual("A new protocol", "Новый протокол"),
        "all-members-ratify",
        participants=tuple(
            rules.Participation(code, ratified=rules.FuzzyDate(D(2024, 6, 1)))
            for code in ("BLR", "KAZ", "KGZ", "RUS", "TJK")
        ),
    )
    with_protocol = dataclasses.replace(
        frozen, instruments={**frozen.instruments, "new-protocol": instrument}
    )
    answer = rules.instrument_status_on(with_protocol, "new-protocol", D(2024, 7, 1))
    assert answer.value["in_force"] is True and answer.value["missing"] == []
    assert any("Armenia's status" in reason.render() for reason in answer.reasons)

"""The decision rules and the status of measures, by hand-worked cases."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from accord.core.answers import Bilingual
from accord.decisions import rules

D = datetime.date


def voter(code: str, status: str | None = "member") -> rules.Voter:
    return rules.Voter(code, Bilingual(code), status)


MEMBERS = [voter(code) for code in ("ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK")]


def text(answer) -> list[str]:
    return [reason.render() for reason in answer.reasons]


def test_consensus_when_all_agree():
    answer = rules.decide("consensus", MEMBERS, {voter.state: "agree" for voter in MEMBERS})
    assert answer.value == "adopted"
    assert text(answer)[-1] == "All 6 members entitled to decide agree: adopted by consensus."


def test_one_objection_blocks():
    positions = {voter.state: "agree" for voter in MEMBERS} | {"ARM": "object"}
    answer = rules.decide("consensus", MEMBERS, positions)
    assert answer.value == "not-adopted"
    assert "ARM objects: no consensus." in text(answer)


def test_a_reservation_is_agreement_and_is_kept():
    positions = {voter.state: "agree" for voter in MEMBERS} | {"BLR": "reservation"}
    answer = rules.decide("consensus", MEMBERS, positions)
    assert answer.value == "adopted"
    assert "BLR agrees with a reservation." in text(answer)


def test_an_abstention_is_not_consensus_even_with_positions_missing():
    positions = {voter.state: "agree" for voter in MEMBERS} | {"KGZ": "abstain"}
    del positions["TJK"]
    answer = rules.decide("consensus", MEMBERS, positions)
    assert answer.value == "not-adopted"
    assert "KGZ has not agreed (position: abstain)." in text(answer)


def test_missing_positions_leave_an_item_not_yet_decided_and_say_whose():
    positions = {voter.state: "agree" for voter in MEMBERS}
    del positions["TJK"], positions["ARM"]
    answer = rules.decide("consensus", MEMBERS, positions)
    assert answer.value == "pending"
    assert "ARM: position not yet recorded." in text(answer)
    assert "TJK: position not yet recorded." in text(answer)
    assert text(answer)[-1] == "Not yet decided: 2 position(s) of members entitled to decide are missing."
    assert [voter.state for voter in rules.missing_positions(MEMBERS, positions)] == ["ARM", "TJK"]


def test_an_objection_decides_even_while_positions_are_missing():
    answer = rules.decide("consensus", MEMBERS, {"ARM": "object"})
    assert answer.value == "not-adopted"


def test_a_majority_waits_for_missing_positions_that_could_still_carry_it():
    positions = {"ARM": "agree", "BLR": "agree", "KAZ": "object"}
    assert rules.decide("majority", MEMBERS, positions).value == "pending"
    positions |= {"KGZ": "object", "RUS": "object"}
    assert rules.decide("majority", MEMBERS, positions).value == "not-adopted"


def test_a_suspended_member_neither_blocks_nor_counts():
    voters = [*MEMBERS, voter("UZB", "suspended")]
    positions = {voter.state: "agree" for voter in MEMBERS} | {"UZB": "object"}
    answer = rules.decide("consensus", voters, positions)
    assert answer.value == "adopted"
    assert "UZB: participation suspended — it neither blocks nor counts." in text(answer)
    assert "All 6 members entitled to decide agree: adopted by consensus." in text(answer)


def test_partners_and_observers_present_do_not_decide():
    voters = [*MEMBERS, voter("SRB", "partner"), voter("AFG", "observer")]
    positions = {voter.state: "agree" for voter in MEMBERS} | {"SRB": "object", "AFG": "object"}
    answer = rules.decide("consensus", voters, positions)
    assert answer.value == "adopted"
    assert "SRB takes part as a partner, in an advisory capacity; it does not decide." in text(answer)
    assert "AFG attends as an observer; it does not decide." in text(answer)


def test_nobody_entitled():
    answer = rules.decide("consensus", [voter("SRB", "partner")], {"SRB": "agree"})
    assert answer.value == "pending"


def test_another_organizations_majority_rule():
    positions = {
        "ARM": "agree",
        "BLR": "agree",
        "KAZ": "agree",
        "KGZ": "agree",
        "RUS": "object",
        "TJK": "object",
    }
    assert rules.decide("majority", MEMBERS, positions).value == "adopted"
    assert rules.decide("qualified-majority", MEMBERS, positions).value == "adopted"
    positions["KGZ"] = "object"
    assert rules.decide("majority", MEMBERS, positions).value == "not-adopted"
    assert "3 of 6 members agree; 4 needed." in text(rules.decide("majority", MEMBERS, positions))


@given(st.dictionaries(st.sampled_from([voter.state for voter in MEMBERS]), st.sampled_from(rules.POSITIONS)))
def test_consensus_is_adopted_exactly_when_every_member_agrees(positions):
    answer = rules.decide("consensus", MEMBERS, positions)
    agreed = all(positions.get(voter.state) in ("agree", "reservation") for voter in MEMBERS)
    assert (answer.value == "adopted") is agreed
    settled = agreed or any(position in ("object", "abstain") for position in positions.values())
    assert (answer.value == "pending") is not settled


def measure(**values) -> rules.MeasureFacts:
    return rules.MeasureFacts(**{"deadline": D(2020, 12, 31), **values})


def test_measure_status_on_dates():
    planned = measure()
    assert rules.measure_status(planned, D(2020, 6, 1)).value == "planned"
    assert rules.measure_status(planned, D(2020, 12, 31)).value == "planned"
    assert rules.measure_status(planned, D(2021, 1, 1)).value == "overdue"
    reported = measure(progress_dates=(D(2020, 3, 1),))
    assert rules.measure_status(reported, D(2020, 2, 28)).value == "planned"
    assert rules.measure_status(reported, D(2020, 3, 1)).value == "under-way"
    done = measure(done_on=D(2021, 2, 1))
    assert rules.measure_status(done, D(2021, 1, 15)).value == "overdue"
    late = rules.measure_status(done, D(2021, 2, 1))
    assert late.value == "done" and text(late) == ["Done on 2021-02-01, after the deadline."]
    dropped = measure(dropped_on=D(2020, 5, 1))
    assert rules.measure_status(dropped, D(2022, 1, 1)).value == "dropped"
    assert rules.measure_status(measure(deadline=None), D(2030, 1, 1)).value == "planned"

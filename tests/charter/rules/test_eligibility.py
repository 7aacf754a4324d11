"""Whether a state may be granted a status, against the shipped CSTO charter."""

from __future__ import annotations

import datetime

import pytest

from accord.charter import rules

D = datetime.date


def rendered(answer) -> list[str]:
    """Reasons as English sentences."""
    return [reason.render() for reason in answer.reasons]


def criteria(answer) -> dict[str, str]:
    return {item["key"]: item["result"] for item in answer.value["criteria"]}


def test_serbia_as_observer_in_2020_is_not_eligible_because_statuses_not_in_force(facts):
    answer = rules.eligibility(facts, "SRB", "observer", D(2020, 5, 15))
    assert answer.value["answer"] == "not-eligible"
    assert criteria(answer) == {
        "un-member": "met",
        "relations-with-all-members": "unknown",
        "statuses-in-force": "not-met",
    }
    assert "Serbia is a member of the United Nations since 2000-11-01." in rendered(answer)


def test_a_suspended_member_cannot_become_a_partner(facts):
    answer = rules.eligibility(facts, "UZB", "partner", D(2022, 6, 1))
    assert answer.value["answer"] == "not-eligible"
    assert "already is participation suspended" in " ".join(rendered(answer))


def test_serbia_as_partner_in_2022_lists_missing_facts(facts):
    answer = rules.eligibility(facts, "SRB", "partner", D(2022, 6, 1))
    assert answer.value["answer"] == "undetermined"
    assert answer.value["missing"] == ["relations-with-all-members"]
    assert criteria(answer)["no-interstate-conflict"] == "met"
    text = rendered(answer)
    assert "Diplomatic relations between Serbia and Armenia: unknown (none recorded)." in text


def test_relations_recorded_make_serbia_eligible(facts):
    members = rules.members_on(facts, D(2022, 6, 1))
    relations = tuple(rules.Relation(frozenset({"SRB", code}), sources=("test",)) for code in members)
    with_relations = rules.CharterFacts(**{**facts.__dict__, "relations": relations})
    answer = rules.eligibility(with_relations, "SRB", "partner", D(2022, 6, 1))
    assert answer.value["answer"] == "eligible"


def test_armed_conflict_in_the_ucdp_data_bars_partnership(facts):
    # Russia and Ukraine fought an interstate conflict in 2022 (UCDP/PRIO ACD 23.1).
    answer = rules.eligibility(facts, "UKR", "partner", D(2022, 6, 1))
    assert criteria(answer)["no-interstate-conflict"] == "not-met"
    assert answer.value["answer"] == "not-eligible"
    assert any("interstate armed conflict" in text and "2022" in text for text in rendered(answer))


def test_conflict_data_end_in_2022(facts):
    answer = rules.eligibility(facts, "SRB", "partner", D(2024, 6, 1))
    assert criteria(answer)["no-interstate-conflict"] == "unknown"
    assert "The armed conflict data cover 1946–2022; nothing is known for 2023, 2024." in rendered(answer)


def test_a_non_un_member_is_not_eligible(facts):
    answer = rules.eligibility(facts, "TWN", "observer", D(2022, 6, 1))
    assert criteria(answer)["un-member"] == "not-met"
    assert answer.value["answer"] == "not-eligible"


def test_membership_criteria_are_unknown_until_recorded(facts):
    answer = rules.eligibility(facts, "SRB", "member", D(2022, 6, 1))
    assert answer.value["answer"] == "undetermined"
    assert answer.value["missing"] == ["shares-goals", "accepts-obligations"]


def test_a_member_cannot_become_an_observer(facts):
    answer = rules.eligibility(facts, "KAZ", "observer", D(2022, 6, 1))
    assert answer.value["answer"] == "not-eligible"


def test_unknown_status_is_refused(facts):
    with pytest.raises(ValueError, match="status must be one of"):
        rules.eligibility(facts, "SRB", "friend", D(2022, 6, 1))

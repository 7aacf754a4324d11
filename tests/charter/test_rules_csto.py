"""The rules against the shipped CSTO charter: every fact a rule uses, with its reasons."""

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


def test_statuses_instrument_not_in_force_on_2020_05_15(facts):
    answer = rules.instrument_status_on(facts, "partners-observers", D(2020, 5, 15))
    assert answer.value["in_force"] is False
    assert answer.value["missing"] == ["TJK"]
    assert "Tajikistan had not ratified it by 2020-05-15." in rendered(answer)
    assert "Uzbekistan's participation is suspended; its ratification is not required." in rendered(answer)


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

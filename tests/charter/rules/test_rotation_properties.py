"""Property-based tests of the rotation (hypothesis): every member takes its turn, in order."""

from __future__ import annotations

import datetime

from hypothesis import given
from hypothesis import strategies as st

from accord.charter import rules
from accord.core.answers import Bilingual

CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
names = st.text(alphabet=CYRILLIC, min_size=3, max_size=10).map(str.capitalize)


@st.composite
def organizations(draw, min_members: int = 2, max_members: int = 9):
    """Synthetic organizations: members with Russian names, maybe some suspended, one recorded chair."""
    count = draw(st.integers(min_members, max_members))
    member_names = draw(st.lists(names, min_size=count, max_size=count, unique_by=rules.collation_key))
    codes = [f"S{index:02d}" for index in range(count)]
    suspended = draw(st.sets(st.sampled_from(codes), max_size=count - 1))
    start = datetime.date(2000, 1, 1)
    statuses = tuple(
        rules.StatusSpan(code, rules.SUSPENDED if code in suspended else rules.MEMBER, start)
        for code in codes
    )
    states = {
        code: rules.StateInfo(code, Bilingual(name.upper(), name))
        for code, name in zip(codes, member_names, strict=True)
    }
    first_chair = draw(st.sampled_from([code for code in codes if code not in suspended]))
    rotation = rules.Rotation("chairmanship", "alphabetical", 1, "skip", "ru")
    facts = rules.CharterFacts(
        states=states,
        statuses=statuses,
        chairs={2010: rules.ChairRecord(2010, first_chair)},
        chair_rotation="chairmanship",
        rotations={"chairmanship": rotation, "sg": rules.Rotation("sg", "alphabetical", 3, "skip", "ru")},
        posts={"sg": rules.PostInfo("sg", Bilingual("SG"), "sg")},
        appointments=(
            rules.AppointmentRecord("sg", Bilingual("Someone"), first_chair, datetime.date(2010, 1, 1)),
        ),
    )
    active = sorted(
        (code for code in codes if code not in suspended),
        key=lambda code: rules.collation_key(states[code].name.ru),
    )
    return facts, active


@given(organizations())
def test_projected_chairs_cycle_through_active_members_in_alphabetical_order(drawn):
    facts, active = drawn
    chairs = [rules.chair_for_year(facts, year).value for year in range(2010, 2010 + 2 * len(active) + 1)]
    start = active.index(chairs[0])
    expected = [active[(start + step) % len(active)] for step in range(len(chairs))]
    assert chairs == expected


@given(organizations())
def test_every_active_member_chairs_once_in_any_window_of_n_years(drawn):
    facts, active = drawn
    window = [rules.chair_for_year(facts, year).value for year in range(2013, 2013 + len(active))]
    assert sorted(window) == sorted(active)


@given(organizations(), st.integers(2011, 2060))
def test_a_suspended_member_never_chairs_by_projection(drawn, year):
    facts, active = drawn
    answer = rules.chair_for_year(facts, year)
    assert answer.projected
    assert answer.value in active


@given(organizations(), st.integers(2011, 2040))
def test_a_recorded_chair_always_wins_over_the_projection(drawn, year):
    facts, active = drawn
    recorded = active[-1]
    facts = rules.CharterFacts(
        **{**facts.__dict__, "chairs": {**facts.chairs, year: rules.ChairRecord(year, recorded)}}
    )
    answer = rules.chair_for_year(facts, year)
    assert answer.value == recorded
    assert not answer.projected


@given(organizations(), st.dates(datetime.date(2013, 1, 1), datetime.date(2060, 12, 31)))
def test_projected_terms_are_contiguous_and_follow_the_rotation(drawn, on):
    facts, active = drawn
    answer = rules.post_holder_on(facts, "sg", on)
    holder = answer.value
    start = datetime.date.fromisoformat(holder["from"])
    end = datetime.date.fromisoformat(holder["until"])
    assert start <= on <= end
    assert start.month == 1 and start.day == 1 and (start.year - 2010) % 3 == 0
    assert end == datetime.date(start.year + 2, 12, 31)
    terms_since_record = (start.year - 2010) // 3
    first = active.index(facts.appointments[0].state)
    assert holder["state"] == active[(first + terms_since_record) % len(active)]


@given(organizations())
def test_rotation_order_is_the_russian_alphabet(drawn):
    facts, active = drawn
    rotation = facts.rotations["chairmanship"]
    order = rules.rotation_participants(facts, rotation, datetime.date(2020, 1, 1))
    assert order == active


def test_yo_sorts_after_ye():
    assert sorted(["Ёлка", "Ежевика", "Жук"], key=rules.collation_key) == ["Ежевика", "Ёлка", "Жук"]

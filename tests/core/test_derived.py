"""Derived data is at least as protected as every record it was computed from."""

from __future__ import annotations

from accord.core.derived import PUBLIC_LABELS, Labels, at_least, combined

EVERYONE, PARTNERS, MEMBERS, NAMED = "everyone", "members-and-partners", "members-only", "named-states"


def test_nothing_counted_is_public():
    assert combined([]) == PUBLIC_LABELS


def test_the_highest_classification_and_the_narrowest_release_win():
    assert combined([Labels(0, EVERYONE), Labels(3, MEMBERS), Labels(1, PARTNERS)]) == Labels(3, MEMBERS)
    assert combined([Labels(0, EVERYONE), Labels(1, PARTNERS)]) == Labels(1, PARTNERS)


def test_named_states_combine_into_the_states_named_in_every_record():
    first, second = Labels(2, NAMED, ",ARM,KAZ,"), Labels(1, NAMED, ",KAZ,RUS,")
    assert combined([first, second, Labels(0, EVERYONE)]) == Labels(2, NAMED, ",KAZ,")


def test_named_states_mixed_with_members_only_go_to_no_state():
    assert combined([Labels(1, NAMED, ",KAZ,"), Labels(1, MEMBERS)]) == Labels(1, NAMED, "")


def test_a_floor_raises_and_never_lowers():
    floor = Labels(1, PARTNERS)
    assert at_least(PUBLIC_LABELS, floor) == floor
    assert at_least(Labels(3, MEMBERS), floor) == Labels(3, MEMBERS)

"""The visibility rule as a pure function, and its agreement with the database filter."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from accord.accounts import rules

STATUSES = ["member", "partner", "observer", "suspended", "former", None]
RELEASES = sorted(rules.ALL_RELEASES)


def test_public_sees_only_public_records_for_everyone():
    public = rules.Profile("public")
    assert rules.may_see(public, None, rules.PUBLIC, rules.EVERYONE, [])
    assert not rules.may_see(public, None, rules.RESTRICTED, rules.EVERYONE, [])
    assert not rules.may_see(public, None, rules.PUBLIC, rules.MEMBERS_AND_PARTNERS, [])


def test_inactive_users_see_nothing():
    assert not rules.may_see(rules.Profile("body", rules.SECRET, active=False), None, 0, rules.EVERYONE, [])


@given(
    st.sampled_from(STATUSES),
    st.integers(0, 3),
    st.integers(0, 3),
    st.sampled_from(RELEASES),
    st.lists(st.sampled_from(["KAZ", "SRB", "ARM"]), max_size=3),
)
def test_a_state_user_never_sees_more_than_its_status_allows(status, clearance, level, releasability, named):
    profile = rules.Profile("state", clearance, "KAZ")
    seen = rules.may_see(profile, status, level, releasability, named)
    if seen:
        assert level <= clearance
        assert level <= rules.CLASSIFICATION_CAP_BY_STATUS[status]
        assert releasability in rules.RELEASES_BY_STATUS[status]
        assert releasability != rules.NAMED_STATES or "KAZ" in named


@given(st.sampled_from(STATUSES[1:]), st.integers(0, 3), st.sampled_from(RELEASES))
def test_becoming_a_member_never_hides_anything(status, level, releasability):
    profile = rules.Profile("state", rules.SECRET, "SRB")
    if rules.may_see(profile, status, level, releasability, ["SRB"]):
        assert rules.may_see(profile, "member", level, releasability, ["SRB"])


@pytest.mark.django_db
@pytest.mark.parametrize("status", STATUSES)
def test_the_database_filter_agrees_with_the_rule(status, actor):
    """Every label combination: the queryset filter and the pure rule give the same answer."""
    from accord.accounts.policy import visibility_q
    from accord.decisions.models import Document
    from accord.decisions.services import create_document

    for level, releasability, named in itertools.product(range(4), RELEASES, (["KAZ"], ["ARM"])):
        create_document(
            {
                "kind": "report",
                "title_en": f"{level}/{releasability}/{named[0]}",
                "date": "2022-01-01",
                "classification": level,
                "releasability": releasability,
                "release_to": named,
            },
            actor=actor,
        )
    for profile in (
        rules.Profile("state", rules.SECRET, "KAZ"),
        rules.Profile("body", rules.CONFIDENTIAL),
        rules.Profile("public"),
    ):
        visibility = rules.visibility(profile, status)
        in_database = set(
            Document.objects.filter(visibility_q(visibility)).values_list("title_en", flat=True)
        )
        by_rule = {
            document.title_en
            for document in Document.objects.all()
            if visibility.permits(document.classification, document.releasability, document.release_to_codes)
        }
        assert in_database == by_rule


PROFILES = st.one_of(
    st.builds(rules.Profile, st.just("body"), st.integers(0, 3)),
    st.builds(rules.Profile, st.just("state"), st.integers(0, 3), st.sampled_from(["KAZ", "SRB"])),
    st.just(rules.Profile("public")),
    st.just(rules.Profile("system")),
)


@given(PROFILES, st.sampled_from(STATUSES), PROFILES, st.sampled_from(STATUSES))
def test_sees_no_more_means_every_record_one_sees_the_other_sees_too(narrow, status, wide, other_status):
    narrower, wider = rules.visibility(narrow, status), rules.visibility(wide, other_status)
    labels = itertools.product(range(4), RELEASES, (["KAZ"], ["SRB"], []))
    missed = [label for label in labels if narrower.permits(*label) and not wider.permits(*label)]
    if rules.sees_no_more(narrower, wider):
        assert not missed
    elif not narrower.everything:
        assert missed, "refused although nothing would be gained"

"""Every user sees exactly what the policy allows, of every restricted model, on every channel.

The expected side is the pure rules (:mod:`tests.visibility.matrix`) applied to the labels each
record was given; the observed side is ``restrict()`` for every role × status × clearance, and every
page, export, API answer, count, feed, download and history page for one user per visibility class.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from tests.visibility.declarations import DECLARATIONS

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("declaration", DECLARATIONS, ids=lambda declaration: declaration.key)
def test_restrict_admits_exactly_what_the_rules_allow_for_every_role_status_and_clearance(
    harness, declaration
):
    model = apps.get_model(declaration.label)
    records = harness.world.records[declaration.key]
    assert records, f"{declaration.key}: the harness made no record"
    markers = {record.pk: record.marker for record in records}
    wrong = []
    for combo in declaration.combos():
        user = harness.world.users.get(combo.username) or AnonymousUser()
        if declaration.whole_table:  # counted, not listed (thousands of rows)
            seen, expected = model._default_manager.restrict(user).count(), model._default_manager.count()
        else:
            admitted = model._default_manager.restrict(user).filter(pk__in=markers).values_list("pk", flat=True)
            seen, expected = {markers[pk] for pk in admitted}, declaration.expected(combo, records)
        if seen != expected:
            wrong.append(f"{combo.username}: sees {sorted_or_count(seen)}, the policy allows {sorted_or_count(expected)}")
    assert not wrong, "\n".join(wrong)


def sorted_or_count(found: set[str] | int) -> object:
    return sorted(found) if isinstance(found, set) else found


def channel_cases():
    for declaration in DECLARATIONS:
        for channel in declaration.channels:
            for user_class in declaration.classes():
                yield pytest.param(
                    declaration, channel, user_class, id=f"{declaration.key}:{channel.name}:{user_class.name}"
                )


@pytest.mark.parametrize(("declaration", "channel", "user_class"), list(channel_cases()))
def test_each_channel_shows_each_user_exactly_what_the_policy_allows(
    harness, declaration, channel, user_class, request
):
    records = harness.world.records[declaration.key][: channel.first]
    combo = user_class.representative
    expected = declaration.expected(combo, records)
    assert all(declaration.expected(member, records) == expected for member in user_class.members)
    gap = declaration.gaps.get(channel.name)
    if gap and expected:
        request.applymarker(pytest.mark.xfail(strict=True, reason=gap))
    seen = channel.seen(harness.browser(combo), records)
    if isinstance(seen, int):
        assert seen == len(expected), f"{channel.name} counts {seen}, the policy allows {len(expected)}"
    else:
        assert seen == expected, f"{channel.name}: leaked {sorted(seen - expected)}, missing {sorted(expected - seen)}"

"""Every user sees exactly what the policy allows, of every restricted model, on every channel.

The expected side is the pure rules (:mod:`tests.visibility.matrix`) applied to the labels each
record was given; the observed side is ``restrict()`` for every role × status × clearance, and every
page, export, API answer, count, feed, download and history page for one user per visibility class.

History pages cost most of a second each (the change records' filter is built per request): by default
each model's history is opened for a sample (a record some class may see, and one it may not) while
the change records behind every history page are checked for every record and class in one query per
class; ``ACCORD_VISIBILITY_FULL=1`` opens every history page for every class.
"""

from __future__ import annotations

import os

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser

from accord.core.access import SYSTEM_USER
from accord.core.models import ChangeRecord
from tests.visibility.channels import Channel
from tests.visibility.declaration import Declaration
from tests.visibility.declarations import DECLARATIONS
from tests.visibility.matrix import RULES_STATUS, STATE_OF_STATUS, Combo, UserClass
from tests.visibility.world import Record

pytestmark = pytest.mark.django_db
FULL = os.environ.get("ACCORD_VISIBILITY_FULL") == "1"


def sorted_or_count(found: set[str] | int) -> object:
    return sorted(found) if isinstance(found, set) else found


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
            admitted = (
                model._default_manager.restrict(user).filter(pk__in=markers).values_list("pk", flat=True)
            )
            seen, expected = {markers[pk] for pk in admitted}, declaration.expected(combo, records)
        if seen != expected:
            wrong.append(
                f"{combo.username}: sees {sorted_or_count(seen)}, the policy allows {sorted_or_count(expected)}"
            )
    assert not wrong, "\n".join(wrong)


def described(harness) -> dict[tuple[str, str], tuple[Declaration, Record]]:
    """Every harness record that has change records, by (object type, object id)."""
    records = {
        (declaration.label, str(record.pk)): (declaration, record)
        for declaration in DECLARATIONS
        if declaration.label != "core.changerecord"
        for record in harness.world.records[declaration.key][: 2 if declaration.whole_table else None]
    }
    recorded = ChangeRecord.objects.restrict(SYSTEM_USER).filter(
        object_type__in={label for label, _ in records}
    )
    keys = set(recorded.values_list("object_type", "object_id"))
    return {key: found for key, found in records.items() if key in keys}


def test_the_change_records_behind_every_history_page_are_seen_exactly_as_their_record(harness):
    """One query per user checked on the channels: the change records of every harness record."""
    records = described(harness)
    wrong = []
    for username in harness.browsers:
        combo = next(
            combo
            for declaration in DECLARATIONS
            for combo in declaration.combos()
            if combo.username == username
        )
        user = harness.world.users.get(username) or AnonymousUser()
        shown = ChangeRecord.objects.restrict(user).filter(object_type__in={label for label, _ in records})
        seen = set(shown.values_list("object_type", "object_id")) & records.keys()
        expected = {key for key, (declaration, record) in records.items() if declaration.sees(combo, record)}
        if seen != expected:
            wrong.append(f"{username}: leaked {sorted(seen - expected)}, missing {sorted(expected - seen)}")
    assert not wrong, "\n".join(wrong)


def channel_cases():
    for declaration in DECLARATIONS:
        for channel in declaration.channels:
            if channel.costly and not FULL:
                yield pytest.param(declaration, channel, None, id=f"{declaration.key}:{channel.name}:sample")
                continue
            for user_class in declaration.classes():
                yield pytest.param(
                    declaration, channel, user_class, id=f"{declaration.key}:{channel.name}:{user_class.name}"
                )


def sample(declaration: Declaration, records: list[Record]) -> list[tuple[Combo, list[Record]]]:
    """A record some class may see and one another class may not (rotating over the classes)."""
    user_classes = declaration.classes()
    start = sum(map(ord, declaration.key))
    chosen: dict[bool, tuple[Combo, list[Record]]] = {}
    for step in range(len(user_classes) * len(records)):
        combo = user_classes[(start + step) % len(user_classes)].representative
        record = records[(start + step * 7) % len(records)]
        chosen.setdefault(declaration.sees(combo, record), (combo, [record]))
    return list(chosen.values())


def check(harness, declaration: Declaration, channel: Channel, combo: Combo, records: list[Record]) -> str:
    """What is wrong with what ``channel`` shows ``combo`` of ``records`` ("" when exactly right)."""
    closed = channel.login_required and combo.role is None
    expected = set() if closed else declaration.expected(combo, records)
    seen = channel.seen(harness.browser(combo), records)
    if isinstance(seen, int):
        ok = seen == len(expected)
    elif channel.cap is not None:
        ok = seen <= expected and len(seen) == min(channel.cap, len(expected))
    else:
        ok = seen == expected
    if ok:
        return ""
    if isinstance(seen, int):
        return f"{combo.username}: {channel.name} counts {seen}, the policy allows {len(expected)}"
    return f"{combo.username}: {channel.name} leaked {sorted(seen - expected)}, missing {sorted(expected - seen)}"


@pytest.mark.parametrize(("declaration", "channel", "user_class"), list(channel_cases()))
def test_each_channel_shows_each_user_exactly_what_the_policy_allows(
    harness, declaration: Declaration, channel: Channel, user_class: UserClass | None, request
):
    records = harness.world.records[declaration.key][: channel.first]
    if user_class is None:
        cases = sample(declaration, records)
    else:
        members = {
            declaration.expected(member, records) == declaration.expected(user_class.representative, records)
            for member in user_class.members
        }
        assert members == {True}, "a class holds users the policy tells apart"
        cases = [(user_class.representative, records)]
    gap = declaration.gaps.get(channel.name)
    if gap and any(declaration.expected(combo, shown) for combo, shown in cases):
        request.applymarker(pytest.mark.xfail(strict=True, reason=gap))
    wrong = [
        problem for combo, shown in cases if (problem := check(harness, declaration, channel, combo, shown))
    ]
    assert not wrong, "\n".join(wrong)


def test_each_harness_state_holds_the_status_the_expected_table_assumes(harness):
    from accord.accounts.policy import status_on

    for status, state in STATE_OF_STATUS.items():
        if state is not None:
            assert status_on(state, harness.world.today) == RULES_STATUS[status], state

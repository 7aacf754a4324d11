"""The charter file's ``status_kinds``: loaded, read by the rules and by the access policy, and
changed by editing one line of the file."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from accord.accounts.policy import visibility_for
from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.charter.loader import CharterFileError, load_charter, read_charter, resolve_charter_path
from accord.core.audit import Actor
from accord.core.labels import Classification, StatusPower
from tests.accounts.helpers import make_user

pytestmark = pytest.mark.django_db
CSTO = resolve_charter_path("csto")
FROZEN_LINE = "    may: []\n    member_state: true\n    note: >-\n      Armenia said"
MARCH_2024 = datetime.date(2024, 3, 1)


def edited_charter(tmp_path: Path, old: str, new: str) -> Path:
    text = CSTO.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "charter.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def freeze_armenia() -> None:
    """Armenia's freeze as a person would record it (the file does not list it)."""
    armenia = charter.State.objects.get(code="ARM")
    member = charter.StateStatus.objects.get(state=armenia, status="member", valid_to__isnull=True)
    member.valid_to = datetime.date(2024, 2, 22)
    member.save()
    charter.StateStatus.objects.create(state=armenia, status="frozen", valid_from=datetime.date(2024, 2, 22))


def test_the_shipped_file_defines_every_status_it_gives():
    kinds = {item.key: item for item in charter.StatusKind.objects.all()}
    assert set(kinds) == {"member", "suspended", "frozen", "observer", "partner", "former"}
    assert kinds["frozen"].powers == [] and kinds["frozen"].member_state
    assert kinds["frozen"].source_keys == ["arm-2024-02-22"]
    assert kinds["member"].sees_up_to == Classification.SECRET
    assert load_facts().kind("partner").powers == {StatusPower.ATTEND, StatusPower.SPEAK}


def test_a_one_line_edit_of_the_file_changes_what_the_rules_allow(tmp_path):
    freeze_armenia()
    assert "ARM" not in rules.members_on(load_facts(), MARCH_2024)
    edited = edited_charter(tmp_path, FROZEN_LINE, FROZEN_LINE.replace("may: []", "may: [decide, attend]"))
    load_charter(edited, actor=Actor.system("test"))
    assert charter.StatusKind.objects.get(key="frozen").powers == ["attend", "decide"]
    facts = load_facts()
    assert "ARM" in rules.members_on(facts, MARCH_2024)
    assert rules.capacity_on(facts, "ARM", MARCH_2024).value == "frozen"


def test_a_file_that_gives_a_status_it_does_not_define_is_refused(tmp_path):
    edited = edited_charter(
        tmp_path, "  former:\n    name: {en: former member", "  gone:\n    name: {en: former member"
    )
    with pytest.raises(CharterFileError) as caught:
        read_charter(edited)
    assert "status_kinds" in str(caught.value)


def test_the_users_of_a_frozen_member_see_what_the_file_lets_that_status_see(tmp_path):
    freeze_armenia()
    liaison = make_user("arm-liaison", "liaison-officer", state="ARM", clearance=Classification.SECRET)
    frozen = visibility_for(liaison, MARCH_2024)
    assert frozen.max_classification == Classification.PUBLIC
    assert frozen.permits(Classification.PUBLIC, "named-states", ["ARM"])  # released to it by name
    assert not frozen.permits(Classification.PUBLIC, "members-only", [])
    member = visibility_for(liaison, datetime.date(2024, 2, 1))
    assert member.max_classification == Classification.SECRET


def test_the_file_decides_whether_named_releases_stay_visible(tmp_path):
    freeze_armenia()
    old = "    may: []\n    member_state: true\n"
    edited = edited_charter(tmp_path, old, old + "    sees: {keeps_named_releases: false}\n")
    load_charter(edited, actor=Actor.system("test"))
    liaison = make_user("arm-reader", "reader", state="ARM")
    assert not visibility_for(liaison, MARCH_2024).permits(Classification.PUBLIC, "named-states", ["ARM"])


def test_a_status_the_file_grants_against_the_admission_criteria_is_reported_with_its_line(tmp_path):
    row = "  - {state: VAT, status: observer, from: 2022-01-01, sources: [seed-002]}\n"
    edited = edited_charter(
        tmp_path,
        "\n# What each status lets a state do.",
        "\n" + row + "\n# What each status lets a state do.",
    )
    report = load_charter(edited, actor=Actor.system("test"))
    line = edited.read_text(encoding="utf-8").splitlines().index(row.rstrip("\n")) + 1
    assert len(report.rule_warnings) == 1
    warning = report.rule_warnings[0]
    assert warning.startswith(
        f"charter.yaml:{line}: statuses: VAT observer from 2022-01-01: the admission criteria refuse it:"
    )
    assert "override" in warning
    assert charter.StateStatus.objects.filter(
        state__code="VAT", status="observer"
    ).exists()  # history is kept


def test_an_override_in_the_file_says_why_a_refused_status_stands(tmp_path):
    row = "  - {state: VAT, status: observer, from: 2022-01-01, override: granted by the Council, sources: [seed-002]}\n"
    edited = edited_charter(
        tmp_path,
        "\n# What each status lets a state do.",
        "\n" + row + "\n# What each status lets a state do.",
    )
    report = load_charter(edited, actor=Actor.system("test"))
    assert report.rule_warnings == []
    assert charter.StateStatus.objects.get(state__code="VAT").override_reason == "granted by the Council"

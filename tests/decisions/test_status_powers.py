"""Decisions follow what the charter file lets each status do: a member that has frozen its
participation neither takes part nor blocks a consensus, and the outcome says so; editing the
file's line for that status changes the outcome."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from accord.charter.loader import load_charter, resolve_charter_path
from accord.charter.models import Body, State
from accord.charter.status_changes import StatusChange, record_status
from accord.core.answers import Bilingual
from accord.core.audit import Actor
from accord.decisions import rules
from accord.decisions.services import SessionError, add_agenda_item, create_session, decide_agenda_item

pytestmark = pytest.mark.django_db
SYSTEM = Actor.system("tests")
OTHERS = ["BLR", "KAZ", "KGZ", "RUS", "TJK"]
FROZEN_LINE = "    may: []\n    member_state: true\n    note: >-\n      Armenia said"


def freeze_armenia() -> None:
    change = StatusChange(
        State.objects.get(code="ARM"), "frozen", datetime.date(2024, 2, 22), "France 24", "froze"
    )
    record_status(change, actor=SYSTEM)


def session_in_2024(codes: list[str]):
    values = {
        "body": Body.objects.get(key="cmfa"),
        "title_en": "Session after the freeze",
        "date": datetime.date(2024, 11, 28),
        "classification": 0,
        "releasability": "everyone",
    }
    return create_session(values, list(State.objects.filter(code__in=codes)), actor=SYSTEM)


def test_the_five_others_decide_by_consensus_without_armenia_and_the_outcome_says_why():
    freeze_armenia()
    with pytest.raises(SessionError):
        session_in_2024([*OTHERS, "ARM"])  # a frozen member has no seat
    session = session_in_2024(OTHERS)
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    answer = decide_agenda_item(item, {code: ("agree", "") for code in OTHERS}, actor=SYSTEM)
    assert answer.value == rules.ADOPTED
    texts = [reason.render() for reason in answer.reasons]
    assert (
        "Armenia (participation frozen by the state) does not take part: the charter file does not let "
        "that status decide or block a consensus, so the decision is taken without it."
    ) in texts
    assert "All 5 members entitled to decide agree: adopted by consensus." in texts


def test_a_one_line_edit_lets_a_frozen_member_sit_and_block(tmp_path: Path):
    text = resolve_charter_path("csto").read_text(encoding="utf-8")
    edited = tmp_path / "charter.yaml"
    edited.write_text(
        text.replace(FROZEN_LINE, FROZEN_LINE.replace("may: []", "may: [attend, decide, block-consensus]")),
        encoding="utf-8",
    )
    load_charter(edited, actor=SYSTEM)
    freeze_armenia()
    session = session_in_2024([*OTHERS, "ARM"])
    item = add_agenda_item(session, "Joint statement", actor=SYSTEM)
    positions = {code: ("agree", "") for code in OTHERS} | {"ARM": ("object", "")}
    assert decide_agenda_item(item, positions, actor=SYSTEM).value == rules.NOT_ADOPTED


def test_an_objection_without_the_power_to_block_does_not_block():
    voters = [
        rules.Voter("AAA", Bilingual("A", "А"), "member"),
        rules.Voter("BBB", Bilingual("B", "Б"), "frozen", frozenset({"decide"})),
    ]
    answer = rules.decide("consensus", voters, {"AAA": "agree", "BBB": "object"})
    assert answer.value == rules.ADOPTED
    assert "B objects, but the charter file does not let its status block a consensus." in [
        reason.render() for reason in answer.reasons
    ]

"""How chairmanships and posts pass between member states, and who chairs in a year."""

from __future__ import annotations

import datetime
from typing import Any

from accord.charter.rules.facts import CharterFacts, Rotation
from accord.charter.rules.statuses import status_phrase, status_span_on
from accord.core.answers import Answer, Phrase, Reason, gettext_noop
from accord.core.labels import StatusPower


def collation_key(name: str) -> str:
    """Alphabetical sort key; Russian Ё sorts right after Е, as in the alphabet."""
    return name.casefold().replace("ё", "е\uffff")


def rotation_sort_key(facts: CharterFacts, rotation: Rotation, code: str) -> tuple:
    """Where a state stands in a rotation's order."""
    if rotation.order_kind == "explicit":
        order = list(rotation.explicit_order)
        return (order.index(code) if code in order else len(order), code)
    name = facts.name(code)
    text = name.ru if rotation.order_language == "ru" and name.ru else name.en
    return (collation_key(text), code)


def rotation_power(facts: CharterFacts, rotation: Rotation) -> str:
    """The power a turn in this rotation needs: to chair, or to put forward a post's holder."""
    return StatusPower.CHAIR if rotation.key == facts.chair_rotation else StatusPower.SECRETARY_GENERAL


def rotation_participants(facts: CharterFacts, rotation: Rotation, on: datetime.date) -> list[str]:
    """The states that take turns on a date, in rotation order: those whose status gives the turn's
    power (the charter file says which), and every party to the Treaty where the rotation keeps the
    turn of a member not taking part."""
    keep = rotation.when_suspended == "keep"
    codes = facts.holding(rotation_power(facts, rotation), on, member_state=keep)
    if rotation.order_kind == "explicit":
        codes = [code for code in codes if code in rotation.explicit_order]
    return sorted(codes, key=lambda code: rotation_sort_key(facts, rotation, code))


def next_in_rotation(facts: CharterFacts, rotation: Rotation, current: str, on: datetime.date) -> str | None:
    """The state whose turn follows ``current``'s, among those taking turns on ``on``."""
    participants = rotation_participants(facts, rotation, on)
    if not participants:
        return None
    current_key = rotation_sort_key(facts, rotation, current)
    for code in participants:
        if rotation_sort_key(facts, rotation, code) > current_key:
            return code
    return participants[0]


def skipped_between(
    facts: CharterFacts, rotation: Rotation, previous: str, chosen: str, on: datetime.date
) -> list[str]:
    """Parties to the Treaty passed over between two turns because their status (suspended, or
    participation frozen) does not give them the turn."""
    if rotation.when_suspended != "skip":
        return []
    low = rotation_sort_key(facts, rotation, previous)
    high = rotation_sort_key(facts, rotation, chosen)
    taking_turns = set(facts.holding(rotation_power(facts, rotation), on))
    suspended = [code for code in facts.holding("", on, member_state=True) if code not in taking_turns]
    passed = []
    for code in suspended:
        key = rotation_sort_key(facts, rotation, code)
        if (low < key < high) if low < high else (key > low or key < high):
            passed.append(code)
    return passed


def skipped_reason(facts: CharterFacts, code: str, year: int, on: datetime.date) -> Reason:
    """Why a party to the Treaty loses its turn: what the charter file lets its status do."""
    span = status_span_on(facts, code, on)
    status = span.status if span else None
    return Reason(
        gettext_noop("%(state)s is skipped in %(year)s: its status (%(status)s) gives it no turn."),
        {"state": facts.name(code), "year": year, "status": status_phrase(status or "none")},
        facts.kind(status).sources,
    )


def rotation_description(rotation: Rotation) -> Reason:
    """A sentence describing the rotation rule."""
    if rotation.order_kind == "explicit":
        order = gettext_noop("in the order %(order)s")
        params: dict[str, Any] = {"order": ", ".join(rotation.explicit_order)}
    elif rotation.order_language == "ru":
        order = gettext_noop("in alphabetical order of the states' Russian names")
        params = {}
    else:
        order = gettext_noop("in alphabetical order of the states' English names")
        params = {}
    if rotation.when_suspended == "skip":
        suspended = gettext_noop("a member whose participation is suspended is skipped")
    else:
        suspended = gettext_noop("a member whose participation is suspended keeps its turn")
    return Reason(
        gettext_noop(
            "Rotation rule: terms of %(years)s year(s) pass between member states %(order)s; %(suspended)s."
        ),
        {"years": rotation.term_years, "order": Phrase(order, params), "suspended": Phrase(suspended, {})},
        rotation.sources,
    )


def chair_for_year(facts: CharterFacts, year: int) -> Answer:
    """The chair for a year: as recorded, else projected by the rotation from the last recorded one."""
    recorded = facts.chairs.get(year)
    if recorded:
        return Answer(
            recorded.state,
            (
                Reason(
                    gettext_noop("%(state)s chairs in %(year)s (recorded)."),
                    {"state": facts.name(recorded.state), "year": year},
                    recorded.sources,
                ),
            ),
        )
    earlier = [known for known in facts.chairs if known < year]
    rotation = facts.rotations.get(facts.chair_rotation or "")
    if not earlier or rotation is None:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop(
                        "No chairmanship is recorded for %(year)s, nor one before it to project from."
                    ),
                    {"year": year},
                ),
            ),
        )
    last = facts.chairs[max(earlier)]
    reasons = [
        Reason(
            gettext_noop("The last recorded chair before %(year)s: %(state)s in %(last)s."),
            {"year": year, "state": facts.name(last.state), "last": last.year},
            last.sources,
        ),
        rotation_description(rotation),
    ]
    current = last.state
    for step_year in range(last.year + 1, year + 1):
        on = datetime.date(step_year, rotation.term_starts[0], rotation.term_starts[1])
        following = next_in_rotation(facts, rotation, current, on)
        if following is None:
            reasons.append(
                Reason(gettext_noop("No member state takes turns in %(year)s."), {"year": step_year})
            )
            return Answer(None, tuple(reasons), projected=True)
        for passed in skipped_between(facts, rotation, current, following, on):
            reasons.append(skipped_reason(facts, passed, step_year, on))
        if step_year < year:
            reasons.append(
                Reason(
                    gettext_noop("%(year)s: %(state)s (projected)."),
                    {"year": step_year, "state": facts.name(following)},
                )
            )
        current = following
    reasons.append(
        Reason(
            gettext_noop("%(state)s chairs in %(year)s (projected by the rotation rule)."),
            {"state": facts.name(current), "year": year},
        )
    )
    return Answer(current, tuple(reasons), projected=True)

"""Whether a new chair or a new appointment keeps the charter's turns, asked before it is recorded.

A chair for a year must be the state the rotation projects from the chairs recorded before that
year, and its status must give it the power to chair. An appointment to a post that follows a
rotation (the Secretary General) must come from the state whose turn it is, projected from the
appointments recorded before it; an acting holder fills a gap and takes no turn, but still comes
from a state whose status gives the turn's power. A post without a rotation is held by a national
of a member state whose status lets it decide. What each status may do is the charter file's.
"""

from __future__ import annotations

import dataclasses
import datetime

from accord.charter.rules.facts import CharterFacts
from accord.charter.rules.posts import post_holder_on
from accord.charter.rules.rotation import chair_for_year, rotation_power
from accord.charter.rules.statuses import power_phrase, status_of, status_phrase
from accord.core.answers import Answer, Reason, gettext_noop
from accord.core.labels import StatusPower


def power_check(facts: CharterFacts, code: str, power: str, on: datetime.date) -> Answer:
    """Whether the state's status on ``on`` gives ``power``: True or False, with its status as the
    reason and, when refused, what the charter file says that status may not do."""
    status = status_of(facts, code, on)
    kind = facts.kind(status.value)
    if kind.may(power):
        return Answer(True, status.reasons)
    reason = Reason(
        gettext_noop(
            "%(state)s is %(status)s on %(date)s: the charter file does not let that status %(power)s."
        ),
        {
            "state": facts.name(code),
            "status": status_phrase(status.value or "none"),
            "date": on.isoformat(),
            "power": power_phrase(power),
        },
        kind.sources,
    )
    return Answer(False, (*status.reasons, reason))


def chair_term_start(facts: CharterFacts, year: int) -> datetime.date:
    """The day a year's chairmanship starts (the rotation says; 1 January without one)."""
    rotation = facts.rotations.get(facts.chair_rotation or "")
    month, day = rotation.term_starts if rotation else (1, 1)
    return datetime.date(year, month, day)


def chair_turn(facts: CharterFacts, code: str, year: int) -> Answer:
    """Whether ``code`` may be recorded as the chair for ``year``: its status gives it the chair,
    and the rotation, projected from the chairs recorded before that year, makes it its turn."""
    power = power_check(facts, code, StatusPower.CHAIR, chair_term_start(facts, year))
    earlier = dataclasses.replace(facts, chairs={y: c for y, c in facts.chairs.items() if y < year})
    projected = chair_for_year(earlier, year)
    reasons = [*power.reasons, *projected.reasons]
    if projected.value is None or projected.value == code:
        return Answer(power.value, tuple(reasons))
    reasons.append(
        Reason(
            gettext_noop("%(state)s is out of turn in %(year)s: the rotation gives the chair to %(turn)s."),
            {"state": facts.name(code), "year": year, "turn": facts.name(projected.value)},
        )
    )
    return Answer(False, tuple(reasons))


def appointment_turn(
    facts: CharterFacts, post_key: str, code: str, start: datetime.date, *, acting: bool = False
) -> Answer:
    """Whether a national of ``code`` may be recorded in the post from ``start``: the state's status
    gives the post's power, and for a full term of a rotating post it is that state's turn."""
    post = facts.posts.get(post_key)
    if post is None:
        return Answer(False, (Reason(gettext_noop("No post %(post)s is recorded."), {"post": post_key}),))
    rotation = facts.rotations.get(post.rotation or "")
    power = power_check(
        facts, code, rotation_power(facts, rotation) if rotation else StatusPower.DECIDE, start
    )
    if rotation is None or acting:
        return power
    earlier = dataclasses.replace(
        facts,
        appointments=tuple(
            item for item in facts.appointments if not (item.post == post_key and item.start >= start)
        ),
    )
    holder = post_holder_on(earlier, post_key, start)
    reasons = [*power.reasons, *holder.reasons]
    turn = holder.value["state"] if holder.value else None
    if turn is None or turn == code:
        return Answer(power.value, tuple(reasons))
    reasons.append(
        Reason(
            gettext_noop("%(state)s is out of turn for %(post)s on %(date)s: it is %(turn)s's turn."),
            {
                "state": facts.name(code),
                "post": post.name,
                "date": start.isoformat(),
                "turn": facts.name(turn),
            },
        )
    )
    return Answer(False, tuple(reasons))

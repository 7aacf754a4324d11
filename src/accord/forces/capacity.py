"""In what capacity a state takes part in a joint training or a joint operation, from the charter.

The charter file says which rights each status gives (``rights:``) and what each status may do
(``status_kinds: … may:``). A state's capacity in an activity over its dates follows from both:

- **participant** when its status gives a right that covers the activity — ``full-participation``
  (members) or the activity's own right (``join-trainings``, ``join-operations``: partners);
- **observer** when its status may ``attend`` (observers; a member whose participation is suspended,
  as the CSTO file reads it) — only for trainings, the events an observer is invited to;
- **refused** otherwise (no status, a frozen member, a former member), with the rule that refuses.

A status that changes during the activity counts on each of its days: the capacity is the narrowest
held on any day (checked on the first day and on each day a new status starts within the dates).
Nothing here is hard-coded per status: edit the charter file's rights or ``may`` line and the
capacities follow.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum

from accord.charter import models as charter
from accord.charter import rules
from accord.charter.facts import load_facts
from accord.core.access import SYSTEM_USER
from accord.core.answers import Answer, Reason, gettext_noop
from accord.core.labels import StatusPower

FULL_PARTICIPATION = "full-participation"


class Activity(StrEnum):
    """What a state takes part in, each with the charter right that lets a non-member take part."""

    TRAININGS = "trainings"
    OPERATIONS = "operations"

    @property
    def right(self) -> str:
        """The right (besides full participation) that lets a status take part."""
        return {Activity.TRAININGS: "join-trainings", Activity.OPERATIONS: "join-operations"}[self]

    @property
    def observable(self) -> bool:
        """Whether a state may attend it as an observer (trainings are events held in the format of
        the Organization, which observers attend; operations are agencies' work, with no observers)."""
        return self is Activity.TRAININGS


class Capacity(StrEnum):
    """How a state takes part."""

    PARTICIPANT = "participant"
    OBSERVER = "observer"


RANK = {None: 0, Capacity.OBSERVER: 1, Capacity.PARTICIPANT: 2}


@dataclass(frozen=True)
class CharterRights:
    """The rights each status gives, as the charter file says (status → right keys)."""

    by_status: Mapping[str, frozenset[str]]

    def of(self, status: str | None) -> frozenset[str]:
        return self.by_status.get(status or "", frozenset())


def load_rights() -> CharterRights:
    """The rights table of the charter as recorded (the open regulatory framework)."""
    found: dict[str, set[str]] = {}
    for status, key in charter.StatusRight.objects.restrict(SYSTEM_USER).values_list("status", "key"):
        found.setdefault(status, set()).add(key)
    return CharterRights({status: frozenset(keys) for status, keys in found.items()})


def capacity_on_day(
    facts: rules.CharterFacts, rights: CharterRights, code: str, on: datetime.date, activity: Activity
) -> Answer:
    """A state's capacity on one day: participant, observer or None, with the rule that says so."""
    status = rules.status_of(facts, code, on)
    name = facts.name(code)
    if status.value is None:
        return status
    held = rights.of(status.value)
    phrase = rules.status_phrase(status.value)
    kind = facts.kind(status.value)
    params = {"state": name, "status": phrase, "date": on.isoformat()}
    granting = sorted(held & {FULL_PARTICIPATION, activity.right})
    if granting:
        reason = Reason(
            gettext_noop(
                "As %(status)s on %(date)s, %(state)s takes part: the charter gives it the right %(right)s."
            ),
            {**params, "right": granting[0]},
            kind.sources,
        )
        return Answer(Capacity.PARTICIPANT, (*status.reasons, reason))
    if activity.observable and kind.may(StatusPower.ATTEND):
        reason = Reason(
            gettext_noop(
                "As %(status)s on %(date)s, %(state)s may attend as an observer: the charter gives that "
                "status neither %(full)s nor %(right)s, but lets it attend."
            ),
            {**params, "full": FULL_PARTICIPATION, "right": activity.right},
            kind.sources,
        )
        return Answer(Capacity.OBSERVER, (*status.reasons, reason))
    reason = Reason(
        gettext_noop(
            "As %(status)s on %(date)s, %(state)s cannot take part: the charter gives that status neither "
            "%(full)s nor %(right)s."
        ),
        {**params, "full": FULL_PARTICIPATION, "right": activity.right},
        kind.sources,
    )
    return Answer(None, (*status.reasons, reason))


def days_to_check(
    facts: rules.CharterFacts, code: str, start: datetime.date, end: datetime.date
) -> list[datetime.date]:
    """The first day, and each day within the dates on which a new status of the state begins."""
    days = {start}
    for span in facts.statuses:
        if span.state == code and span.start and start < span.start <= end:
            days.add(span.start)
    return sorted(days)


def capacity_over(
    facts: rules.CharterFacts,
    rights: CharterRights,
    code: str,
    start: datetime.date,
    end: datetime.date | None,
    activity: Activity,
) -> Answer:
    """The narrowest capacity a state holds on any day from ``start`` to ``end``, with its reasons."""
    answers = [
        capacity_on_day(facts, rights, code, day, activity)
        for day in days_to_check(facts, code, start, end or start)
    ]
    return min(answers, key=lambda answer: RANK[answer.value])


def capacity(code: str, start: datetime.date, end: datetime.date | None, activity: Activity) -> Answer:
    """A state's capacity in an activity over its dates, from the recorded charter."""
    return capacity_over(load_facts(), load_rights(), code, start, end, activity)


def admits(answer: Answer, wanted: Capacity) -> bool:
    """Whether a capacity answer lets a state take part as ``wanted`` (a participant may also be
    recorded as an observer, never the other way round)."""
    return RANK[answer.value] >= RANK[wanted] > 0

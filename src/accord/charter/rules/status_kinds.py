"""What each status lets a state do: data from the charter file, read by every rule.

A charter file declares, for each status, its powers (decide, block a consensus, count for a
quorum, speak, attend, chair, take a turn for the Secretary General, be awaited for a ratification),
whether a state holding it is still a party to the Treaty, and what its users may see. The rules ask
this table instead of naming statuses, so that changing what a status may do is one line of the file.

:data:`DEFAULT_KINDS` is the reading Accord ships with (the same as the CSTO file's): it answers
when no file has declared the kinds yet (facts built by hand, a database loaded before the table
existed).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accord.core.answers import Bilingual
from accord.core.labels import Classification, Releasability, StateStatus, StatusPower

EVERYONE, MEMBERS_AND_PARTNERS, MEMBERS_ONLY, NAMED_STATES = Releasability


@dataclass(frozen=True)
class StatusKind:
    """A status as the charter file defines it."""

    key: str
    name: Bilingual
    powers: frozenset[str] = frozenset()
    member_state: bool = False  # a party to the Treaty (a member, suspended or not taking part)
    sees_up_to: int = Classification.PUBLIC  # the highest classification its users may see
    sees_releases: frozenset[str] = frozenset({EVERYONE})
    keeps_named_releases: bool = True  # records released to the state by name stay visible
    note: str = ""
    sources: tuple[str, ...] = ()

    def may(self, power: str) -> bool:
        """Whether this status gives ``power``."""
        return power in self.powers

    @property
    def releases(self) -> frozenset[str]:
        """The releasabilities its users see (released by name only where the state is named)."""
        return self.sees_releases | ({NAMED_STATES} if self.keeps_named_releases else frozenset())


ALL_POWERS = frozenset(StatusPower)
DEFAULT_KINDS: dict[str, StatusKind] = {
    kind.key: kind
    for kind in (
        StatusKind(
            StateStatus.MEMBER,
            Bilingual("member", "государство-член"),
            ALL_POWERS,
            member_state=True,
            sees_up_to=Classification.SECRET,
            sees_releases=frozenset({EVERYONE, MEMBERS_AND_PARTNERS, MEMBERS_ONLY}),
        ),
        StatusKind(
            StateStatus.SUSPENDED,
            Bilingual("participation suspended", "участие приостановлено"),
            frozenset({StatusPower.ATTEND}),
            member_state=True,
        ),
        StatusKind(
            StateStatus.FROZEN,
            Bilingual("participation frozen by the state", "участие заморожено государством"),
            frozenset(),
            member_state=True,
        ),
        StatusKind(
            StateStatus.PARTNER,
            Bilingual("partner", "партнёр"),
            frozenset({StatusPower.ATTEND, StatusPower.SPEAK}),
            sees_up_to=Classification.RESTRICTED,
            sees_releases=frozenset({EVERYONE, MEMBERS_AND_PARTNERS}),
        ),
        StatusKind(
            StateStatus.OBSERVER,
            Bilingual("observer", "наблюдатель"),
            frozenset({StatusPower.ATTEND}),
        ),
        StatusKind(StateStatus.FORMER, Bilingual("former member", "бывший член")),
    )
}
NO_STATUS = StatusKind("", Bilingual("no status", "нет статуса"))


def kind_named(kinds: dict[str, StatusKind], status: str | None) -> StatusKind:
    """The definition of ``status`` (no powers at all for no status or an undeclared one)."""
    if status is None:
        return NO_STATUS
    return kinds.get(status) or DEFAULT_KINDS.get(status) or NO_STATUS


def holding_power(
    kinds: dict[str, StatusKind], spans: tuple, power: str, on: datetime.date, *, member_state: bool = False
) -> list[str]:
    """Codes of the states whose status on ``on`` gives ``power`` (or, with ``member_state``, that
    are parties to the Treaty whatever their powers)."""
    found = set()
    for span in spans:
        if not span.covers(on):
            continue
        kind = kind_named(kinds, span.status)
        if kind.may(power) or (member_state and kind.member_state):
            found.add(span.state)
    return sorted(found)

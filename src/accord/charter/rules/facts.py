"""The plain data the charter's rules read: a snapshot of what is recorded, with no Django.

:func:`accord.charter.facts.load_facts` fills a :class:`CharterFacts` from the database; tests and
the property checks build one by hand.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field
from typing import Any

from accord.charter.rules.status_kinds import DEFAULT_KINDS, StatusKind, holding_power, kind_named
from accord.core.answers import Bilingual
from accord.core.labels import DatePrecision


@dataclass(frozen=True)
class FuzzyDate:
    """A date known to the day, the month, the year, or only as a latest possible date ("by")."""

    value: datetime.date
    precision: str = DatePrecision.DAY
    not_before: datetime.date | None = None

    def earliest(self) -> datetime.date | None:
        """The first day it can have been, or None when only a latest date is known."""
        if self.precision == DatePrecision.BY:
            return self.not_before
        if self.precision == DatePrecision.MONTH:
            return self.value.replace(day=1)
        if self.precision == DatePrecision.YEAR:
            return self.value.replace(month=1, day=1)
        return self.value

    def latest(self) -> datetime.date:
        """The last day it can have been."""
        if self.precision == DatePrecision.MONTH:
            last_day = calendar.monthrange(self.value.year, self.value.month)[1]
            return self.value.replace(day=last_day)
        if self.precision == DatePrecision.YEAR:
            return self.value.replace(month=12, day=31)
        return self.value

    def happened_by(self, on: datetime.date) -> bool | None:
        """Whether it had happened on ``on``: True, False, or None when the record cannot tell."""
        if self.latest() <= on:
            return True
        earliest = self.earliest()
        if earliest is not None and earliest > on:
            return False
        return None

    def __str__(self) -> str:
        if self.precision == DatePrecision.YEAR:
            return f"{self.value.year}"
        if self.precision == DatePrecision.MONTH:
            return f"{self.value:%Y-%m}"
        if self.precision == DatePrecision.BY and self.not_before:
            return f"{self.not_before.isoformat()} … {self.value.isoformat()}"
        if self.precision == DatePrecision.BY:
            return f"≤ {self.value.isoformat()}"
        return self.value.isoformat()


@dataclass(frozen=True)
class StateInfo:
    """A state as the rules need it."""

    code: str
    name: Bilingual
    un_member_since: datetime.date | None = None
    gwno: int | None = None


@dataclass(frozen=True)
class StatusSpan:
    """A status held over ``[start, end)``; an empty start means "since a date not recorded"."""

    state: str
    status: str
    start: datetime.date | None
    end: datetime.date | None = None
    sources: tuple[str, ...] = ()
    start_precision: str = DatePrecision.DAY

    def covers(self, on: datetime.date) -> bool:
        """Whether the status held on ``on``."""
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True)
class Rotation:
    """How a chairmanship or a post passes between member states."""

    key: str
    order_kind: str
    term_years: int
    when_suspended: str = "skip"
    order_language: str = "ru"
    explicit_order: tuple[str, ...] = ()
    term_starts: tuple[int, int] = (1, 1)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChairRecord:
    """A recorded chairmanship."""

    year: int
    state: str
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class PostInfo:
    """A post and the rotation it follows."""

    key: str
    name: Bilingual
    rotation: str | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class AppointmentRecord:
    """A recorded appointment to a post."""

    post: str
    person: Bilingual
    state: str
    start: datetime.date
    end: datetime.date | None = None
    acting: bool = False
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Participation:
    """A state's signature and ratification of an instrument."""

    state: str
    signed: FuzzyDate | None = None
    ratified: FuzzyDate | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class InstrumentInfo:
    """An instrument and how it enters into force."""

    key: str
    title: Bilingual
    entry_into_force: str
    adopted: FuzzyDate | None = None
    in_force_from: datetime.date | None = None
    participants: tuple[Participation, ...] = ()
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Criterion:
    """An admission criterion for a status."""

    status: str
    key: str
    kind: str
    description: Bilingual
    parameters: dict[str, Any] = field(default_factory=dict)
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class Relation:
    """Recorded diplomatic relations between two states."""

    states: frozenset[str]
    established: datetime.date | None = None
    broken_off: datetime.date | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class ConflictRecord:
    """One armed conflict in one year (UCDP/PRIO ACD)."""

    conflict_id: int
    year: int
    type_of_conflict: int
    location: str
    side_a: str
    side_b: str
    primary: frozenset[int] = frozenset()
    secondary: frozenset[int] = frozenset()


@dataclass(frozen=True)
class FactRecord:
    """A recorded yes/no fact about a state."""

    state: str
    key: str
    value: bool
    since: datetime.date | None = None
    sources: tuple[str, ...] = ()


@dataclass(frozen=True)
class CharterFacts:
    """Everything the rules know, as plain data."""

    states: dict[str, StateInfo] = field(default_factory=dict)
    statuses: tuple[StatusSpan, ...] = ()
    chairs: dict[int, ChairRecord] = field(default_factory=dict)
    chair_rotation: str | None = None
    rotations: dict[str, Rotation] = field(default_factory=dict)
    posts: dict[str, PostInfo] = field(default_factory=dict)
    appointments: tuple[AppointmentRecord, ...] = ()
    instruments: dict[str, InstrumentInfo] = field(default_factory=dict)
    criteria: tuple[Criterion, ...] = ()
    relations: tuple[Relation, ...] = ()
    conflicts: tuple[ConflictRecord, ...] = ()
    conflict_years: tuple[int, int] | None = None
    facts: tuple[FactRecord, ...] = ()
    status_kinds: dict[str, StatusKind] = field(default_factory=lambda: dict(DEFAULT_KINDS))
    un_source: str = "ref-un-members"
    conflict_source: str = "ref-ucdp-prio-acd"

    def kind(self, status: str | None) -> StatusKind:
        """What a status lets a state do, as the charter file says."""
        return kind_named(self.status_kinds, status)

    def holding(self, power: str, on: datetime.date, *, member_state: bool = False) -> list[str]:
        """The states whose status on ``on`` gives ``power`` (with ``member_state``: or that are
        parties to the Treaty)."""
        return holding_power(self.status_kinds, self.statuses, power, on, member_state=member_state)

    def name(self, code: str) -> Bilingual:
        """A state's names, or its code when the state is not known."""
        info = self.states.get(code)
        return info.name if info else Bilingual(code, code)

"""How bodies decide, and where programs stand: pure functions with reasons.

The decision rule comes from the body in the charter (consensus for every CSTO body), so another
organization's majority rule works the same way. Only members entitled to take part on the day
decide: a member whose participation is suspended neither blocks nor counts; partners speak in an
advisory capacity and observers attend, and neither decides.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from accord.charter.rules.status_kinds import DEFAULT_KINDS, kind_named
from accord.charter.rules.statuses import STATUS_LABELS
from accord.core.answers import Answer, Bilingual, Phrase, Reason, gettext_noop
from accord.core.labels import StateStatus, StatusPower

AGREE = "agree"
OBJECT = "object"
RESERVATION = "reservation"
ABSTAIN = "abstain"
POSITIONS = (AGREE, OBJECT, RESERVATION, ABSTAIN)

ADOPTED = "adopted"
NOT_ADOPTED = "not-adopted"
PENDING = "pending"

PLANNED = "planned"
UNDER_WAY = "under-way"
DONE = "done"
OVERDUE = "overdue"
DROPPED = "dropped"


@dataclass(frozen=True)
class Voter:
    """A state at a decision, with its status on the day and what the charter file lets that
    status do (``powers``: the shipped reading when not given); ``present`` is False for a party to
    the Treaty that did not take part because its status gives it no seat."""

    state: str
    name: Bilingual
    status: str | None
    powers: frozenset[str] | None = None
    sources: tuple[str, ...] = ()
    present: bool = True

    def may(self, power: str) -> bool:
        """Whether this voter's status gives ``power``."""
        powers = self.powers if self.powers is not None else kind_named(DEFAULT_KINDS, self.status).powers
        return power in powers


def decide(rule: str, voters: Iterable[Voter], positions: Mapping[str, str]) -> Answer:
    """The outcome of an agenda item under a body's decision rule, with who decided what."""
    voters = list(voters)
    entitled = [voter for voter in voters if voter.present and voter.may(StatusPower.DECIDE)]
    reasons = [
        non_deciding_reason(voter, positions.get(voter.state)) for voter in voters if voter not in entitled
    ]
    reasons = [reason for reason in reasons if reason is not None]
    for state in sorted(set(positions) - {voter.state for voter in voters if voter.present}):
        reasons.append(
            Reason(
                gettext_noop("%(state)s is not among the participants; its position is not counted."),
                {"state": state},
            )
        )
    if not entitled:
        reasons.append(Reason(gettext_noop("No member entitled to decide took part.")))
        return Answer(PENDING, tuple(reasons))
    if rule == "consensus":
        return consensus(entitled, positions, reasons)
    if rule in ("majority", "qualified-majority"):
        return majority(rule, entitled, positions, reasons)
    reasons.append(
        Reason(gettext_noop("This body does not take decisions (its rule: %(rule)s)."), {"rule": rule})
    )
    return Answer(PENDING, tuple(reasons))


def non_deciding_reason(voter: Voter, position: str | None) -> Reason | None:
    """Why a participant's position does not count (or why an absent party is not waited for)."""
    if not voter.present:
        return Reason(
            gettext_noop(
                "%(state)s (%(status)s) does not take part: the charter file does not let that status "
                "decide or block a consensus, so the decision is taken without it."
            ),
            {
                "state": voter.name,
                "status": Phrase(STATUS_LABELS.get(voter.status or "", voter.status or "")),
            },
            voter.sources,
        )
    if voter.status == StateStatus.SUSPENDED:
        return Reason(
            gettext_noop("%(state)s: participation suspended — it neither blocks nor counts."),
            {"state": voter.name},
        )
    if voter.status == StateStatus.PARTNER:
        return Reason(
            gettext_noop("%(state)s takes part as a partner, in an advisory capacity; it does not decide."),
            {"state": voter.name},
        )
    if voter.status == StateStatus.OBSERVER:
        return Reason(
            gettext_noop("%(state)s attends as an observer; it does not decide."), {"state": voter.name}
        )
    if voter.status:
        return Reason(
            gettext_noop("%(state)s (%(status)s): the charter file does not let that status decide."),
            {"state": voter.name, "status": Phrase(STATUS_LABELS.get(voter.status, voter.status))},
            voter.sources,
        )
    return Reason(gettext_noop("%(state)s holds no status that lets it decide."), {"state": voter.name})


def missing_positions(entitled: Iterable[Voter], positions: Mapping[str, str]) -> list[Voter]:
    """The members entitled to decide whose position is not recorded yet: until they have one, the
    item is not decided (silence is neither agreement nor objection)."""
    return [voter for voter in entitled if not positions.get(voter.state)]


def pending_for_missing(missing: list[Voter], reasons: list[Reason]) -> Answer:
    """Not yet decided, naming each member whose position is still missing."""
    reasons += [
        Reason(gettext_noop("%(state)s: position not yet recorded."), {"state": voter.name})
        for voter in missing
    ]
    reasons.append(
        Reason(
            gettext_noop("Not yet decided: %(count)s position(s) of members entitled to decide are missing."),
            {"count": len(missing)},
        )
    )
    return Answer(PENDING, tuple(reasons))


def consensus(entitled: list[Voter], positions: Mapping[str, str], reasons: list[Reason]) -> Answer:
    """Adopted only when every entitled member agrees (a reservation is agreement with a remark).

    An objection or an abstention settles it (no consensus) even while other positions are missing;
    otherwise a missing position leaves the item not yet decided.
    """
    objecting = [
        voter
        for voter in entitled
        if positions.get(voter.state) == OBJECT and voter.may(StatusPower.BLOCK_CONSENSUS)
    ]
    for voter in entitled:
        if positions.get(voter.state) == OBJECT and voter not in objecting:
            reasons.append(
                Reason(
                    gettext_noop(
                        "%(state)s objects, but the charter file does not let its status block a consensus."
                    ),
                    {"state": voter.name},
                    voter.sources,
                )
            )
    missing = missing_positions(entitled, positions)
    silent = [
        voter
        for voter in entitled
        if positions.get(voter.state) and positions.get(voter.state) not in (AGREE, RESERVATION, OBJECT)
    ]
    for voter in entitled:
        position = positions.get(voter.state)
        if position == RESERVATION:
            reasons.append(
                Reason(gettext_noop("%(state)s agrees with a reservation."), {"state": voter.name})
            )
    if objecting:
        reasons += [
            Reason(gettext_noop("%(state)s objects: no consensus."), {"state": voter.name})
            for voter in objecting
        ]
        return Answer(NOT_ADOPTED, tuple(reasons))
    if silent:
        reasons += [
            Reason(
                gettext_noop("%(state)s has not agreed (position: %(position)s)."),
                {"state": voter.name, "position": positions.get(voter.state) or "—"},
            )
            for voter in silent
        ]
        return Answer(NOT_ADOPTED, tuple(reasons))
    if missing:
        return pending_for_missing(missing, reasons)
    reasons.append(
        Reason(
            gettext_noop("All %(count)s members entitled to decide agree: adopted by consensus."),
            {"count": len(entitled)},
        )
    )
    return Answer(ADOPTED, tuple(reasons))


def majority(rule: str, entitled: list[Voter], positions: Mapping[str, str], reasons: list[Reason]) -> Answer:
    """Adopted when more than half (or two thirds, for a qualified majority) of the entitled members
    agree; not yet decided while the missing positions could still make the majority."""
    agreeing = sum(1 for voter in entitled if positions.get(voter.state) in (AGREE, RESERVATION))
    needed = len(entitled) // 2 + 1 if rule == "majority" else -(-2 * len(entitled) // 3)
    reasons.append(
        Reason(
            gettext_noop("%(agreeing)s of %(count)s members agree; %(needed)s needed."),
            {"agreeing": agreeing, "count": len(entitled), "needed": needed},
        )
    )
    missing = missing_positions(entitled, positions)
    if agreeing < needed and agreeing + len(missing) >= needed:
        return pending_for_missing(missing, reasons)
    return Answer(ADOPTED if agreeing >= needed else NOT_ADOPTED, tuple(reasons))


@dataclass(frozen=True)
class MeasureFacts:
    """What the status of a measure depends on."""

    deadline: datetime.date | None
    done_on: datetime.date | None = None
    dropped_on: datetime.date | None = None
    progress_dates: tuple[datetime.date, ...] = ()
    starts_on: datetime.date | None = None


def measure_status(measure: MeasureFacts, on: datetime.date) -> Answer:
    """Planned, under way, done, overdue or dropped, on a given date."""
    if measure.dropped_on is not None and measure.dropped_on <= on:
        return Answer(
            DROPPED, (Reason(gettext_noop("Dropped on %(date)s."), {"date": measure.dropped_on.isoformat()}),)
        )
    if measure.done_on is not None and measure.done_on <= on:
        late = measure.deadline is not None and measure.done_on > measure.deadline
        message = (
            gettext_noop("Done on %(date)s, after the deadline.")
            if late
            else gettext_noop("Done on %(date)s.")
        )
        return Answer(DONE, (Reason(message, {"date": measure.done_on.isoformat()}),))
    if measure.deadline is not None and measure.deadline < on:
        return Answer(
            OVERDUE,
            (
                Reason(
                    gettext_noop("The deadline %(deadline)s has passed and it is not done."),
                    {"deadline": measure.deadline.isoformat()},
                ),
            ),
        )
    reported = [day for day in measure.progress_dates if day <= on]
    if reported:
        return Answer(
            UNDER_WAY,
            (
                Reason(
                    gettext_noop("Progress reported, last on %(date)s."), {"date": max(reported).isoformat()}
                ),
            ),
        )
    if measure.starts_on is not None and measure.starts_on <= on:
        return Answer(
            UNDER_WAY,
            (Reason(gettext_noop("Under way since %(date)s."), {"date": measure.starts_on.isoformat()}),),
        )
    return Answer(PLANNED, (Reason(gettext_noop("Planned; no progress reported yet.")),))

"""A state's status on a date, who the members are, and in what capacity a state takes part."""

from __future__ import annotations

import datetime

from accord.charter.rules.facts import CharterFacts, StatusSpan
from accord.core.answers import Answer, Phrase, Reason, gettext_noop
from accord.core.labels import StateStatus, StatusPower

MEMBER = StateStatus.MEMBER
SUSPENDED = StateStatus.SUSPENDED
FROZEN = StateStatus.FROZEN
OBSERVER = StateStatus.OBSERVER
PARTNER = StateStatus.PARTNER
FORMER = StateStatus.FORMER
GRANTABLE_STATUSES = (OBSERVER, PARTNER, MEMBER)

STATUS_LABELS = {
    MEMBER: gettext_noop("member"),
    SUSPENDED: gettext_noop("participation suspended"),
    FROZEN: gettext_noop("participation frozen by the state"),
    OBSERVER: gettext_noop("observer"),
    PARTNER: gettext_noop("partner"),
    FORMER: gettext_noop("former member"),
}


def status_phrase(status: str) -> Phrase:
    """A status as a translatable phrase for a reason."""
    return Phrase(STATUS_LABELS.get(status, status))


def status_span_on(facts: CharterFacts, code: str, on: datetime.date) -> StatusSpan | None:
    """The recorded status interval of a state covering ``on``, if any."""
    for span in facts.statuses:
        if span.state == code and span.covers(on):
            return span
    return None


def status_of(facts: CharterFacts, code: str, on: datetime.date) -> Answer:
    """A state's status on a date, with the record it comes from."""
    span = status_span_on(facts, code, on)
    name = facts.name(code)
    if span is None:
        return Answer(
            None,
            (
                Reason(
                    gettext_noop("%(state)s holds no status in the organization on %(date)s."),
                    {"state": name, "date": on.isoformat()},
                ),
            ),
        )
    since = span.start.isoformat() if span.start else "…"
    if span.start and span.start_precision == "year":
        since = str(span.start.year)
    return Answer(
        span.status,
        (
            Reason(
                gettext_noop("%(state)s: %(status)s since %(since)s (recorded)."),
                {"state": name, "status": status_phrase(span.status), "since": since},
                span.sources,
            ),
        ),
    )


def members_on(facts: CharterFacts, on: datetime.date, *, include_suspended: bool = False) -> list[str]:
    """Codes of the members that decide on a date (the charter file's ``decide`` power); with
    ``include_suspended``, every party to the Treaty, whether or not it takes part."""
    return facts.holding(StatusPower.DECIDE, on, member_state=include_suspended)


def statuses_on(facts: CharterFacts, on: datetime.date) -> Answer:
    """The status of every state that holds one on a date."""
    codes = sorted({span.state for span in facts.statuses})
    value: dict[str, str] = {}
    reasons: list[Reason] = []
    for code in codes:
        answer = status_of(facts, code, on)
        if answer.value is not None:
            value[code] = answer.value
            reasons.extend(answer.reasons)
    return Answer(value, tuple(reasons))


def capacity_on(facts: CharterFacts, code: str, on: datetime.date) -> Answer:
    """The capacity in which a state takes part in a meeting (a session, a training, a consultation)
    on a date: its status that day, when the charter file lets that status attend; else None."""
    status = status_of(facts, code, on)
    if status.value is not None and facts.kind(status.value).may(StatusPower.ATTEND):
        return Answer(status.value, status.reasons)
    if status.value is None:
        reason = Reason(
            gettext_noop("%(state)s holds no status in the Organization on %(date)s and cannot take part."),
            {"state": facts.name(code), "date": on.isoformat()},
        )
    else:
        reason = Reason(
            gettext_noop(
                "%(state)s is %(status)s on %(date)s; the charter file does not let that status attend "
                "meetings, so it cannot take part."
            ),
            {"state": facts.name(code), "status": status_phrase(status.value), "date": on.isoformat()},
            facts.kind(status.value).sources,
        )
    return Answer(None, (*status.reasons, reason))


def may(facts: CharterFacts, code: str, on: datetime.date, power: str) -> Answer:
    """Whether a state's status on a date gives it ``power``, citing the charter file's rule."""
    status = status_of(facts, code, on)
    kind = facts.kind(status.value)
    allowed = kind.may(power)
    message = (
        gettext_noop("The charter file lets a state whose status is %(status)s %(power)s.")
        if allowed
        else gettext_noop("The charter file does not let a state whose status is %(status)s %(power)s.")
    )
    reason = Reason(
        message,
        {"status": status_phrase(status.value or "none"), "power": power_phrase(power)},
        kind.sources,
    )
    return Answer(allowed, (*status.reasons, reason))


POWER_LABELS = {
    StatusPower.DECIDE: gettext_noop("decide"),
    StatusPower.BLOCK_CONSENSUS: gettext_noop("block a consensus"),
    StatusPower.QUORUM: gettext_noop("count for a quorum"),
    StatusPower.SPEAK: gettext_noop("speak at meetings"),
    StatusPower.ATTEND: gettext_noop("attend meetings"),
    StatusPower.CHAIR: gettext_noop("chair"),
    StatusPower.SECRETARY_GENERAL: gettext_noop("take a turn for the Secretary General"),
    StatusPower.RATIFY: gettext_noop("be required to ratify"),
}


def power_phrase(power: str) -> Phrase:
    """A power as a translatable phrase for a reason."""
    return Phrase(POWER_LABELS.get(power, power))

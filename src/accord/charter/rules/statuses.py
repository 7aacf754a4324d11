"""A state's status on a date, who the members are, and in what capacity a state takes part."""

from __future__ import annotations

import datetime

from accord.charter.rules.facts import CharterFacts, StatusSpan
from accord.core.answers import Answer, Phrase, Reason, gettext_noop
from accord.core.labels import StateStatus

MEMBER = StateStatus.MEMBER
SUSPENDED = StateStatus.SUSPENDED
OBSERVER = StateStatus.OBSERVER
PARTNER = StateStatus.PARTNER
FORMER = StateStatus.FORMER
GRANTABLE_STATUSES = (OBSERVER, PARTNER, MEMBER)

STATUS_LABELS = {
    MEMBER: gettext_noop("member"),
    SUSPENDED: gettext_noop("participation suspended"),
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
    """Codes of the member states on a date (optionally with those whose participation is suspended)."""
    wanted = {MEMBER, SUSPENDED} if include_suspended else {MEMBER}
    return sorted({span.state for span in facts.statuses if span.status in wanted and span.covers(on)})


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


# The statuses that give a seat at a meeting; each is also the capacity the state sits in (a member
# delegation, a partner in an advisory capacity, an observer attending, a member whose participation
# is suspended). A former member and a state with no status have no seat.
PARTICIPATING_STATUSES = (MEMBER, PARTNER, OBSERVER, SUSPENDED)


def capacity_on(facts: CharterFacts, code: str, on: datetime.date) -> Answer:
    """The capacity in which a state takes part in a meeting (a session, a training, a consultation)
    on a date: the one its status that day gives it, or None when it has no seat."""
    status = status_of(facts, code, on)
    if status.value in PARTICIPATING_STATUSES:
        return Answer(status.value, status.reasons)
    reason = Reason(
        gettext_noop("%(state)s holds no status in the Organization on %(date)s and cannot take part."),
        {"state": facts.name(code), "date": on.isoformat()},
    )
    return Answer(None, (*status.reasons, reason))

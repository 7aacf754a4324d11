"""Whether an instrument is in force on a date, and whose ratifications it waits for."""

from __future__ import annotations

import datetime
from typing import Any

from accord.charter.rules.facts import CharterFacts, InstrumentInfo
from accord.charter.rules.statuses import members_on, status_phrase, status_span_on
from accord.core.answers import Answer, Reason, gettext_noop
from accord.core.labels import StatusPower


def instrument_status_on(facts: CharterFacts, key: str, on: datetime.date) -> Answer:
    """Whether an instrument is in force on a date, and whose ratifications are missing."""
    instrument = facts.instruments.get(key)
    if instrument is None:
        return Answer(None, (Reason(gettext_noop("No instrument %(key)s is recorded."), {"key": key}),))
    value: dict[str, Any] = {"instrument": key, "in_force": None, "missing": [], "unknown": []}
    if instrument.adopted is not None and instrument.adopted.happened_by(on) is False:
        value["in_force"] = False
        return Answer(
            value,
            (
                Reason(
                    gettext_noop("%(title)s had not been adopted by %(date)s (adopted %(adopted)s)."),
                    {"title": instrument.title, "date": on.isoformat(), "adopted": str(instrument.adopted)},
                    instrument.sources,
                ),
            ),
        )
    if instrument.entry_into_force == "on-date":
        return instrument_in_force_by_date(instrument, on, value)
    return instrument_in_force_by_ratification(facts, instrument, on, value)


def instrument_in_force_by_date(
    instrument: InstrumentInfo, on: datetime.date, value: dict[str, Any]
) -> Answer:
    """An instrument that enters into force on a recorded date."""
    start = instrument.in_force_from
    if start is None:
        reason = Reason(
            gettext_noop("No date of entry into force is recorded for %(title)s."),
            {"title": instrument.title},
            instrument.sources,
        )
        return Answer(value, (reason,))
    value["in_force"] = start <= on
    message = (
        gettext_noop("%(title)s is in force since %(start)s.")
        if start <= on
        else gettext_noop("%(title)s enters into force on %(start)s.")
    )
    return Answer(
        value, (Reason(message, {"title": instrument.title, "start": start.isoformat()}, instrument.sources),)
    )


def instrument_in_force_by_ratification(
    facts: CharterFacts, instrument: InstrumentInfo, on: datetime.date, value: dict[str, Any]
) -> Answer:
    """An instrument that enters into force once every member state has ratified it."""
    required = facts.holding(StatusPower.RATIFY, on)
    by_state = {item.state: item for item in instrument.participants}
    reasons = [
        Reason(
            gettext_noop(
                "%(title)s enters into force when every member state has ratified it; "
                "members on %(date)s: %(members)s."
            ),
            {"title": instrument.title, "date": on.isoformat(), "members": ", ".join(required)},
            instrument.sources,
        )
    ]
    for code in required:
        participation = by_state.get(code)
        ratified = participation.ratified if participation else None
        done = ratified.happened_by(on) if ratified else False
        sources = participation.sources if participation else ()
        if done is True:
            reasons.append(
                Reason(
                    gettext_noop("%(state)s ratified it (%(when)s)."),
                    {"state": facts.name(code), "when": str(ratified)},
                    sources,
                )
            )
        elif done is False:
            value["missing"].append(code)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s had not ratified it by %(date)s."),
                    {"state": facts.name(code), "date": on.isoformat()},
                    sources,
                )
            )
        else:
            value["unknown"].append(code)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s ratified it %(when)s; whether before %(date)s is not recorded."),
                    {"state": facts.name(code), "when": str(ratified), "date": on.isoformat()},
                    sources,
                )
            )
    not_awaited = sorted(set(members_on(facts, on, include_suspended=True)) - set(required))
    for code in not_awaited:
        span = status_span_on(facts, code, on)
        status = span.status if span else None
        reasons.append(
            Reason(
                gettext_noop("%(state)s's status (%(status)s) does not make its ratification awaited."),
                {"state": facts.name(code), "status": status_phrase(status or "none")},
                facts.kind(status).sources,
            )
        )
    if value["missing"]:
        value["in_force"] = False
    elif value["unknown"]:
        value["in_force"] = None
    else:
        value["in_force"] = bool(required)
    return Answer(value, tuple(reasons))


def pending_instruments(facts: CharterFacts, on: datetime.date) -> list[tuple[InstrumentInfo, Answer]]:
    """Instruments awaiting ratification on a date (not in force, some ratifications missing)."""
    pending = []
    for key, instrument in sorted(facts.instruments.items()):
        if instrument.entry_into_force != "all-members-ratify":
            continue
        answer = instrument_status_on(facts, key, on)
        if (
            answer.value
            and answer.value["in_force"] is not True
            and (answer.value["missing"] or answer.value["unknown"])
        ):
            pending.append((instrument, answer))
    return pending

"""Whether a state may be granted a status on a date, criterion by criterion."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from accord.charter.rules.facts import CharterFacts, Criterion, Relation
from accord.charter.rules.instruments import instrument_status_on
from accord.charter.rules.statuses import (
    GRANTABLE_STATUSES,
    members_on,
    status_of,
    status_phrase,
)
from accord.core.answers import Answer, Reason, gettext_noop

MET = "met"
NOT_MET = "not-met"
UNKNOWN = "unknown"
ELIGIBLE = "eligible"
NOT_ELIGIBLE = "not-eligible"
UNDETERMINED = "undetermined"

INTERSTATE = 2


@dataclass(frozen=True)
class CriterionResult:
    """One criterion's outcome for one state on one date."""

    criterion: Criterion
    result: str
    reasons: tuple[Reason, ...]


def eligibility(facts: CharterFacts, code: str, status: str, on: datetime.date) -> Answer:
    """Whether a state may be granted a status on a date, criterion by criterion."""
    if status not in GRANTABLE_STATUSES:
        raise ValueError(f"status must be one of {', '.join(GRANTABLE_STATUSES)}, not {status!r}")
    current = status_of(facts, code, on)
    criteria = [item for item in facts.criteria if item.status == status]
    results = [evaluate_criterion(facts, item, code, on) for item in criteria]
    reasons: list[Reason] = list(current.reasons)
    # A party to the Treaty (a member, suspended or not taking part) is granted no other status.
    blocked = current.value == status or facts.kind(current.value).member_state
    if blocked:
        reasons.append(
            Reason(
                gettext_noop("%(state)s already is %(status)s; the status cannot be granted to it."),
                {"state": facts.name(code), "status": status_phrase(current.value)},
            )
        )
    if not criteria:
        reasons.append(
            Reason(
                gettext_noop("No admission criteria are recorded for the status %(status)s."),
                {"status": status_phrase(status)},
            )
        )
    outcome = overall_outcome([item.result for item in results], blocked, bool(criteria))
    for item in results:
        reasons.extend(item.reasons)
    value = {
        "state": code,
        "status": status,
        "on": on.isoformat(),
        "answer": outcome,
        "criteria": [
            {
                "key": item.criterion.key,
                "reasons": list(item.reasons),
                "description": item.criterion.description.en,
                "description_ru": item.criterion.description.ru,
                "result": item.result,
                "sources": list(item.criterion.sources),
            }
            for item in results
        ],
        "missing": [item.criterion.key for item in results if item.result == UNKNOWN],
    }
    return Answer(value, tuple(reasons))


def overall_outcome(results: Iterable[str], blocked: bool, has_criteria: bool) -> str:
    """Not eligible if anything is unmet; undetermined if anything is unknown; else eligible."""
    results = list(results)
    if blocked or NOT_MET in results:
        return NOT_ELIGIBLE
    if UNKNOWN in results or not has_criteria:
        return UNDETERMINED
    return ELIGIBLE


def evaluate_criterion(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> CriterionResult:
    """Dispatch a criterion to the check for its kind."""
    checks = {
        "un-member": check_un_member,
        "relations-with-all-members": check_relations_with_members,
        "no-interstate-conflict": check_no_interstate_conflict,
        "instrument-in-force": check_instrument_in_force,
        "recorded-fact": check_recorded_fact,
    }
    check = checks.get(criterion.kind)
    if check is None:
        reason = Reason(
            gettext_noop("Criterion %(key)s has a kind the rules do not know: %(kind)s."),
            {"key": criterion.key, "kind": criterion.kind},
        )
        return CriterionResult(criterion, UNKNOWN, (reason,))
    result, reasons = check(facts, criterion, code, on)
    return CriterionResult(criterion, result, tuple(reasons))


def check_un_member(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """Member of the United Nations on the date."""
    info = facts.states.get(code)
    since = info.un_member_since if info else None
    name = facts.name(code)
    if since is not None and since <= on:
        return MET, [
            Reason(
                gettext_noop("%(state)s is a member of the United Nations since %(since)s."),
                {"state": name, "since": since.isoformat()},
                (facts.un_source,),
            )
        ]
    if since is not None:
        return NOT_MET, [
            Reason(
                gettext_noop("%(state)s joined the United Nations only on %(since)s."),
                {"state": name, "since": since.isoformat()},
                (facts.un_source,),
            )
        ]
    return NOT_MET, [
        Reason(
            gettext_noop("%(state)s is not a member of the United Nations."),
            {"state": name},
            (facts.un_source,),
        )
    ]


def relation_between(facts: CharterFacts, first: str, second: str) -> Relation | None:
    """The recorded relation between two states, if any."""
    pair = frozenset((first, second))
    for relation in facts.relations:
        if relation.states == pair:
            return relation
    return None


def check_relations_with_members(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """Diplomatic relations with every member state, as recorded; unrecorded pairs are unknown."""
    name = facts.name(code)
    reasons: list[Reason] = []
    results: list[str] = []
    for member in members_on(facts, on):
        if member == code:
            continue
        relation = relation_between(facts, code, member)
        if relation is None:
            results.append(UNKNOWN)
            reasons.append(
                Reason(
                    gettext_noop(
                        "Diplomatic relations between %(state)s and %(member)s: unknown (none recorded)."
                    ),
                    {"state": name, "member": facts.name(member)},
                )
            )
        elif relation.broken_off is not None and relation.broken_off <= on:
            results.append(NOT_MET)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s and %(member)s broke off diplomatic relations on %(date)s."),
                    {"state": name, "member": facts.name(member), "date": relation.broken_off.isoformat()},
                    relation.sources,
                )
            )
        elif relation.established is not None and relation.established > on:
            results.append(NOT_MET)
            reasons.append(
                Reason(
                    gettext_noop(
                        "%(state)s and %(member)s established diplomatic relations only on %(date)s."
                    ),
                    {"state": name, "member": facts.name(member), "date": relation.established.isoformat()},
                    relation.sources,
                )
            )
        else:
            results.append(MET)
            reasons.append(
                Reason(
                    gettext_noop("%(state)s and %(member)s have diplomatic relations (recorded)."),
                    {"state": name, "member": facts.name(member)},
                    relation.sources,
                )
            )
    return combine(results), reasons


def combine(results: Sequence[str]) -> str:
    """Not met if any part is unmet, unknown if any is unknown, else met."""
    if NOT_MET in results:
        return NOT_MET
    if UNKNOWN in results:
        return UNKNOWN
    return MET


def check_no_interstate_conflict(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """No interstate armed conflict in the UCDP/PRIO data in the date's year or the years before."""
    years_back = int(criterion.parameters.get("years_back", 1))
    years = list(range(on.year - years_back, on.year + 1))
    info = facts.states.get(code)
    name = facts.name(code)
    if info is None or info.gwno is None:
        return UNKNOWN, [
            Reason(
                gettext_noop("%(state)s has no Gleditsch-Ward number to match against the conflict data."),
                {"state": name},
            )
        ]
    coverage = facts.conflict_years
    uncovered = [year for year in years if coverage is None or not coverage[0] <= year <= coverage[1]]
    found = [
        conflict
        for conflict in facts.conflicts
        if conflict.year in years
        and conflict.type_of_conflict == INTERSTATE
        and info.gwno in conflict.primary | conflict.secondary
    ]
    reasons = [
        Reason(
            gettext_noop(
                "%(year)s: %(state)s was party to the interstate armed conflict %(conflict)s "
                "(%(side_a)s vs %(side_b)s)."
            ),
            {
                "year": conflict.year,
                "state": name,
                "conflict": conflict.conflict_id,
                "side_a": conflict.side_a,
                "side_b": conflict.side_b,
            },
            (facts.conflict_source,),
        )
        for conflict in found
    ]
    if found:
        return NOT_MET, reasons
    if uncovered:
        span = f"{coverage[0]}–{coverage[1]}" if coverage else "—"
        return UNKNOWN, [
            Reason(
                gettext_noop("The armed conflict data cover %(span)s; nothing is known for %(years)s."),
                {"span": span, "years": ", ".join(str(year) for year in uncovered)},
                (facts.conflict_source,),
            )
        ]
    return MET, [
        Reason(
            gettext_noop("%(state)s was party to no interstate armed conflict in %(years)s."),
            {"state": name, "years": ", ".join(str(year) for year in years)},
            (facts.conflict_source,),
        )
    ]


def check_instrument_in_force(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """The instrument that creates the status is in force on the date."""
    answer = instrument_status_on(facts, str(criterion.parameters.get("instrument", "")), on)
    in_force = answer.value["in_force"] if isinstance(answer.value, dict) else None
    result = MET if in_force is True else NOT_MET if in_force is False else UNKNOWN
    return result, list(answer.reasons)


def check_recorded_fact(
    facts: CharterFacts, criterion: Criterion, code: str, on: datetime.date
) -> tuple[str, list[Reason]]:
    """A yes/no fact recorded about the state (e.g. ready to accept the Charter's obligations)."""
    key = str(criterion.parameters.get("fact", criterion.key))
    name = facts.name(code)
    for fact in facts.facts:
        if fact.state == code and fact.key == key and (fact.since is None or fact.since <= on):
            message = (
                gettext_noop("Recorded for %(state)s: %(criterion)s — yes.")
                if fact.value
                else gettext_noop("Recorded for %(state)s: %(criterion)s — no.")
            )
            return (MET if fact.value else NOT_MET), [
                Reason(message, {"state": name, "criterion": criterion.description}, fact.sources)
            ]
    return UNKNOWN, [
        Reason(
            gettext_noop("Not recorded for %(state)s: %(criterion)s."),
            {"state": name, "criterion": criterion.description},
        )
    ]
